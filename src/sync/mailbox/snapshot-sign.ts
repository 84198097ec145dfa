/**
 * Signed compaction snapshots (docs/sync.md, "Verified authorship"). A snapshot replaces the log
 * for every device that joins later, so it is signed like an entry, by the uploading device, and a
 * reader checks it against the verified membership log before any of it is applied. The snapshot
 * is read part by part as it downloads (snapshot-reader.ts), so each part is signed on its own:
 *
 *   signed part = u8 SIGNED_PART ‖ varString device id ‖ snapshot id (16)
 *                 ‖ varUint8Array membership ‖ varUint8Array body ‖ signature (64)
 *   signature   = Ed25519(device key, varString 'shopfloor/mailbox-snapshot/v1' ‖ varString context
 *                 ‖ varString mailbox id ‖ varString device id ‖ snapshot id ‖ varUint covers
 *                 ‖ varUint index ‖ varUint count ‖ varUint8Array membership ‖ varUint8Array body)
 *
 * `body` is the part of the unsigned stream encodeSnapshot writes; the snapshot id is random per
 * upload. Part 0 carries no body but the uploader's membership ops (a Yjs update writing the doc's
 * `membership` entries, empty when over one part): a reader whose log does not hold the uploader
 * yet (a phone added in what the snapshot covers, the entries that said so dropped with it) weighs
 * them with its own log, as for a joiner's first entry (authorship.ts `keyOf`); they are signed ops,
 * so they add no one the log would not admit. What must stay true: covers, index and count are signed, so no part can be moved to
 * another place, another upload (even by the same device) or another mailbox; every part of one
 * snapshot names the same device and snapshot id; a part is used only once its signature verified
 * under the key the log holds for that device. An unsigned part 0 starts with SNAPSHOT_VERSION, a
 * signed one with SIGNED_PART (never equal), so the two cannot be confused. Never throws on
 * hostile bytes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SIGNATURE_BYTES, verifyBytes } from '../../crypto';
import type { Authorship } from '../authorship';
import type { RejectReason } from '../errors';
import { SNAPSHOT_CHUNK_BYTES, SNAPSHOT_VERSION } from './entry';

/** First byte of a signed snapshot part (an unsigned stream starts with SNAPSHOT_VERSION). */
export const SIGNED_PART = 0x53;
const LABEL = 'shopfloor/mailbox-snapshot/v1';
const ID_BYTES = 16;

/** Where a part sits: the snapshot's covers, and the part's index and count. */
export interface PartPlace {
  covers: number;
  index: number;
  count: number;
}

/** A signed part, split. */
export interface SignedPart {
  deviceId: string;
  snapshotId: Uint8Array;
  membership: Uint8Array;
  body: Uint8Array;
  signature: Uint8Array;
}

function signedMessage(
  context: string,
  mailboxId: string,
  part: Omit<SignedPart, 'signature'>,
  place: PartPlace,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, LABEL);
  encoding.writeVarString(e, context);
  encoding.writeVarString(e, mailboxId);
  encoding.writeVarString(e, part.deviceId);
  encoding.writeUint8Array(e, part.snapshotId);
  encoding.writeVarUint(e, place.covers);
  encoding.writeVarUint(e, place.index);
  encoding.writeVarUint(e, place.count);
  encoding.writeVarUint8Array(e, part.membership);
  encoding.writeVarUint8Array(e, part.body);
  return encoding.toUint8Array(e);
}

/**
 * Signs one snapshot as `deviceId`: part 0 carries `membership` (see above), the others the bodies
 * encodeSnapshot wrote.
 */
