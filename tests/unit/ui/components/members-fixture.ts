/** Membership data for the Sharing screen's component tests: a founder admin, a member with two devices. */
import type {
  CampaignMembership,
  MemberPerson,
  MembershipResult,
} from '../../../../src/app/membership-types';
import type { InviteResult, MembershipActions } from '../../../../src/ui/sharing/membership-view';

export const WORDS = {
  ana: ['carrot', 'lake', 'boot', 'cousin', 'marble', 'pearl'],
  mallory1: ['anchor', 'bread', 'canyon', 'dove', 'ember', 'fern'],
  mallory2: ['glove', 'harbor', 'iris', 'jelly', 'kettle', 'lemon'],
  bo: ['maple', 'nickel', 'otter', 'pepper', 'quilt', 'river'],
} as const;

export const ANA: MemberPerson = {
  personId: 'p-ana',
  name: 'Ana',
  role: 'admin',
  me: false,
  invitedBy: null,
  devices: [{ id: 'd-ana', activityId: 'act-ana', name: 'Ana phone', words: WORDS.ana, thisDevice: false }],
};

export const MALLORY: MemberPerson = {
  personId: 'p-mallory',
  name: 'Mallory',
  role: 'member',
  me: false,
  invitedBy: 'Ana',
  devices: [
    { id: 'd-m1', activityId: 'act-m1', name: 'Mallory phone', words: WORDS.mallory1, thisDevice: false },
    { id: 'd-m2', activityId: 'act-m2', name: 'Mallory tablet', words: WORDS.mallory2, thisDevice: false },
  ],
};

export const BO: MemberPerson = {
  personId: 'p-bo',
  name: 'Bo',
  role: 'member',
  me: false,
  invitedBy: 'Ana',
  devices: [{ id: 'd-bo', activityId: 'act-bo', name: 'Bo phone', words: WORDS.bo, thisDevice: false }],
};

/** The membership as `who` sees it (their row is marked as theirs and their device as this one). */
export function membershipAs(who: MemberPerson, patch: Partial<CampaignMembership> = {}): CampaignMembership {
  const people = [ANA, MALLORY, BO].map((p) =>
    p.personId === who.personId
      ? { ...p, me: true, devices: p.devices.map((d, i) => ({ ...d, thisDevice: i === 0 })) }
      : p,
  );
  return {
    state: 'ready',
    deviceWords: who.devices[0]?.words ?? [],
    me: { personId: who.personId, role: who.role },
    people,
    removals: [],
    removedBy: null,
    rekeyNeeded: false,
    refusedOps: 0,
    invites: [],
    joinRefused: null,
    pairing: false,
    ...patch,
  };
}

/** Action callbacks that record their calls and answer what each test chooses (ok by default). */
export function fakeActions(answers: Partial<Record<keyof MembershipActions, unknown>> = {}) {
  const calls: { action: keyof MembershipActions; args: unknown[] }[] = [];
  const answer =
    <R>(action: keyof MembershipActions, fallback: R) =>
    async (...args: unknown[]): Promise<R> => {
      calls.push({ action, args });
      const a = answers[action];
      if (a instanceof Error) throw a;
      return (a ?? fallback) as R;
    };
  const ok: MembershipResult = { ok: true };
  const actions: MembershipActions = {
    removePerson: answer('removePerson', ok),
    setRole: answer('setRole', ok),
    rotateKey: answer('rotateKey', ok),
    createInvite: answer<InviteResult>('createInvite', { ok: true, link: 'https://example.test/#/join/abc' }),
    revokeInvite: answer('revokeInvite', ok),
    pairDevice: answer<InviteResult>('pairDevice', { ok: true, link: 'https://example.test/#/join/pair' }),
  };
  return { actions, calls };
}
