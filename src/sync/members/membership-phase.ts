/**
 * The membership message of the membership-first phase (docs/sync.md, "Membership before content"):
 * before any content is exchanged with a peer, the two sides send each other the membership log
 * ('membership' map: op hash → signed op) and the rotation records ('rotations' map) of the room,
 * and nothing else. Each side puts what it lacks into its doc, settles its log, follows a valid key
 * change, and only then exchanges content (or never, in a room its log says was retired).
 *
 * Wire (after the varUint message type 102):
 *   varUint version = 1
 *   varUint n ≤ MAX_PHASE_OPS,       n × (varString op hash (hex), varString base64url wire bytes)
 *   varUint m ≤ MAX_PHASE_ROTATIONS, m × (varString rotation id, varString JSON of the record)
 *
 * What must stay true: every byte comes from a peer. The decoder never throws and refuses the whole
 * message when anything is malformed or past a bound; an op is taken only when its key is the hash
 * of its own body (a signed op, decoded and re-encoded byte for byte), a rotation record only when
 * it parses as version 1 or 2. Nothing already in the doc is overwritten, so a peer cannot replace
 * a record. Whether an op or a rotation means anything is decided later by the verified log.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';
import { fromBase64Url } from '../../crypto';
import { MEMBERSHIP_COLLECTION, ROTATIONS_COLLECTION } from './devices';
import { readSignedOp } from './log';
import { parseRotationRecord } from './rotation';

/** Message type of the membership message on a data channel (protocol.ts lists the others). */
export const MESSAGE_MEMBERSHIP = 102;
/** Most ops one membership message may carry (the log's own cap, MAX_OPS, is 2,000). */
export const MAX_PHASE_OPS = 2000;
/** Most rotation records one membership message may carry. */
export const MAX_PHASE_ROTATIONS = 64;
/** Longest op text (base64url of at most 64 KiB of wire bytes). */
const MAX_OP_TEXT = 87_384;
/** Longest rotation record (JSON): one envelope of ≤ 4 KiB per recipient, a few hundred devices. */
const MAX_ROTATION_JSON = 1024 * 1024;
/** Longest whole membership message; a bigger one is refused unread. */
export const MAX_PHASE_BYTES = 16 * 1024 * 1024;

const HASH = /^[0-9a-f]{64}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
const ID = /^[A-Za-z0-9_-]{16,64}$/;

/** What a membership message carries, decoded but not yet checked against the log. */
export interface PhaseRecords {
  ops: [hash: string, text: string][];
  rotations: [id: string, record: unknown][];
}

/** The membership message for what `doc` holds now (entries past the bounds are left out). */
export function encodeMembershipMessage(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_MEMBERSHIP);
  writeMembershipRecords(e, doc);
  return encoding.toUint8Array(e);
}

/**
 * Writes the body of a membership message (version, ops, rotations) for what `doc` holds now;
 * with `only`, just the ops it admits and no rotations (a peer proof's ops the peer lacks).
 */
export function writeMembershipRecords(
  e: encoding.Encoder,
  doc: Y.Doc,
  only?: (hash: string) => boolean,
): void {
  const ops = [...doc.getMap<unknown>(MEMBERSHIP_COLLECTION).entries()].filter(
    (e): e is [string, string] =>
      HASH.test(e[0]) && typeof e[1] === 'string' && e[1].length <= MAX_OP_TEXT && (!only || only(e[0])),
  );
  const rotations: [string, string][] = [];
  for (const [id, value] of only ? [] : doc.getMap<unknown>(ROTATIONS_COLLECTION).entries()) {
    const json = JSON.stringify(value);
    if (ID.test(id) && json !== undefined && json.length <= MAX_ROTATION_JSON) rotations.push([id, json]);
  }
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, Math.min(ops.length, MAX_PHASE_OPS));
  for (const [k, v] of ops.slice(0, MAX_PHASE_OPS)) {
    encoding.writeVarString(e, k);
    encoding.writeVarString(e, v);
  }
  const newest = rotations.slice(-MAX_PHASE_ROTATIONS); // map order: the newest writes last
  encoding.writeVarUint(e, newest.length);
  for (const [k, v] of newest) {
    encoding.writeVarString(e, k);
    encoding.writeVarString(e, v);
  }
}

