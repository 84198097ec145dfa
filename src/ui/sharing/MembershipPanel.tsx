/**
 * Everything of the Sharing screen that comes from the signed member list: its state's banners,
 * inviting, the members and this phone's safety words. Data and actions come in as props.
 */
import { Show } from 'solid-js';
import type { CampaignMembership } from '../../app/membership-types';
import { AddDeviceCard } from './AddDeviceCard';
import { InviteCard } from './InviteCard';
import { MembershipBanners, type RotationNoticeView } from './MembershipState';
import { MembersList } from './MembersList';
import { adminNames, isAdmin, type MembershipActions } from './membership-view';
import { OpenInvites } from './OpenInvites';
import { DeviceWordsCard } from './SafetyWords';

export function MembershipPanel(props: {
  membership: CampaignMembership;
  rotation: RotationNoticeView | null;
  actions: MembershipActions;
}) {
  const m = () => props.membership;
  return (
    <>
      <MembershipBanners membership={m()} rotation={props.rotation} onRotate={props.actions.rotateKey} />
      <Show when={m().state === 'ready'}>
        <InviteCard admin={isAdmin(m())} admins={adminNames(m())} onCreate={props.actions.createInvite} />
        <Show when={isAdmin(m()) || m().invites.length > 0}>
          <OpenInvites invites={m().invites} admin={isAdmin(m())} onRevoke={props.actions.revokeInvite} />
        </Show>
      </Show>
      {/* A campaign with no log yet still lists its devices (no roles, no powers) for their activity. */}
      <Show when={m().state === 'ready' || (m().state === 'joining' && m().people.length > 0)}>
        <MembersList
          membership={m()}
          onRemove={props.actions.removePerson}
          onSetRole={props.actions.setRole}
        />
      </Show>
      <Show when={m().state === 'ready'}>
        <AddDeviceCard me={m().people.find((p) => p.me)} onPair={props.actions.pairDevice} />
      </Show>
      <DeviceWordsCard words={m().deviceWords} />
    </>
  );
}
