/**
 * A device's copy of a campaign's membership log: a set of signed ops forming a hash DAG, and the
 * helpers that author new ops on top of it. The set is what syncs (any order, duplicates harmless);
 * what it means is decided by verifyLog (verify.ts), never by this store.
 *
 * Every new op names the current heads as parents (what its author had seen), and its time is at
 * least its parents' latest, so a device with a slow clock still writes a consistent op.
 */
import { randomBytes, sha256, signBytes, toBase64Url, toHex, verifyBytes } from '../../../crypto';
import { MembershipError } from './errors';
import type { DeviceSigner } from './identity';
import {
  decodeOpBody,
  encodeOpBody,
  encodeSignedOp,
  type Op,
  type OpBody,
  opSigningMessage,
  type Role,
  type SignedOp,
  splitSignedOp,
} from './ops';
import {
  addDeviceProofMessage,
  type InviteSecret,
  inviteKeyOf,
  joinProofMessage,
  newInviteKey,
} from './proofs';
import { verifyLog } from './verify';

/** Signs an op. */
export async function signOp(signer: DeviceSigner, op: Op): Promise<SignedOp> {
  if (op.author.length !== signer.publicKey.length || op.author.some((b, i) => b !== signer.publicKey[i])) {
    throw new MembershipError('invalid-input', { reason: 'author is not the signer' });
  }
  const body = encodeOpBody(op);
  const signature = await signBytes(signer.privateKey, opSigningMessage(body));
  return { hash: toHex(await sha256(body)), op: decodeOpBody(body), body, signature };
}

/** Decodes wire bytes into a signed op (signature not checked: verifyLog does). */
export async function readSignedOp(bytes: Uint8Array): Promise<SignedOp> {
  const { body, signature } = splitSignedOp(bytes);
  return { hash: toHex(await sha256(body)), op: decodeOpBody(body), body, signature };
}

/** A set of signed ops. */
export class MembershipLog {
  private readonly ops = new Map<string, SignedOp>();

  constructor(
    /** Hash of the genesis op: the campaign's root of trust. */
    readonly root: string,
  ) {}

  /** Adds ops (already decoded). Returns how many were new. */
  add(...ops: SignedOp[]): number {
    let added = 0;
    for (const op of ops) {
      if (!this.ops.has(op.hash)) {
        this.ops.set(op.hash, op);
        added++;
      }
    }
    return added;
  }

  has(hash: string): boolean {
    return this.ops.has(hash);
  }

  get size(): number {
    return this.ops.size;
  }

  /** Every op, in hash order. */
  all(): SignedOp[] {
    return [...this.ops.values()].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  }

  /** Wire bytes of every op, in hash order. */
  wire(): Uint8Array[] {
    return this.all().map(encodeSignedOp);
  }

  /**
   * Adds an op received from elsewhere if its signature verifies and it names this log's root
   * (a copy with a broken signature must not become a parent of this device's next op).
   */
  async receive(input: Uint8Array | SignedOp): Promise<'added' | 'duplicate' | 'refused'> {
    let op: SignedOp;
    try {
      op = input instanceof Uint8Array ? await readSignedOp(input) : input;
    } catch {
      return 'refused';
    }
    if (this.ops.has(op.hash)) return 'duplicate';
    if (op.op.kind === 'genesis' ? op.hash !== this.root : op.op.root !== this.root) return 'refused';
    if (!(await verifyBytes(op.op.author, op.signature, opSigningMessage(op.body)))) return 'refused';
    this.ops.set(op.hash, op);
    return 'added';
  }

  /**
   * Ops no other op names as a parent, among ops whose whole ancestry is here (an op waiting for a
   * parent is not built upon until the parent arrives), in hash order.
   */
  heads(): string[] {
    const complete = new Set<string>([this.root]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const op of this.ops.values()) {
        if (complete.has(op.hash) || op.op.parents.length === 0) continue;
        if (op.op.parents.every((p) => complete.has(p))) {
          complete.add(op.hash);
          grew = true;
        }
      }
    }
    const named = new Set<string>();
    for (const h of complete) for (const p of this.ops.get(h)?.op.parents ?? []) named.add(p);
    return [...complete].filter((h) => this.ops.has(h) && !named.has(h)).sort();
  }

  /** Signs `body` as `signer`, on top of the current heads, and adds it. */
  async append(signer: DeviceSigner, body: OpBody, now = Date.now()): Promise<SignedOp> {
    const parents = this.heads();
    const latest = Math.max(0, ...parents.map((p) => this.ops.get(p)?.op.at ?? 0));
    const op = await signOp(signer, {
      root: this.root,
      author: signer.publicKey,
      at: Math.max(now, latest),
      parents,
      ...body,
    } as Op);
    this.add(op);
    return op;
  }
}

/** Creates a campaign's genesis op (the founder is its first admin) and the log holding it. */
export async function createGenesis(
  founder: DeviceSigner,
  args: {
    campaignId: string;
    personName: string;
    deviceName: string;
    ecdhPublicKey: Uint8Array;
    now?: number;
  },
): Promise<{ log: MembershipLog; genesis: SignedOp }> {
  const genesis = await signOp(founder, {
    kind: 'genesis',
    root: '',
    author: founder.publicKey,
    at: args.now ?? Date.now(),
    parents: [],
    campaignId: args.campaignId,
    personName: args.personName,
    deviceName: args.deviceName,
    ecdhPublicKey: args.ecdhPublicKey,
  });
  const log = new MembershipLog(genesis.hash);
  log.add(genesis);
  return { log, genesis };
}

