/**
 * Membership state and the rule for one op: `checkOp` says whether an op may apply to a state,
 * `applyOp` applies it. resolve.ts runs them twice per op: against the state of the op's causal
 * past ('past': what its author had seen, where role, epoch and recipient rules are judged) and
 * against the merged replay ('merge': where concurrent ops meet).
 */
import type { RefusalReason } from './errors';
import type { Op, Role } from './ops';

/** Most devices one person has. */
export const MAX_DEVICES_PER_PERSON = 5;

/**
 * Admin seniority: the founder is `[]`; an admin made by admin X gets X's rank followed by
 * [depth, hash] of the granting op. Compared lexicographically, a prefix first: an admin is always
 * senior to every admin they made, so a granting op's chosen depth only orders the granter's own
 * appointees.
 */
export type Rank = readonly (readonly [number, string])[];

/** −1 when `a` is senior to `b`. */
export function compareRank(a: Rank, b: Rank): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [da, ha] = a[i] as readonly [number, string];
    const [db, hb] = b[i] as readonly [number, string];
    if (da !== db) return da - db;
    if (ha !== hb) return ha < hb ? -1 : 1;
  }
  return a.length - b.length;
}

/** An op as the resolver sees it. */
export interface OpNode {
  index: number;
  hash: string;
  op: Op;
  /** Longest path from the genesis (genesis = 0). */
  depth: number;
  /** Device id of the author key. */
  authorId: string;
  /** For add-device: device id of the added key. */
  addedId?: string;
  /** For joins: hashes of invite ops under whose key the proof verifies. */
  proofOkFor?: ReadonlySet<string>;
}

export interface PersonState {
  id: string;
  name: string;
  role: Role;
  rank: Rank | null;
  devices: string[];
}
export interface DeviceState {
  id: string;
  personId: string;
  name: string;
  publicKey: Uint8Array;
  ecdhPublicKey: Uint8Array;
}
export interface InviteState {
  id: string;
  opHash: string;
  by: string;
  at: number;
  role: Role;
  expiresAt: number;
  singleUse: boolean;
  /** Rank an admin who joins with it gets. */
  rank: Rank | null;
  used: number;
  revoked: boolean;
}
export interface RotationState {
  epoch: number;
  keyId: string;
  recipients: string[];
  opHash: string;
  by: string;
  rank: Rank;
}
export interface RemovalState {
  personId: string;
  name: string;
  by: string;
  opHash: string;
}

/** What the log says at some point. */
export class MembershipState {
  campaignId = '';
  readonly persons = new Map<string, PersonState>();
  readonly devices = new Map<string, DeviceState>();
  /** Every device id ever admitted (a removed device never comes back under any person). */
  readonly known = new Set<string>();
  readonly invites = new Map<string, InviteState>();
  readonly rotations: RotationState[] = [];
  readonly removals: RemovalState[] = [];
  maxEpoch = -1;
  /** Latest claimed time of an admin op (joins may not claim an earlier time). */
  latestAdminAt = 0;

  /** Person of an author device, if it is a current member's. */
  personOf(deviceId: string): PersonState | undefined {
    const d = this.devices.get(deviceId);
    return d ? this.persons.get(d.personId) : undefined;
  }

  admins(): number {
    let n = 0;
    for (const p of this.persons.values()) if (p.role === 'admin') n++;
    return n;
  }

  /** Every current device id, sorted. */
  deviceIds(): string[] {
    return [...this.devices.keys()].sort();
  }
}

const ADMIN_KINDS = new Set(['invite', 'revoke-invite', 'remove', 'set-role', 'rotate']);

/** Whether an op kind needs its author to be an admin. */
export const needsAdmin = (op: Op): boolean => ADMIN_KINDS.has(op.kind);

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Why `node` may not apply to `state`, or null. */
export function checkOp(node: OpNode, s: MembershipState, mode: 'past' | 'merge'): RefusalReason | null {
  const op = node.op;
  if (op.kind === 'genesis') return null;
  if (op.kind === 'join') {
    if (s.known.has(node.authorId)) return 'device-known';
    const invite = s.invites.get(op.inviteId);
    if (!invite) return 'unknown-invite';
    if (!node.proofOkFor?.has(invite.opHash)) return 'bad-invite-proof';
    if (invite.revoked) return 'invite-revoked';
    // A join may not claim a time before the admin ops it saw: an expired link cannot be backdated
    // past anything its holder has seen.
    if (op.at > invite.expiresAt || (mode === 'past' && op.at < s.latestAdminAt)) return 'invite-expired';
    if (invite.singleUse && invite.used > 0) return 'invite-used';
    return null;
  }
  const author = s.personOf(node.authorId);
  if (!author) return 'unknown-author';
  if (needsAdmin(op) && author.role !== 'admin') return 'not-admin';
  switch (op.kind) {
    case 'invite':
      return s.invites.has(op.inviteId) ? 'duplicate-invite' : null;
    case 'revoke-invite': {
      const invite = s.invites.get(op.inviteId);
      if (!invite) return 'unknown-invite';
      return invite.revoked ? 'invite-revoked' : null;
    }
    case 'add-device':
      // No consent from the new device (verify.ts leaves addedId empty): it never applies.
      if (!node.addedId) return 'bad-device-proof';
      if (s.known.has(node.addedId)) return 'device-known';
      return author.devices.length >= MAX_DEVICES_PER_PERSON ? 'too-many-devices' : null;
    case 'set-role': {
      const target = s.persons.get(op.personId);
      if (!target) return 'unknown-person';
      if (target.role === op.role) return 'no-change';
      return op.role === 'member' && s.admins() <= 1 ? 'last-admin' : null;
    }
    case 'remove': {
      const target = s.persons.get(op.personId);
      if (!target) return 'unknown-person';
      if (target.role === 'admin' && s.admins() <= 1) return 'last-admin';
      if (mode === 'merge') return null;
      if (op.epoch !== s.maxEpoch + 1) return 'bad-epoch';
      const remaining = s.deviceIds().filter((d) => !target.devices.includes(d));
      return sameList(op.recipients, remaining) ? null : 'recipients-mismatch';
    }
    case 'rotate':
      if (mode === 'merge') return null;
      if (op.epoch !== s.maxEpoch + 1) return 'bad-epoch';
      return sameList(op.recipients, s.deviceIds()) ? null : 'recipients-mismatch';
  }
}

