/**
 * verifyLog: from a set of untrusted op bytes to the membership the log vouches for.
 *
 * Structural checks first (canonical bytes, signatures, one root of trust, parents present), then
 * resolve.ts decides what each valid op means. The result is a pure function of the SET of ops and
 * the root: arrival order, duplicates and copies with broken signatures change nothing.
 */
import { sha256, toHex, verifyBytes } from '../../../crypto';
import { MembershipError, type RefusalReason } from './errors';
import { deviceIdForSigningKey } from './identity';
import { decodeOpBody, type Op, opSigningMessage, type Role, type SignedOp, splitSignedOp } from './ops';
import { addDeviceProofMessage, joinProofMessage } from './proofs';
import { currentEpoch, Resolver } from './resolve';
import type { MembershipState, OpNode, RemovalState, RotationState } from './state';

/** Most ops one log may hold (a cap on what a peer can make every device verify). */
export const MAX_OPS = 2000;

/** A member as the log vouches for it. */
export interface MemberView {
  personId: string;
  name: string;
  role: Role;
  devices: string[];
}
/** A device as the log vouches for it. */
export interface DeviceView {
  deviceId: string;
  personId: string;
  name: string;
  /** Ed25519 public key (raw). */
  publicKey: Uint8Array;
  /** The key rotation envelopes are sealed to. */
  ecdhPublicKey: Uint8Array;
}

/** An invite as the log holds it (its secret is only in the link). */
export interface InviteView {
  inviteId: string;
  /** Hash of the invite op. */
  opHash: string;
  /** Person who issued it. */
  by: string;
  /** Claimed time of the invite op. */
  at: number;
  role: Role;
  expiresAt: number;
  singleUse: boolean;
  /** Joins that took effect with it. */
  used: number;
  revoked: boolean;
}

/** What a membership log says. */
export interface MembershipView {
  root: string;
  campaignId: string;
  members: Map<string, MemberView>;
  devices: Map<string, DeviceView>;
  /** Who removed whom, in resolution order (for telling the user). */
  removals: RemovalState[];
  /** Every invite that took effect (open, used, revoked or expired), in issue order. */
  invites: InviteView[];
  /** The current key epoch: its key went to exactly these recipients, all current members. */
  epoch: RotationState | null;
  /** Highest epoch any applied rotation named (a new rotation names one more). */
  latestEpoch: number;
  /** True when a rotation is due: no safe epoch, a newer epoch reached a removed device, or a member device lacks the key. */
  rekeyNeeded: boolean;
  /** Current devices that are not recipients of the current epoch. */
  awaitingKey: string[];
  /** Ops that took effect, by hash. */
  accepted: string[];
  /** Ops that did not, with why. */
  refused: { opHash: string; reason: RefusalReason }[];
}

type Input = Uint8Array | SignedOp;

async function decodeInput(
  input: Input,
): Promise<{ hash: string; op?: Op; body?: Uint8Array; signature?: Uint8Array }> {
  if (!(input instanceof Uint8Array)) return input;
  try {
    const { body, signature } = splitSignedOp(input);
    const hash = toHex(await sha256(body));
    try {
      return { hash, op: decodeOpBody(body), body, signature };
    } catch {
      return { hash };
    }
  } catch {
    return { hash: toHex(await sha256(input)) };
  }
}

/**
 * Verifies a whole membership log against its root of trust (the genesis hash from the invite).
 *
 * @throws MembershipError('too-many-ops') past {@link MAX_OPS}; MembershipError('no-genesis') when
 *   the root's genesis op is not among the ops (or does not verify).
 * @example
 * const view = await verifyLog(log.all(), { root });
 * if (view.members.get(personId)?.role === 'admin') showAdminTools();
 */
export async function verifyLog(ops: readonly Input[], options: { root: string }): Promise<MembershipView> {
  if (ops.length > MAX_OPS) throw new MembershipError('too-many-ops', { ops: ops.length });
  const refused = new Map<string, RefusalReason>();
  const valid = await signedOps(ops, refused);
  const genesis = valid.get(options.root);
  if (genesis?.op.kind !== 'genesis') throw new MembershipError('no-genesis');
  const placed = placeOps(valid, options.root, refused);
  const order = [...placed.entries()].sort(([ha, a], [hb, b]) => a - b || (ha < hb ? -1 : ha > hb ? 1 : 0));
  const indexOf = new Map(order.map(([hash], i) => [hash, i]));
  const invites = invitesById(valid);
  const nodes: OpNode[] = [];
  for (const [i, [hash, depth]] of order.entries()) {
    nodes.push(await nodeOf(i, hash, depth, valid, invites, options.root));
  }
  const parents = nodes.map((n) => n.op.parents.map((h) => indexOf.get(h) as number));
  const resolution = new Resolver({ nodes, parents }).resolveAll();
  for (const [i, reason] of resolution.refused) {
    const node = nodes[i] as OpNode;
    refused.set(
      node.hash,
      node.op.kind === 'add-device' && node.addedId === '' ? 'bad-device-proof' : reason,
    );
  }
  return {
    root: options.root,
    ...stateView(resolution.state),
    accepted: [...resolution.applied].map((i) => (nodes[i] as OpNode).hash).sort(),
    refused: [...refused.entries()]
      .map(([opHash, reason]) => ({ opHash, reason }))
      .sort((a, b) => (a.opHash < b.opHash ? -1 : 1)),
  };
}

type ValidOps = Map<string, { op: Op; authorId: string }>;

