/**
 * Compaction: a reader caught up to the head of a long log uploads the whole doc, sealed in parts,
 * as the mailbox's snapshot covering that head; the server then drops every entry it covers
 * (docs/mailbox.md, "Snapshots"). A fresh device downloads one snapshot plus a short tail.
 *
 * What must stay true: the snapshot holds at least everything up to `covers` (the doc has applied
 * every entry up to it); it may hold more (local changes not yet appended), which is harmless.
 */
import type * as Y from 'yjs';
import { encodeStateAsUpdates } from '../wire/state-split';
import type { MailboxConnection } from './connection';
import { encodeSnapshot } from './entry';
import type { MailboxKeys } from './keys';
import { sealMailbox } from './seal';

/** When a log is long enough to compact (docs/mailbox.md). */
export const COMPACT_AFTER_ENTRIES = 200;
export const COMPACT_AFTER_BYTES = 4 * 1024 * 1024;
/** Size each Yjs update of a snapshot aims for. */
const SNAPSHOT_UPDATE_BYTES = 1024 * 1024;

/**
 * Seals the doc and the seen map and uploads them as the snapshot covering `covers`. Resolves with
 * the covers the server installed.
 *
 * @throws SyncError from the connection (e.g. 'stale-snapshot', 'busy', 'quota').
 */
export async function uploadSnapshot(
  conn: MailboxConnection,
  keys: MailboxKeys,
  doc: Y.Doc,
  seen: Record<string, number>,
  covers: number,
): Promise<number> {
  const updates = encodeStateAsUpdates(doc, undefined, SNAPSHOT_UPDATE_BYTES);
  const plain = encodeSnapshot({ seen, updates });
  const sealed: Uint8Array[] = [];
  for (const p of plain) sealed.push(await sealMailbox(keys.sealKey, keys.mailboxId, 'snapshot', p));
  return conn.uploadSnapshot(covers, sealed);
}

/**
 * True when `doc` holds nothing waiting for a missing predecessor: every struct and deletion it
 * received is integrated. A doc that is not whole must not become the log's snapshot: the updates
 * it still waits for would be dropped from the mailbox with the entries the snapshot covers.
 */
export function isWhole(doc: Y.Doc): boolean {
  return doc.store.pendingStructs === null && doc.store.pendingDs === null;
}
