/**
 * What an open mailbox connection offers (connection.ts): the checked pushes a reader receives
 * (catch-up and live entries, snapshot parts, caught-up) and the requests — append, blobs, delete,
 * retire and the snapshot upload — each with its reply checked field by field.
 */
import { MAX_BLOB_BYTES, MAX_SEALED_BYTES, type WireMessage } from '../../wire/mailbox';
import { SyncError } from '../errors';
import type { RequestTable } from './connection-requests';
import { isCount, isSeq, type MailboxConnection, type SnapshotInfo } from './connection-types';

/** A message the server pushes to a reader, checked. */
export type MailboxPush =
  | { op: 'entry'; seq: number; sealed: Uint8Array }
  | { op: 'snapshot-part'; covers: number; index: number; count: number; sealed: Uint8Array }
  | { op: 'caught-up'; head: number };

/** Ops the server pushes (everything else on an open socket is a reply). */
export const PUSH_OPS: ReadonlySet<string> = new Set(['entry', 'snapshot-part', 'caught-up']);

/** The push `msg` carries, or null when any field is outside the protocol. */
export function readPush(msg: WireMessage): MailboxPush | null {
  const h = msg.header;
  const sealedOk = msg.body.length > 0 && msg.body.length <= MAX_SEALED_BYTES;
  switch (h.op) {
    case 'entry':
      if (!isSeq(h.seq) || h.seq < 1 || !sealedOk) return null;
      return { op: 'entry', seq: h.seq, sealed: msg.body.slice() };
    case 'snapshot-part':
      if (!isSeq(h.covers) || !isCount(h.count, 4096) || !isSeq(h.index) || h.index >= h.count || !sealedOk)
        return null;
      return {
        op: 'snapshot-part',
        covers: h.covers,
        index: h.index,
        count: h.count,
        sealed: msg.body.slice(),
      };
    case 'caught-up':
      return isSeq(h.head) ? { op: 'caught-up', head: h.head } : null;
    default:
      return null;
  }
}

/** What `opened` said. */
export interface OpenedInfo {
  role: 'read' | 'append';
  head: number;
  snapshot: SnapshotInfo | null;
  retired: boolean;
}

/** The connection object over a socket's request table. */
export function connectionOps(
  info: OpenedInfo,
  requests: RequestTable,
  socket: { readonly closed: boolean; close(): void },
): MailboxConnection & { head: number } {
  const req = requests.request.bind(requests);
  const conn: MailboxConnection & { head: number } = {
    ...info,
    get closed() {
      return socket.closed;
    },
    async append(sealed) {
      const r = await req({ op: 'append' }, sealed, 'appended');
      if (!isSeq(r.header.seq) || r.header.seq < 1) throw new SyncError('mailbox-protocol');
      conn.head = Math.max(conn.head, r.header.seq);
      return r.header.seq;
    },
    async putBlob(sealed) {
      if (sealed.length > MAX_BLOB_BYTES) throw new SyncError('oversize');
      await req({ op: 'put-blob' }, sealed, 'ok');
    },
    async getBlob() {
      try {
        const r = await req({ op: 'get-blob' }, undefined, 'blob');
        if (r.body.length === 0 || r.body.length > MAX_BLOB_BYTES) throw new SyncError('mailbox-protocol');
        return r.body.slice();
      } catch (e) {
        if (e instanceof SyncError && e.code === 'not-found') return null;
        throw e;
      }
    },
    async delete(seqs) {
      const r = await req({ op: 'delete', seqs: [...seqs] }, undefined, 'ok');
      return isSeq(r.header.deleted) ? r.header.deleted : 0;
    },
    async retire() {
      await req({ op: 'retire' }, undefined, 'ok');
    },
    async consumed(bytes) {
      await req({ op: 'consumed', bytes }, undefined, 'ok');
    },
    uploadSnapshot: (covers, parts) => uploadSnapshotParts(requests, covers, parts),
    close() {
      socket.close();
    },
  };
  return conn;
}

/** Begin, every part pipelined (replies come in request order), commit. */
async function uploadSnapshotParts(
  requests: RequestTable,
  covers: number,
  parts: readonly Uint8Array[],
): Promise<number> {
  const bytes = parts.reduce((n, p) => n + p.length, 0);
  const begin = await requests.request(
    { op: 'snapshot-begin', covers, parts: parts.length, bytes },
    undefined,
    'ok',
  );
  const upload = begin.header.upload;
  if (typeof upload !== 'string' && !Number.isSafeInteger(upload)) throw new SyncError('mailbox-protocol');
  await Promise.all(
    parts.map((part, index) => requests.request({ op: 'snapshot-part', upload, index }, part, 'ok')),
  );
  const done = await requests.request({ op: 'snapshot-commit', upload }, undefined, 'snapshot-done');
  if (!isSeq(done.header.covers)) throw new SyncError('mailbox-protocol');
  return done.header.covers;
}