export async function signSnapshotParts(
  a: Authorship,
  mailboxId: string,
  signed: { deviceId: string; covers: number; membership: Uint8Array },
  bodies: readonly Uint8Array[],
): Promise<Uint8Array[]> {
  const { deviceId, covers } = signed;
  const snapshotId = crypto.getRandomValues(new Uint8Array(ID_BYTES));
  const none = new Uint8Array(0);
  const membership = signed.membership.length <= SNAPSHOT_CHUNK_BYTES ? signed.membership : none;
  const all = [none, ...bodies];
  const count = all.length;
  return Promise.all(
    all.map(async (body, index) => {
      const part = { deviceId, snapshotId, membership: index === 0 ? membership : none, body };
      const signature = await a.sign(signedMessage(a.context, mailboxId, part, { covers, index, count }));
      const e = encoding.createEncoder();
      encoding.writeUint8(e, SIGNED_PART);
      encoding.writeVarString(e, deviceId);
      encoding.writeUint8Array(e, snapshotId);
      encoding.writeVarUint8Array(e, part.membership);
      encoding.writeVarUint8Array(e, body);
      encoding.writeUint8Array(e, signature);
      return encoding.toUint8Array(e);
    }),
  );
}

/** A signed part's fields; 'unsigned' for the start of an unsigned stream; null when malformed. */
export function splitSnapshotPart(plain: Uint8Array, index: number): SignedPart | 'unsigned' | null {
  if (plain[0] !== SIGNED_PART) return index === 0 && plain[0] === SNAPSHOT_VERSION ? 'unsigned' : null;
  try {
    const d = decoding.createDecoder(plain);
    decoding.readUint8(d);
    const deviceId = decoding.readVarString(d);
    const snapshotId = decoding.readUint8Array(d, ID_BYTES);
    const membership = decoding.readVarUint8Array(d);
    const body = decoding.readVarUint8Array(d);
    const signature = decoding.readUint8Array(d, SIGNATURE_BYTES);
    if (decoding.hasContent(d) || deviceId.length === 0 || deviceId.length > 64) return null;
    return { deviceId, snapshotId, membership, body, signature };
  } catch {
    return null;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** What the reader learned from the first part: who signed the snapshot, and whether it is proven. */
export interface SnapshotSigner {
  deviceId: string;
  snapshotId: Uint8Array;
  /** The key part 0 verified under (later parts must verify under it too); null: not checked. */
  key: Uint8Array | null;
  verified: boolean;
}

/**
 * Checks one part of a snapshot; returns its body, or why it is refused. Without an `Authorship`
 * (tools and tests), unsigned streams are read as before and signed parts unwrapped, unchecked.
 * With one: unsigned → 'unsigned-change'; a device the log does not hold → 'unknown-author'; a
 * signature that does not verify, or a part naming another device or upload than part 0 →
 * 'forged-author'; no log to ask → read, the signer unverified. `signer` is null for part 0 and
 * what part 0 returned afterwards.
 */
export async function checkSnapshotPart(
  a: Authorship | null | undefined,
  mailboxId: string,
  place: PartPlace,
  plain: Uint8Array,
  signer: SnapshotSigner | null,
): Promise<
  { ok: true; body: Uint8Array; signer: SnapshotSigner | null } | { ok: false; reason: RejectReason }
> {
  // Without an Authorship, an unsigned stream (part 0 not signed, then every part as it is).
  if (!a && (place.index === 0 ? plain[0] !== SIGNED_PART : !signer))
    return { ok: true, body: plain, signer: null };
  const part = splitSnapshotPart(plain, place.index);
  if (part === 'unsigned') return { ok: false, reason: 'unsigned-change' };
  if (part === null || (place.index > 0 && !signer))
    return { ok: false, reason: a ? 'forged-author' : 'undecodable-message' };
  if (signer && (signer.deviceId !== part.deviceId || !sameBytes(signer.snapshotId, part.snapshotId)))
    return { ok: false, reason: 'forged-author' };
  const self = signer ?? { deviceId: part.deviceId, snapshotId: part.snapshotId, key: null, verified: false };
  if (!a) return { ok: true, body: part.body, signer: self };
  let key: Uint8Array | null | 'no-log' = signer ? (signer.key ?? 'no-log') : await a.keyOf(part.deviceId);
  if (key === null && part.membership.length > 0) key = await a.keyOf(part.deviceId, part.membership);
  if (key === 'no-log') return { ok: true, body: part.body, signer: self };
  if (key === null) return { ok: false, reason: 'unknown-author' };
  const good = await verifyBytes(key, part.signature, signedMessage(a.context, mailboxId, part, place));
  if (!good) return { ok: false, reason: 'forged-author' };
  return { ok: true, body: part.body, signer: { ...self, key, verified: true } };
}
