/**
 * The mailbox snapshot format (src/sync/mailbox/entry.ts) decoded from one whole buffer: the
 * oracle the part-by-part SnapshotReader is held to. It lives with the tests because the product
 * only ever reads snapshots part by part; both read the format's constants from entry.ts.
 */
import * as decoding from 'lib0/decoding';
import {
  MAX_SNAPSHOT_UPDATES,
  parseSeen,
  SNAPSHOT_VERSION,
  type SnapshotContent,
} from '../../src/sync/mailbox/entry';

/** Decodes a reassembled snapshot; null when malformed. Seen entries that are not valid are dropped. */
export function decodeSnapshot(all: Uint8Array): SnapshotContent | null {
  try {
    const d = decoding.createDecoder(all);
    if (decoding.readUint8(d) !== SNAPSHOT_VERSION) return null;
    const seen = parseSeen(JSON.parse(decoding.readVarString(d)));
    const n = decoding.readVarUint(d);
    if (n > MAX_SNAPSHOT_UPDATES) return null;
    const updates: Uint8Array[] = [];
    for (let i = 0; i < n; i++) updates.push(decoding.readVarUint8Array(d));
    if (decoding.hasContent(d)) return null;
    return { seen, updates };
  } catch {
    return null;
  }
}