/** Issues an invite (admin). The secret goes in the link, never in the log. */
export async function issueInvite(
  log: MembershipLog,
  admin: DeviceSigner,
  args: { role: Role; expiresAt: number; singleUse: boolean; now?: number },
): Promise<{ op: SignedOp; secret: InviteSecret }> {
  const { secret, key } = await newInviteKey();
  const op = await log.append(
    admin,
    {
      kind: 'invite',
      inviteId: secret.inviteId,
      role: args.role,
      expiresAt: args.expiresAt,
      singleUse: args.singleUse,
      inviteKey: key.publicKey,
    },
    args.now,
  );
  return { op, secret };
}

/** Joins with an invite secret, as the new device `device`. */
export async function joinWithInvite(
  log: MembershipLog,
  device: DeviceSigner,
  args: {
    secret: InviteSecret;
    personName: string;
    deviceName: string;
    ecdhPublicKey: Uint8Array;
    now?: number;
  },
): Promise<SignedOp> {
  const key = await inviteKeyOf(args.secret);
  const proof = await signBytes(
    key.privateKey,
    joinProofMessage({
      root: log.root,
      inviteId: args.secret.inviteId,
      device: device.publicKey,
      ecdhPublicKey: args.ecdhPublicKey,
    }),
  );
  return log.append(
    device,
    {
      kind: 'join',
      inviteId: args.secret.inviteId,
      personName: args.personName,
      deviceName: args.deviceName,
      ecdhPublicKey: args.ecdhPublicKey,
      proof,
    },
    args.now,
  );
}

/** The new device's consent to be added to the person of the device whose key is `by`. */
export function addDeviceProof(
  newDevice: DeviceSigner,
  args: { root: string; by: Uint8Array; ecdhPublicKey: Uint8Array },
): Promise<Uint8Array<ArrayBuffer>> {
  return signBytes(newDevice.privateKey, addDeviceProofMessage(args));
}

/** Adds `newDevice` to the person of `existing` (signed by `existing`, countersigned by the new device). */
export async function addDevice(
  log: MembershipLog,
  existing: DeviceSigner,
  newDevice: DeviceSigner,
  args: { deviceName: string; ecdhPublicKey: Uint8Array; now?: number },
): Promise<SignedOp> {
  const proof = await addDeviceProof(newDevice, {
    root: log.root,
    by: existing.publicKey,
    ecdhPublicKey: args.ecdhPublicKey,
  });
  return addDeviceWithProof(log, existing, { ...args, device: newDevice.publicKey, proof });
}

/**
 * Adds a device whose consent ({@link addDeviceProof}) arrived from elsewhere (a pairing request),
 * signed by `existing`. The log refuses it (`bad-device-proof`) when the proof is not the device's.
 */
export function addDeviceWithProof(
  log: MembershipLog,
  existing: DeviceSigner,
  args: {
    device: Uint8Array;
    deviceName: string;
    ecdhPublicKey: Uint8Array;
    proof: Uint8Array;
    now?: number;
  },
): Promise<SignedOp> {
  return log.append(
    existing,
    {
      kind: 'add-device',
      device: args.device,
      deviceName: args.deviceName,
      ecdhPublicKey: args.ecdhPublicKey,
      proof: args.proof,
    },
    args.now,
  );
}

/** A fresh key id for a rotation (names the new key; the key itself travels in envelopes). */
export function newKeyId(): string {
  return toBase64Url(randomBytes(16));
}

/**
 * Removes a person (all their devices) and rotates in one op (admin): the new epoch's recipients
 * are every device this log vouches for except the person's. The caller seals the new key (named by
 * `keyId`) to exactly `op.recipients`.
 */
export async function removePerson(
  log: MembershipLog,
  admin: DeviceSigner,
  personId: string,
  args: { keyId?: string; now?: number } = {},
): Promise<SignedOp> {
  const view = await verifyLog(log.all(), { root: log.root });
  const gone = new Set(view.members.get(personId)?.devices ?? []);
  const recipients = [...view.devices.keys()].filter((d) => !gone.has(d)).sort();
  return log.append(
    admin,
    { kind: 'remove', personId, epoch: view.latestEpoch + 1, keyId: args.keyId ?? newKeyId(), recipients },
    args.now,
  );
}

/** Rotates the key to every device the log vouches for (admin). */
export async function rotateKey(
  log: MembershipLog,
  admin: DeviceSigner,
  args: { keyId?: string; now?: number } = {},
): Promise<SignedOp> {
  const view = await verifyLog(log.all(), { root: log.root });
  const recipients = [...view.devices.keys()].sort();
  return log.append(
    admin,
    { kind: 'rotate', epoch: view.latestEpoch + 1, keyId: args.keyId ?? newKeyId(), recipients },
    args.now,
  );
}
