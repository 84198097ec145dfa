/**
 * Bridges a Y.Doc to Solid: a version signal bumped once per burst of updates. Screens derive
 * what they show with `createDocQuery` over the domain's pure queries, so the Y.Doc stays the only
 * source of truth and the UI never keeps a second copy to drift.
 */
import { type Accessor, createMemo, createSignal, onCleanup } from 'solid-js';
import type * as Y from 'yjs';

export function createDocVersion(doc: Y.Doc | readonly Y.Doc[]): Accessor<number> {
  const docs: readonly Y.Doc[] = Array.isArray(doc) ? doc : [doc as Y.Doc];
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
  for (const d of docs) d.on('update', bump);
  onCleanup(() => {
    for (const d of docs) d.off('update', bump);
  });
  return version;
}

/**
 * A query over one or more docs, re-run once per burst of their updates (and whenever a signal it
 * reads changes): `createDocQuery(store.doc, (doc) => listPeople(doc))`. Replaces the hand-wired
 * "version signal + memo that reads it" pair. With several docs, pass them as an array; the query
 * receives the same array. `equals` is Solid's memo option (default: re-render on every run).
 */
export function createDocQuery<D extends Y.Doc | readonly Y.Doc[], T>(
  docs: D,
  query: (docs: D) => T,
  options?: { equals?: false | ((prev: T, next: T) => boolean) },
): Accessor<T> {
  const version = createDocVersion(docs);
  return createMemo(
    () => {
      version();
      return query(docs);
    },
    undefined,
    { equals: options?.equals ?? false },
  );
}
