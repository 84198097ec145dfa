/**
 * A screen that derives a lot from a big campaign mounts its sections in stages, one task each,
 * instead of building everything in one long main-thread task: `stage()` starts at 0 and goes up by
 * one per macrotask until `last`. Gate a section with `<Show when={stage() >= n}>`; what it shows
 * is the same as when mounted at once, it only appears a few milliseconds later.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js';

/** The current stage, advanced once per task (a `MessageChannel` message: no timer clamping). */
export function createStages(last: number): Accessor<number> {
  const [stage, setStage] = createSignal(0);
  const channel = new MessageChannel();
  let stopped = false;
  channel.port1.onmessage = () => {
    if (stopped) return;
    setStage((s) => s + 1);
    if (stage() < last) channel.port2.postMessage(null);
  };
  if (last > 0) channel.port2.postMessage(null);
  onCleanup(() => {
    stopped = true;
    channel.port1.close();
  });
  return stage;
}