function admit(
  s: MembershipState,
  person: PersonState,
  id: string,
  name: string,
  ecdh: Uint8Array,
  key: Uint8Array,
) {
  s.devices.set(id, { id, personId: person.id, name, publicKey: key, ecdhPublicKey: ecdh });
  s.known.add(id);
  person.devices.push(id);
  person.devices.sort();
}

type OpOf<K extends Op['kind']> = Extract<Op, { kind: K }>;

/** Records a key rotation made by `node` (its author's rank decides between concurrent ones). */
function recordRotation(
  s: MembershipState,
  node: OpNode,
  author: PersonState | undefined,
  rotation: { epoch: number; keyId: string; recipients: string[] },
): void {
  s.rotations.push({ ...rotation, opHash: node.hash, by: author?.id ?? '', rank: author?.rank ?? [] });
  s.maxEpoch = Math.max(s.maxEpoch, rotation.epoch);
}

function applyGenesis(node: OpNode, s: MembershipState, op: OpOf<'genesis'>): void {
  s.campaignId = op.campaignId;
  const founder: PersonState = {
    id: node.authorId,
    name: op.personName,
    role: 'admin',
    rank: [],
    devices: [],
  };
  s.persons.set(founder.id, founder);
  admit(s, founder, node.authorId, op.deviceName, op.ecdhPublicKey, op.author);
  s.rotations.push({
    epoch: 0,
    keyId: '',
    recipients: [node.authorId],
    opHash: node.hash,
    by: founder.id,
    rank: [],
  });
  s.maxEpoch = 0;
}

function applyJoin(node: OpNode, s: MembershipState, op: OpOf<'join'>): void {
  const invite = s.invites.get(op.inviteId);
  if (!invite) return;
  invite.used++;
  const person: PersonState = {
    id: node.authorId,
    name: op.personName,
    role: invite.role,
    rank: invite.rank,
    devices: [],
  };
  s.persons.set(person.id, person);
  admit(s, person, node.authorId, op.deviceName, op.ecdhPublicKey, op.author);
}

function applyRemove(
  node: OpNode,
  s: MembershipState,
  op: OpOf<'remove'>,
  author: PersonState | undefined,
): void {
  const target = s.persons.get(op.personId);
  if (!target) return;
  for (const d of target.devices) s.devices.delete(d);
  s.persons.delete(target.id);
  s.removals.push({ personId: target.id, name: target.name, by: author?.id ?? '', opHash: node.hash });
  // Whatever the removed person had issued and nobody used dies with them.
  for (const invite of s.invites.values()) if (invite.by === target.id) invite.revoked = true;
  recordRotation(s, node, author, { epoch: op.epoch, keyId: op.keyId, recipients: [...op.recipients] });
}

/** Applies an op that {@link checkOp} accepted. */
export function applyOp(node: OpNode, s: MembershipState): void {
  const op = node.op;
  const author = s.personOf(node.authorId);
  if (needsAdmin(op) || op.kind === 'genesis') s.latestAdminAt = Math.max(s.latestAdminAt, op.at);
  switch (op.kind) {
    case 'genesis':
      applyGenesis(node, s, op);
      return;
    case 'invite':
      s.invites.set(op.inviteId, {
        id: op.inviteId,
        opHash: node.hash,
        by: author?.id ?? '',
        at: op.at,
        role: op.role,
        expiresAt: op.expiresAt,
        singleUse: op.singleUse,
        rank: op.role === 'admin' ? [...(author?.rank ?? []), [node.depth, node.hash]] : null,
        used: 0,
        revoked: false,
      });
      return;
    case 'revoke-invite': {
      const invite = s.invites.get(op.inviteId);
      if (invite) invite.revoked = true;
      return;
    }
    case 'join':
      applyJoin(node, s, op);
      return;
    case 'add-device':
      if (author && node.addedId) admit(s, author, node.addedId, op.deviceName, op.ecdhPublicKey, op.device);
      return;
    case 'set-role': {
      const target = s.persons.get(op.personId);
      if (!target) return;
      target.role = op.role;
      target.rank = op.role === 'admin' ? [...(author?.rank ?? []), [node.depth, node.hash]] : null;
      return;
    }
    case 'remove':
      applyRemove(node, s, op, author);
      return;
    case 'rotate':
      recordRotation(s, node, author, { epoch: op.epoch, keyId: op.keyId, recipients: [...op.recipients] });
      return;
  }
}
