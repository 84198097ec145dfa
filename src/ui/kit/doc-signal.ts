/**
 * Bridges a Y.Doc to Solid: a version signal bumped once per burst of updates. Screens derive
 * what they show with createMemo over the domain's pure queries, so the Y.Doc stays the only
 * source of truth and the UI never keeps a second copy to drift.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import type * as Y from 'yjs';

export function createDocVersion(doc: Y.Doc): Accessor<number> {
  const [version, setVersion] = createSignal(0);
  let queued = false;
  const bump = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      setVersion((v) => v + 1);
    });
  };
  doc.on('update', bump);
  onCleanup(() => doc.off('update', bump));
  return version;
}
