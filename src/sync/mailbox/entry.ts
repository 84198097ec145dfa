/**
 * What is inside a sealed mailbox entry or snapshot (the server never sees it; docs/sync.md,
 * "The mailbox path").
 *
 * Entry plaintext: `u8 version (1) ‖ u8 type ‖ varString deviceId ‖ …`
 *   - type 1, update part: `varUint8Array messageId (8) ‖ varUint index ‖ varUint count ‖
 *     varUint8Array bytes` — a Yjs v1 update, cut in `count` parts when it does not fit one sealed
 *     entry (the parts of one message are appended one after another by their author);
 *   - type 2, seen receipt: `varUint seq` — "this device applied and stored everything up to seq".
 * Snapshot: `u8 version (1) ‖ varUint8Array seenJSON ‖ varUint n ‖ n × varUint8Array update`,
 * cut into parts of at most one sealed snapshot part each.
 *
 * What must stay true: decoding never throws on hostile bytes (null instead), and every size is
 * bounded before anything is allocated from it. The device id inside an entry is claimed by the
 * writer; the entry's signature (entry-sign.ts) is what proves it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { randomBytes } from '../../crypto';
import { isValidDeviceId } from '../wire/protocol';
import { MAX_SEALED_PLAINTEXT } from './seal';

const VERSION = 1;
const TYPE_UPDATE = 1;
const TYPE_RECEIPT = 2;
/**
 * Room left in an entry's plaintext for its header (device id ≤ 64, ids and counts) and its
 * signature (entry-sign.ts: version, body length and 64 bytes).
 */
const ENTRY_HEADER_ROOM = 128 + 80;
/** Largest slice of an update one entry carries. */
export const ENTRY_CHUNK_BYTES = MAX_SEALED_PLAINTEXT - ENTRY_HEADER_ROOM;
/**
 * Largest slice of a snapshot one part carries: room is left for the part's signature
 * (snapshot-sign.ts: marker, device id ≤ 64, snapshot id, body length and 64 bytes).
 */
export const SNAPSHOT_CHUNK_BYTES = MAX_SEALED_PLAINTEXT - 160;
/** Most parts one message may be cut in (64 × ~1 MiB). */
export const MAX_MESSAGE_PARTS = 64;
/** The byte a snapshot starts with (snapshot-reader.ts reads the format encodeSnapshot writes). */
export const SNAPSHOT_VERSION = VERSION;
/** Most updates one snapshot may hold. */
export const MAX_SNAPSHOT_UPDATES = 100_000;

/** A decoded entry. */
export type MailboxEntry =
  | { type: 'update'; deviceId: string; messageId: string; index: number; count: number; bytes: Uint8Array }
  | { type: 'receipt'; deviceId: string; seq: number };

/** Encodes a Yjs update as the plaintexts of one or more entries. */
export function encodeUpdateEntries(deviceId: string, update: Uint8Array): Uint8Array[] {
  const count = Math.max(1, Math.ceil(update.length / ENTRY_CHUNK_BYTES));
  const messageId = randomBytes(8);
  const out: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const e = encoding.createEncoder();
    encoding.writeUint8(e, VERSION);
    encoding.writeUint8(e, TYPE_UPDATE);
    encoding.writeVarString(e, deviceId);
    encoding.writeVarUint8Array(e, messageId);
    encoding.writeVarUint(e, index);
    encoding.writeVarUint(e, count);
    encoding.writeVarUint8Array(
      e,
      update.subarray(index * ENTRY_CHUNK_BYTES, (index + 1) * ENTRY_CHUNK_BYTES),
    );
    out.push(encoding.toUint8Array(e));
  }
  return out;
}

/** Encodes a seen receipt. */
export function encodeReceipt(deviceId: string, seq: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, VERSION);
  encoding.writeUint8(e, TYPE_RECEIPT);
  encoding.writeVarString(e, deviceId);
  encoding.writeVarUint(e, seq);
  return encoding.toUint8Array(e);
}

