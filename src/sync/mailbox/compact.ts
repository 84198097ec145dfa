/**
 * Compaction: a reader caught up to the head of a long log uploads the whole doc, sealed in parts,
 * as the mailbox's snapshot covering that head; the server then drops every entry it covers
 * (docs/mailbox.md, "Snapshots"). A fresh device downloads one snapshot plus a short tail.
 *
 * What must stay true: the snapshot holds at least everything up to `covers` (the doc has applied
 * every entry up to it); it may hold more (local changes not yet appended), which is harmless.
 */
import * as Y from 'yjs';
import type { Authorship } from '../authorship';
import { MEMBERSHIP_COLLECTION } from '../members/devices';
import { encodeStateAsUpdates } from '../wire/state-split';
import type { MailboxConnection } from './connection';
import { encodeSnapshot } from './entry';
import type { MailboxKeys } from './keys';
import { sealMailbox } from './seal';
import { signSnapshotParts } from './snapshot-sign';

/** When a log is long enough to compact (docs/mailbox.md). */
export const COMPACT_AFTER_ENTRIES = 200;
export const COMPACT_AFTER_BYTES = 4 * 1024 * 1024;
/** Size each Yjs update of a snapshot aims for. */
const SNAPSHOT_UPDATE_BYTES = 1024 * 1024;

/**
 * Seals the doc and the seen map and uploads them as the snapshot covering `covers`. Resolves with
 * the covers the server installed. With `signer` (the app always passes one) every part is signed
 * by this device (snapshot-sign.ts); without, the snapshot goes unsigned (tools and tests).
 *
 * @throws SyncError from the connection (e.g. 'stale-snapshot', 'busy', 'quota').
 */
export async function uploadSnapshot(
  conn: MailboxConnection,
  keys: MailboxKeys,
  doc: Y.Doc,
  seen: Record<string, number>,
  covers: number,
  signer?: { readonly authorship?: Authorship | null; readonly deviceId: string } | null,
): Promise<number> {
  const updates = encodeStateAsUpdates(doc, undefined, SNAPSHOT_UPDATE_BYTES);
  const bodies = encodeSnapshot({ seen, updates });
  const plain = signer?.authorship
    ? await signSnapshotParts(
        signer.authorship,
        keys.mailboxId,
        { deviceId: signer.deviceId, covers, membership: membershipUpdate(doc) },
        bodies,
      )
    : bodies;
  const sealed: Uint8Array[] = [];
  for (const p of plain) sealed.push(await sealMailbox(keys.sealKey, keys.mailboxId, 'snapshot', p));
  return conn.uploadSnapshot(covers, sealed);
}

/** The doc's membership ops (no pairing requests) as one Yjs update of a doc of their own. */
function membershipUpdate(doc: Y.Doc): Uint8Array {
  const carrier = new Y.Doc();
  const out = carrier.getMap<unknown>(MEMBERSHIP_COLLECTION);
  carrier.transact(() => {
    for (const [k, v] of doc.getMap<unknown>(MEMBERSHIP_COLLECTION).entries())
      if (typeof v === 'string' && !k.startsWith('pair:')) out.set(k, v);
  });
  return Y.encodeStateAsUpdate(carrier);
}

/**
 * True when `doc` holds nothing waiting for a missing predecessor: every struct and deletion it
 * received is integrated. A doc that is not whole must not become the log's snapshot: the updates
 * it still waits for would be dropped from the mailbox with the entries the snapshot covers.
 */
export function isWhole(doc: Y.Doc): boolean {
  return doc.store.pendingStructs === null && doc.store.pendingDs === null;
}
