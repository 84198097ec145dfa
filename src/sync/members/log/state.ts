/**
 * Membership state and the rule for one op: `checkOp` says whether an op may apply to a state,
 * `applyOp` applies it. resolve.ts runs them twice per op: against the state of the op's causal
 * past ('past': what its author had seen, where role, epoch and recipient rules are judged) and
 * against the merged replay ('merge': where concurrent ops meet).
 */
import type { RefusalReason } from './errors';
import type { MembershipState, OpNode, PersonState } from './membership-state';
import type { Op } from './ops';

/** Most devices one person has. */
export const MAX_DEVICES_PER_PERSON = 5;

export {
  compareRank,
  type DeviceState,
  type InviteState,
  MembershipState,
  type OpNode,
  type PersonState,
  type Rank,
  type RemovalState,
  type RotationState,
} from './membership-state';

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
  s.admitDevice(person, { id, personId: person.id, name, publicKey: key, ecdhPublicKey: ecdh });
}

type OpOf<K extends Op['kind']> = Extract<Op, { kind: K }>;

/** Records a key rotation made by `node` (its author's rank decides between concurrent ones). */
function recordRotation(
  s: MembershipState,
  node: OpNode,
  author: PersonState | undefined,
  rotation: { epoch: number; keyId: string; recipients: string[] },
): void {
  s.pushRotation({ ...rotation, opHash: node.hash, by: author?.id ?? '', rank: author?.rank ?? [] });
  s.set(s, 'maxEpoch', Math.max(s.maxEpoch, rotation.epoch));
}

function applyGenesis(node: OpNode, s: MembershipState, op: OpOf<'genesis'>): void {
  s.set(s, 'campaignId', op.campaignId);
  const founder: PersonState = {
    id: node.authorId,
    name: op.personName,
    role: 'admin',
    rank: [],
    devices: [],
  };
  s.putPerson(founder);
  admit(s, founder, node.authorId, op.deviceName, op.ecdhPublicKey, op.author);
  s.pushRotation({
    epoch: 0,
    keyId: '',
    recipients: [node.authorId],
    opHash: node.hash,
    by: founder.id,
    rank: [],
  });
  s.set(s, 'maxEpoch', 0);
}

function applyJoin(node: OpNode, s: MembershipState, op: OpOf<'join'>): void {
  const invite = s.invites.get(op.inviteId);
  if (!invite) return;
  s.set(invite, 'used', invite.used + 1);
  const person: PersonState = {
    id: node.authorId,
    name: op.personName,
    role: invite.role,
    rank: invite.rank,
    devices: [],
  };
  s.putPerson(person);
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
  for (const d of target.devices) s.deleteDevice(d);
  s.deletePerson(target);
  s.pushRemoval({ personId: target.id, name: target.name, by: author?.id ?? '', opHash: node.hash });
  // Whatever the removed person had issued and nobody used dies with them.
  for (const invite of s.invitesIssuedBy(target.id)) s.set(invite, 'revoked', true);
  recordRotation(s, node, author, { epoch: op.epoch, keyId: op.keyId, recipients: [...op.recipients] });
}

/** Applies an op that {@link checkOp} accepted. */
export function applyOp(node: OpNode, s: MembershipState): void {
  const op = node.op;
  const author = s.personOf(node.authorId);
  if (needsAdmin(op) || op.kind === 'genesis') s.set(s, 'latestAdminAt', Math.max(s.latestAdminAt, op.at));
  switch (op.kind) {
    case 'genesis':
      applyGenesis(node, s, op);
      return;
    case 'invite':
      s.putInvite({
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
      if (invite) s.set(invite, 'revoked', true);
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
      s.setRole(
        target,
        op.role,
        op.role === 'admin' ? [...(author?.rank ?? []), [node.depth, node.hash]] : null,
      );
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
