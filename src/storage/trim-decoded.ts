/**
 * Decoded Yjs content held at its exact size. Yjs decodes each `ContentAny` (a map field's value,
 * a conversation record) into an array that grows by `push`, and V8 gives such an array room for
 * 17 values when it holds one: about 150 bytes of spare room for every field of every record. At
 * 8,000 people that is a sixth of the campaign's heap, at 30,000 about 80 MB.
 *
 * {@link trimDecodedContent} watches a doc's transactions (a load, a peer's update, a catch-up, an
 * edit): after each, every struct it added that holds a `ContentAny` gets an exact-size copy of its
 * array (`slice`). Every transaction, not only remote ones: the store's load applies its rows
 * inside transactions of its own, which Yjs marks local; a local edit's few structs cost a few
 * small copies. What must stay true: the copy holds the same values in the same order, so nothing
 * any reader sees changes; only the spare room is freed.
 */
import * as Y from 'yjs';

/** Trims the structs a transaction added; returns the number of arrays replaced. */
export function trimTransaction(doc: Y.Doc, tr: Y.Transaction): number {
  let trimmed = 0;
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    const last = structs.at(-1);
    if (!last || last.id.clock + last.length <= before) continue;
    for (let i = before === 0 ? 0 : Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i];
      if (s instanceof Y.Item && s.content instanceof Y.ContentAny) {
        s.content.arr = s.content.arr.slice();
        trimmed++;
      }
    }
  }
  return trimmed;
}

/** Trims what every later transaction of `doc` adds; returns the function that stops it. */
export function trimDecodedContent(doc: Y.Doc): () => void {
  const onTransaction = (tr: Y.Transaction) => {
    trimTransaction(doc, tr);
  };
  doc.on('afterTransaction', onTransaction);
  return () => doc.off('afterTransaction', onTransaction);
}
