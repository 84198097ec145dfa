/**
 * Membership ops: what each says, its canonical bytes, and its signature.
 *
 * Bytes of an op (all integers big-endian; see encoding.ts):
 *   body      = version(1)=1 ‖ kind(1) ‖ root(32) ‖ author(32) ‖ at(u48 ms)
 *               ‖ parentCount(1) ‖ parent hashes (32 each, strictly ascending) ‖ kind fields
 *   signature = Ed25519(author, 'shopfloor/membership/v1' ‖ 0x00 ‖ body)
 *   wire      = body ‖ signature(64)
 *   hash      = SHA-256(body), hex
 * `root` is the hash of the campaign's genesis op (zeros in the genesis itself), so an op cannot be
 * replayed into another campaign. The hash leaves the signature out: Ed25519 signatures are
 * deterministic, and keying ops by content means a copy with a broken signature can never shadow the
 * real op (verify.ts keeps whichever copy verifies).
 */
import { toHex, utf8 } from '../../../crypto';
import { ByteReader, ByteWriter, MAX_IDS, readId, readIds, writeHex, writeId, writeIds } from './encoding';
import { MembershipError } from './errors';

/** A person's role. */
export type Role = 'admin' | 'member';

/** Fields every op has. */
export interface OpHeader {
  /** Genesis hash (hex); '' in the genesis itself. */
  root: string;
  /** Raw 32-byte Ed25519 public key of the signing device. */
  author: Uint8Array;
  /** Claimed time, ms since 1970. */
  at: number;
  /** Hashes (hex) of the ops the author had seen last (the heads of its log), ascending. */
  parents: string[];
}

/** What an op says, by kind. */
export type OpBody =
  | { kind: 'genesis'; campaignId: string; personName: string; deviceName: string; ecdhPublicKey: Uint8Array }
  | {
      kind: 'invite';
      inviteId: string;
      role: Role;
      expiresAt: number;
      singleUse: boolean;
      inviteKey: Uint8Array;
    }
  | { kind: 'revoke-invite'; inviteId: string }
  | {
      kind: 'join';
      inviteId: string;
      personName: string;
      deviceName: string;
      ecdhPublicKey: Uint8Array;
      /** Signature by the invite key over {@link joinProofMessage}. */
      proof: Uint8Array;
    }
  | {
      kind: 'add-device';
      /** The new device's signing public key. */
      device: Uint8Array;
      deviceName: string;
      ecdhPublicKey: Uint8Array;
      /** Signature by the new device over {@link addDeviceProofMessage}. */
      proof: Uint8Array;
    }
  | { kind: 'remove'; personId: string; epoch: number; keyId: string; recipients: string[] }
  | { kind: 'set-role'; personId: string; role: Role }
  | { kind: 'rotate'; epoch: number; keyId: string; recipients: string[] };

/** An op. */
export type Op = OpHeader & OpBody;
/** Op kinds. */
export type OpKind = OpBody['kind'];

