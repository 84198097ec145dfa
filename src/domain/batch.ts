/**
 * All-or-nothing batches of commands (an import of thousands of people, for instance).
 *
 * What must stay true: Yjs cannot roll a transaction back, and a batch is many commands. So the
 * batch never runs on the live doc. It runs on a scratch copy that carries the live doc's client
 * id (its new items continue the live doc's own clock, exactly as if the live doc had made them),
 * and only when every command succeeded is the difference applied to the live doc as ONE update
 * in ONE transaction, tagged with the context's origin. If any command fails or throws, the scratch
 * copy is dropped and the live doc has not changed at all: no half-import is possible.
 *
 * Nothing may write to the live doc between the copy and the apply; the whole function is
 * synchronous, so nothing can.
 */
import * as Y from 'yjs';
import { type CommandContext, checkWritable, LOCAL_ORIGIN } from './context';
import { DomainError } from './errors';
import { encodeBase64Url, ID_BYTES } from './ids';
import { err, ok, type Result } from './result';

/** What a batch reports besides its own value. */
export interface BatchOutcome<T> {
  readonly value: T;
  /** Bytes of the one update applied to the live doc (0 when the batch changed nothing). */
  readonly updateBytes: number;
}

/**
 * Runs `body` against a scratch copy of `doc`; `body` calls ordinary commands on the doc it is
 * given and throws (or calls `must`) on the first failure. On success the changes reach `doc` as
 * one update in one transaction with origin `ctx.origin` (default `LOCAL_ORIGIN`); on failure
 * `doc` is untouched and the error is returned.
 * @example
 * const r = runBatch(doc, ctx, (scratch) => {
 *   for (const input of rows) must(createPerson(scratch, input, ctx));
 *   return rows.length;
 * });
 */
export function runBatch<T>(
  doc: Y.Doc,
  ctx: CommandContext,
  body: (scratch: Y.Doc) => T,
): Result<BatchOutcome<T>> {
  try {
    checkWritable(doc, ctx.by);
  } catch (e) {
    if (e instanceof DomainError) return err(e);
    throw e;
  }
  let diff: Uint8Array | null = null;
  let value: T;
  const scratch = new Y.Doc({ gc: doc.gc });
  scratch.clientID = doc.clientID;
  try {
    const copy = Y.encodeStateAsUpdateV2(doc);
    applyOwnUpdate(scratch, copy, null);
    let tx: Y.Transaction | null = null;
    scratch.transact((tr) => {
      tx = tr;
      value = body(scratch);
    });
    // No 'update' listener on the copy: Yjs would encode the whole batch once more just for it.
    if (changedIn(tx)) diff = Y.encodeStateAsUpdateV2(scratch, Y.encodeStateVector(doc));
  } catch (e) {
    if (e instanceof DomainError) return err(e);
    throw e;
  } finally {
    scratch.destroy(); // before the apply: the copy's memory is garbage from here on
  }
  if (diff === null) return ok({ value: value!, updateBytes: 0 });
  const update = diff;
  applyOwnUpdate(doc, update, ctx.origin ?? LOCAL_ORIGIN);
  return ok({ value: value!, updateBytes: update.length });
}

/** Whether a finished transaction added or deleted anything. */
function changedIn(tr: Y.Transaction | null): boolean {
  if (tr === null) return false;
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/**
 * Applies an update whose new items carry `doc`'s own client id, in one LOCAL transaction.
 * `applyUpdate` marks its transaction remote, and Yjs answers remote items under its own id by
 * re-rolling the doc's client id ("another client seems to be using it"); these items are this
 * doc's own edits, so the transaction is marked local again before it ends.
 */
function applyOwnUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  doc.transact((tr) => {
    Y.applyUpdateV2(doc, update);
    tr.local = true;
  }, origin);
}

/**
 * A source of fresh random ids for a batch: one `getRandomValues` call for many ids instead of
 * one per record. Ids are exactly as random as `newId`'s (128 bits each, base64url).
 */
export function idPool(size = 1024): () => string {
  let bytes = new Uint8Array(0);
  let at = 0;
  return () => {
    if (at + ID_BYTES > bytes.length) {
      bytes = new Uint8Array(ID_BYTES * size);
      globalThis.crypto.getRandomValues(bytes);
      at = 0;
    }
    const id = encodeBase64Url(bytes.subarray(at, at + ID_BYTES));
    at += ID_BYTES;
    return id;
  };
}

/** Unwraps a command's result inside a batch, failing the whole batch on an error. */
export function must<T>(r: Result<T>): T {
  if (!r.ok) throw r.error;
  return r.value;
}