/**
 * Decodes the body of a membership message (after the type), or null when it is malformed, of an
 * unknown version, or past any bound (the whole message is then refused).
 */
export function decodeMembershipMessage(decoder: decoding.Decoder, totalBytes: number): PhaseRecords | null {
  if (totalBytes > MAX_PHASE_BYTES) return null;
  try {
    if (decoding.readVarUint(decoder) !== 1) return null;
    const n = decoding.readVarUint(decoder);
    if (n > MAX_PHASE_OPS) return null;
    const ops: PhaseRecords['ops'] = [];
    for (let i = 0; i < n; i++) {
      const k = decoding.readVarString(decoder);
      const v = decoding.readVarString(decoder);
      if (!HASH.test(k) || v.length > MAX_OP_TEXT || !B64URL.test(v)) return null;
      ops.push([k, v]);
    }
    const m = decoding.readVarUint(decoder);
    if (m > MAX_PHASE_ROTATIONS) return null;
    const rotations: PhaseRecords['rotations'] = [];
    for (let i = 0; i < m; i++) {
      const k = decoding.readVarString(decoder);
      const json = decoding.readVarString(decoder);
      if (!ID.test(k) || json.length > MAX_ROTATION_JSON) return null;
      rotations.push([k, JSON.parse(json) as unknown]);
    }
    if (decoding.hasContent(decoder)) return null;
    return { ops, rotations };
  } catch {
    return null;
  }
}

/** True when `text` is a signed op whose body hashes to `hash`. */
async function isOpNamed(hash: string, text: string): Promise<boolean> {
  try {
    return (await readSignedOp(fromBase64Url(text))).hash === hash;
  } catch {
    return false;
  }
}

/** True for a rotation record of either version (checked again, cryptographically, when followed). */
function isRotationRecord(id: string, value: unknown): boolean {
  if (parseRotationRecord(id, value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === 2 &&
    v.id === id &&
    typeof v.op === 'string' &&
    HASH.test(v.op) &&
    typeof v.spaceId === 'string' &&
    typeof v.by === 'string' &&
    typeof v.at === 'number' &&
    typeof v.envelopes === 'object' &&
    v.envelopes !== null &&
    Object.values(v.envelopes).every((env) => typeof env === 'string' && env.length <= 4096)
  );
}

/**
 * Puts the records `doc` lacks into it, in one transaction with `origin` (the peer's), and returns
 * how many were written and how many were refused (not what their key says, or not a record).
 */
export async function mergeMembershipRecords(
  doc: Y.Doc,
  records: PhaseRecords,
  origin: unknown,
): Promise<{ written: number; refused: number }> {
  const log = doc.getMap<unknown>(MEMBERSHIP_COLLECTION);
  const rotations = doc.getMap<unknown>(ROTATIONS_COLLECTION);
  const ops: [string, string][] = [];
  let refused = 0;
  for (const [hash, text] of records.ops) {
    if (typeof log.get(hash) === 'string') continue;
    if (await isOpNamed(hash, text)) ops.push([hash, text]);
    else refused++;
  }
  const rots: [string, unknown][] = [];
  for (const [id, value] of records.rotations) {
    if (rotations.has(id)) continue;
    if (isRotationRecord(id, value)) rots.push([id, value]);
    else refused++;
  }
  // Checked again after the awaits: another peer may have written the same entry meanwhile.
  const newOps = ops.filter(([h]) => typeof log.get(h) !== 'string');
  const newRots = rots.filter(([id]) => !rotations.has(id));
  if (newOps.length + newRots.length > 0) {
    doc.transact(() => {
      for (const [h, t] of newOps) log.set(h, t);
      for (const [id, v] of newRots) rotations.set(id, v);
    }, origin);
  }
  return { written: newOps.length + newRots.length, refused };
}
