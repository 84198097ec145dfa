/**
 * The Sharing screen's membership from the app: the member list this device verified, read again
 * whenever the campaign changes, and the admin actions (invite, roles, removal, a new key).
 */
import { createResource, Show } from 'solid-js';
import { campaignMembership, createMemberInvite, setMemberRole } from '../../app/membership';
import { createPairingLink, revokeMemberInvite } from '../../app/membership-invites';
import type { Session } from '../../app/session';
import { rotationNotice } from '../../app/sync-state';
import { removePerson, rotateCampaignKey } from '../../app/unlocked';
import { createDocVersion } from '../kit/doc-signal';
import { MembershipPanel } from './MembershipPanel';
import type { MembershipActions } from './membership-view';

export function MembersCard(props: { session: Session }) {
  const version = createDocVersion(props.session.campaign.doc);
  const [membership, { refetch }] = createResource(version, () => campaignMembership(props.session));
  /** Reads the member list again once an action is done (it may not change the doc's version). */
  const then = async <R,>(action: Promise<R>): Promise<R> => {
    try {
      return await action;
    } finally {
      void refetch();
    }
  };
  const actions: MembershipActions = {
    removePerson: (personId) => then(removePerson(personId)),
    setRole: (personId, role) => then(setMemberRole(props.session, personId, role)),
    rotateKey: () => then(rotateCampaignKey()),
    createInvite: (options) => then(createMemberInvite(props.session, options)),
    revokeInvite: (inviteId) => then(revokeMemberInvite(props.session, inviteId)),
    pairDevice: () => then(createPairingLink(props.session)),
  };
  return (
    <Show when={membership.latest}>
      {(m) => <MembershipPanel membership={m()} rotation={rotationNotice()} actions={actions} />}
    </Show>
  );
}
