/**
 * The turn of the event loop that work cut into slices gives between slices, shared by every layer
 * that slices (storage's load, sync's mailbox receiver, the app's sliced passes): `scheduler.yield`
 * where it exists, else a `MessageChannel` message — not `setTimeout`, whose nested calls are
 * clamped to 4 ms and which fake timers stop. A layer of its own (src/platform) because storage and
 * sync may not import each other; it imports nothing.
 */

/** Gives the event loop a turn (input, paint, timers) before the next slice. */
export function nextTask(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