/** The ops that decode and carry their author's signature; the others are refused (by hash). */
async function signedOps(ops: readonly Input[], refused: Map<string, RefusalReason>): Promise<ValidOps> {
  const valid: ValidOps = new Map();
  const decoded = await Promise.all(ops.map(decodeInput));
  for (const d of decoded) {
    if (valid.has(d.hash)) continue;
    if (!d.op || !d.body || !d.signature) {
      if (!refused.has(d.hash)) refused.set(d.hash, 'malformed');
      continue;
    }
    // A copy with a bad signature never shadows a good copy of the same op.
    if (!(await verifyBytes(d.op.author, d.signature, opSigningMessage(d.body)))) {
      if (!refused.has(d.hash)) refused.set(d.hash, 'bad-signature');
      continue;
    }
    refused.delete(d.hash);
    valid.set(d.hash, { op: d.op, authorId: await deviceIdForSigningKey(d.op.author) });
  }
  return valid;
}

/**
 * Places ops whose parents are all placed, from the root, in one pass over the parent edges
 * (Kahn's algorithm); returns each placed op's depth (longest path from the genesis). What never
 * gets placed is missing a parent (transitively).
 */
function placeOps(valid: ValidOps, root: string, refused: Map<string, RefusalReason>): Map<string, number> {
  const placed = new Map<string, number>([[root, 0]]);
  const waiting = new Map<string, number>(); // op → parents not placed yet
  const children = new Map<string, string[]>(); // parent → ops waiting on it
  for (const [hash, v] of valid) {
    if (hash === root) continue;
    if (v.op.kind === 'genesis') refused.set(hash, 'foreign-genesis');
    else if (v.op.root !== root) refused.set(hash, 'wrong-root');
    else if (v.op.parents.length === 0) refused.set(hash, 'missing-parent');
    else {
      waiting.set(hash, v.op.parents.length);
      for (const p of v.op.parents) {
        const list = children.get(p);
        if (list) list.push(hash);
        else children.set(p, [hash]);
      }
    }
  }
  const ready = [root];
  while (ready.length > 0) {
    const p = ready.pop() as string;
    for (const child of children.get(p) ?? []) {
      const left = (waiting.get(child) as number) - 1;
      waiting.set(child, left);
      if (left > 0) continue;
      const op = (valid.get(child) as { op: Op }).op;
      placed.set(child, Math.max(...op.parents.map((q) => placed.get(q) as number)) + 1);
      waiting.delete(child);
      ready.push(child);
    }
  }
  for (const hash of waiting.keys()) refused.set(hash, 'missing-parent');
  return placed;
}

/** Invite ops by invite id (ids may repeat across ops: each is a candidate for a join's proof). */
function invitesById(valid: ValidOps): Map<string, { hash: string; key: Uint8Array }[]> {
  const out = new Map<string, { hash: string; key: Uint8Array }[]>();
  for (const [hash, v] of valid) {
    if (v.op.kind !== 'invite') continue;
    const list = out.get(v.op.inviteId) ?? [];
    list.push({ hash, key: v.op.inviteKey });
    out.set(v.op.inviteId, list);
  }
  return out;
}

/** The node of a placed op, with its proofs checked: an added device's, and a join's against each invite. */
async function nodeOf(
  index: number,
  hash: string,
  depth: number,
  valid: ValidOps,
  invites: Map<string, { hash: string; key: Uint8Array }[]>,
  root: string,
): Promise<OpNode> {
  const v = valid.get(hash) as { op: Op; authorId: string };
  const node: OpNode = { index, hash, op: v.op, depth, authorId: v.authorId };
  if (v.op.kind === 'add-device') {
    const message = addDeviceProofMessage({
      root,
      by: v.op.author,
      ecdhPublicKey: v.op.ecdhPublicKey,
    });
    if (!(await verifyBytes(v.op.device, v.op.proof, message))) {
      // Still placed (descendants name it), but it can never apply.
      node.addedId = '';
    } else node.addedId = await deviceIdForSigningKey(v.op.device);
  }
  if (v.op.kind === 'join') {
    const ok = new Set<string>();
    const message = joinProofMessage({
      root,
      inviteId: v.op.inviteId,
      device: v.op.author,
      ecdhPublicKey: v.op.ecdhPublicKey,
    });
    for (const invite of invites.get(v.op.inviteId) ?? []) {
      if (await verifyBytes(invite.key, v.op.proof, message)) ok.add(invite.hash);
    }
    node.proofOkFor = ok;
  }
  return node;
}

/** What the resolved state shows: members, devices, removals and the key epoch. */
function stateView(state: MembershipState) {
  const members = new Map<string, MemberView>();
  for (const p of state.persons.values())
    members.set(p.id, { personId: p.id, name: p.name, role: p.role, devices: [...p.devices] });
  const devices = new Map<string, DeviceView>();
  for (const d of state.devices.values())
    devices.set(d.id, {
      deviceId: d.id,
      personId: d.personId,
      name: d.name,
      publicKey: d.publicKey,
      ecdhPublicKey: d.ecdhPublicKey,
    });
  const invites = [...state.invites.values()].map(
    (i): InviteView => ({
      inviteId: i.id,
      opHash: i.opHash,
      by: i.by,
      at: i.at,
      role: i.role,
      expiresAt: i.expiresAt,
      singleUse: i.singleUse,
      used: i.used,
      revoked: i.revoked,
    }),
  );
  const epoch = currentEpoch(state);
  const awaitingKey = state.deviceIds().filter((d) => !epoch?.recipients.includes(d));
  return {
    campaignId: state.campaignId,
    members,
    devices,
    removals: state.removals,
    invites,
    epoch,
    latestEpoch: state.maxEpoch,
    rekeyNeeded: epoch === null || epoch.epoch < state.maxEpoch || awaitingKey.length > 0,
    awaitingKey,
  };
}