/** Decodes an entry's plaintext; null for anything malformed. */
export function decodeEntry(plain: Uint8Array): MailboxEntry | null {
  try {
    const d = decoding.createDecoder(plain);
    if (decoding.readUint8(d) !== VERSION) return null;
    const type = decoding.readUint8(d);
    const deviceId = decoding.readVarString(d);
    if (!isValidDeviceId(deviceId)) return null;
    if (type === TYPE_RECEIPT) {
      const seq = decoding.readVarUint(d);
      if (!Number.isSafeInteger(seq) || decoding.hasContent(d)) return null;
      return { type: 'receipt', deviceId, seq };
    }
    if (type !== TYPE_UPDATE) return null;
    const id = decoding.readVarUint8Array(d);
    const index = decoding.readVarUint(d);
    const count = decoding.readVarUint(d);
    const bytes = decoding.readVarUint8Array(d);
    if (id.length !== 8 || count < 1 || count > MAX_MESSAGE_PARTS || index >= count || decoding.hasContent(d))
      return null;
    const messageId = Array.from(id, (b) => b.toString(16).padStart(2, '0')).join('');
    return { type: 'update', deviceId, messageId, index, count, bytes };
  } catch {
    return null;
  }
}

/**
 * Reassembles updates cut across entries. Parts of one message arrive in order; a message whose
 * parts stop coming is dropped once `maxBytes` of partial messages are held.
 */
export class EntryAssembler {
  private partial = new Map<string, { parts: Uint8Array[]; count: number; bytes: number }>();
  private held = 0;

  constructor(private readonly maxBytes: number) {}

  /** Adds a part; returns the whole update when complete, 'pending' while waiting, null when refused. */
  push(entry: Extract<MailboxEntry, { type: 'update' }>): Uint8Array | 'pending' | null {
    if (entry.count === 1) return entry.bytes;
    const key = `${entry.deviceId}/${entry.messageId}`;
    let m = this.partial.get(key);
    if (!m) {
      if (entry.index !== 0) return null; // its start was never seen (e.g. compacted away)
      m = { parts: [], count: entry.count, bytes: 0 };
      this.partial.set(key, m);
    }
    if (entry.count !== m.count || entry.index !== m.parts.length) {
      this.drop(key);
      return null;
    }
    m.parts.push(entry.bytes);
    m.bytes += entry.bytes.length;
    this.held += entry.bytes.length;
    while (this.held > this.maxBytes && this.partial.size > 0) {
      const oldest = this.partial.keys().next().value as string;
      this.drop(oldest);
      if (oldest === key) return null;
    }
    if (m.parts.length < m.count) return 'pending';
    this.drop(key);
    const out = new Uint8Array(m.bytes);
    let at = 0;
    for (const p of m.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private drop(key: string): void {
    const m = this.partial.get(key);
    if (!m) return;
    this.held -= m.bytes;
    this.partial.delete(key);
  }
}

/** A snapshot's content: what each device has seen, and the doc as updates. */
export interface SnapshotContent {
  seen: Record<string, number>;
  updates: Uint8Array[];
}

/** Encodes a snapshot and cuts it into part plaintexts. */
export function encodeSnapshot(content: SnapshotContent): Uint8Array[] {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, SNAPSHOT_VERSION);
  encoding.writeVarString(e, JSON.stringify(content.seen));
  encoding.writeVarUint(e, content.updates.length);
  for (const u of content.updates) encoding.writeVarUint8Array(e, u);
  const all = encoding.toUint8Array(e);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < all.length; at += SNAPSHOT_CHUNK_BYTES) {
    parts.push(all.subarray(at, at + SNAPSHOT_CHUNK_BYTES));
  }
  return parts;
}

/** Keeps the valid `deviceId → seq` pairs of an untrusted seen map (at most 1,000). */
export function parseSeen(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (n >= 1000) break;
    if (isValidDeviceId(k) && Number.isSafeInteger(v) && (v as number) >= 0) {
      out[k] = v as number;
      n++;
    }
  }
  return out;
}