/** An op with its bytes, hash and signature. */
export interface SignedOp {
  hash: string;
  op: Op;
  body: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

const KINDS: readonly OpKind[] = [
  'genesis',
  'invite',
  'revoke-invite',
  'join',
  'add-device',
  'remove',
  'set-role',
  'rotate',
];
const VERSION = 1;
/** Domain separation of op signatures. */
export const OP_SIGNING_LABEL = 'shopfloor/membership/v1';
/** Most parents an op names. */
export const MAX_PARENTS = 64;
/** Most recipients a rotation lists. */
export const MAX_RECIPIENTS = MAX_IDS;
/** Longest name (person or device), in UTF-8 bytes. */
export const MAX_NAME_BYTES = 200;
/** Longest envelope (ECDH) public key, in bytes. */
export const MAX_ECDH_KEY_BYTES = 133;
const HASH_BYTES = 32;
const KEY_BYTES = 32;
const SIG_BYTES = 64;
const ROLES: readonly Role[] = ['admin', 'member'];

function checkName(name: string): string {
  if (utf8(name).length > MAX_NAME_BYTES) throw new MembershipError('invalid-input', { name: 'too long' });
  return name;
}

/** The canonical body bytes of an op (what is hashed and signed). */
export function encodeOpBody(op: Op): Uint8Array<ArrayBuffer> {
  const w = new ByteWriter().u8(VERSION).u8(KINDS.indexOf(op.kind) + 1);
  if (op.kind === 'genesis') w.fixed(new Uint8Array(HASH_BYTES), HASH_BYTES);
  else writeHex(w, op.root, HASH_BYTES);
  w.fixed(op.author, KEY_BYTES).u48(op.at);
  const parents = [...op.parents].sort();
  if (parents.length > MAX_PARENTS || parents.some((p, i) => i > 0 && p === parents[i - 1])) {
    throw new MembershipError('invalid-input', { parents: parents.length });
  }
  w.u8(parents.length);
  for (const p of parents) writeHex(w, p, HASH_BYTES);
  switch (op.kind) {
    case 'genesis':
      w.str(op.campaignId)
        .str(checkName(op.personName))
        .str(checkName(op.deviceName))
        .bytes(op.ecdhPublicKey);
      break;
    case 'invite':
      writeId(w, op.inviteId);
      w.u8(ROLES.indexOf(op.role))
        .u48(op.expiresAt)
        .u8(op.singleUse ? 1 : 0)
        .fixed(op.inviteKey, KEY_BYTES);
      break;
    case 'revoke-invite':
      writeId(w, op.inviteId);
      break;
    case 'join':
      writeId(w, op.inviteId);
      w.str(checkName(op.personName)).str(checkName(op.deviceName)).bytes(op.ecdhPublicKey);
      w.fixed(op.proof, SIG_BYTES);
      break;
    case 'add-device':
      w.fixed(op.device, KEY_BYTES)
        .str(checkName(op.deviceName))
        .bytes(op.ecdhPublicKey)
        .fixed(op.proof, SIG_BYTES);
      break;
    case 'remove':
      writeId(w, op.personId);
      w.u32(op.epoch);
      writeId(w, op.keyId);
      writeIds(w, [...op.recipients].sort());
      break;
    case 'set-role':
      writeId(w, op.personId);
      w.u8(ROLES.indexOf(op.role));
      break;
    case 'rotate':
      w.u32(op.epoch);
      writeId(w, op.keyId);
      writeIds(w, [...op.recipients].sort());
      break;
  }
  return w.finish();
}

function readRole(r: ByteReader): Role {
  const role = ROLES[r.u8()];
  if (!role) throw new MembershipError('malformed', { role: 'unknown' });
  return role;
}

function readEcdh(r: ByteReader): Uint8Array {
  const key = r.bytes();
  if (key.length === 0 || key.length > MAX_ECDH_KEY_BYTES)
    throw new MembershipError('malformed', { ecdh: key.length });
  return key;
}

function readBody(r: ByteReader, kind: OpKind): OpBody {
  switch (kind) {
    case 'genesis':
      return {
        kind,
        campaignId: r.str(),
        personName: r.str(),
        deviceName: r.str(),
        ecdhPublicKey: readEcdh(r),
      };
    case 'invite': {
      const inviteId = readId(r);
      const role = readRole(r);
      const expiresAt = r.u48();
      const flag = r.u8();
      if (flag > 1) throw new MembershipError('malformed', { singleUse: flag });
      return { kind, inviteId, role, expiresAt, singleUse: flag === 1, inviteKey: r.fixed(KEY_BYTES) };
    }
    case 'revoke-invite':
      return { kind, inviteId: readId(r) };
    case 'join':
      return {
        kind,
        inviteId: readId(r),
        personName: r.str(),
        deviceName: r.str(),
        ecdhPublicKey: readEcdh(r),
        proof: r.fixed(SIG_BYTES),
      };
    case 'add-device':
      return {
        kind,
        device: r.fixed(KEY_BYTES),
        deviceName: r.str(),
        ecdhPublicKey: readEcdh(r),
        proof: r.fixed(SIG_BYTES),
      };
    case 'remove':
      return { kind, personId: readId(r), epoch: r.u32(), keyId: readId(r), recipients: readIds(r) };
    case 'set-role':
      return { kind, personId: readId(r), role: readRole(r) };
    case 'rotate':
      return { kind, epoch: r.u32(), keyId: readId(r), recipients: readIds(r) };
  }
}

/**
 * Decodes an op's body, refusing any non-canonical form (the bytes must be exactly what
 * {@link encodeOpBody} writes for the decoded op).
 *
 * @throws MembershipError('malformed')
 */
export function decodeOpBody(body: Uint8Array): Op {
  try {
    const r = new ByteReader(body);
    if (r.u8() !== VERSION) throw new MembershipError('malformed', { version: 'unknown' });
    const kind = KINDS[r.u8() - 1];
    if (!kind) throw new MembershipError('malformed', { kind: 'unknown' });
    const root = toHex(r.fixed(HASH_BYTES));
    const author = r.fixed(KEY_BYTES);
    const at = r.u48();
    const count = r.u8();
    if (count > MAX_PARENTS) throw new MembershipError('malformed', { parents: count });
    const parents: string[] = [];
    for (let i = 0; i < count; i++) parents.push(toHex(r.fixed(HASH_BYTES)));
    const op = { root: kind === 'genesis' ? '' : root, author, at, parents, ...readBody(r, kind) } as Op;
    r.end();
    const again = encodeOpBody(op);
    if (again.length !== body.length || again.some((b, i) => b !== body[i])) {
      throw new MembershipError('malformed', { reason: 'not canonical' });
    }
    return op;
  } catch (e) {
    if (e instanceof MembershipError) throw new MembershipError('malformed', e.detail);
    throw new MembershipError('malformed');
  }
}

/** What an op's author signs. */
export function opSigningMessage(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const label = utf8(OP_SIGNING_LABEL);
  const out = new Uint8Array(label.length + 1 + body.length);
  out.set(label);
  out.set(body, label.length + 1);
  return out;
}

/** The wire form of a signed op: body ‖ signature. */
export function encodeSignedOp(op: SignedOp): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(op.body.length + SIG_BYTES);
  out.set(op.body);
  out.set(op.signature, op.body.length);
  return out;
}

/** Splits wire bytes into body and signature (no checks beyond the length). */
export function splitSignedOp(bytes: Uint8Array): {
  body: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
} {
  if (bytes.length <= SIG_BYTES) throw new MembershipError('malformed', { bytes: bytes.length });
  return { body: bytes.slice(0, bytes.length - SIG_BYTES), signature: bytes.slice(bytes.length - SIG_BYTES) };
}
