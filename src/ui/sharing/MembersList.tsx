/**
 * The Members card: every person the signed member list holds, with admin controls for admins.
 * It takes the membership and the actions as props; MembersCard supplies them from the app.
 */
import { createSignal, For } from 'solid-js';
import type { CampaignMembership, MemberRole, MembershipResult } from '../../app/membership-types';
import { FormError } from '../kit/Field';
import { t } from '../kit/i18n';
import { href } from '../shell/router';
import { PersonRow, type RowQuestion } from './MemberRows';
import { isAdmin, membershipErrorText, settle } from './membership-view';

type Asking = { personId: string; question: RowQuestion };

export function MembersList(props: {
  membership: CampaignMembership;
  onRemove: (personId: string) => Promise<MembershipResult>;
  onSetRole: (personId: string, role: MemberRole) => Promise<MembershipResult>;
}) {
  const [asking, setAsking] = createSignal<Asking | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const run = async (action: () => Promise<MembershipResult>) => {
    setBusy(true);
    setError('');
    const result = await settle(action);
    setBusy(false);
    if (result.ok) setAsking(null);
    else setError(membershipErrorText(result.error));
  };
  const ask = (personId: string, question: RowQuestion | null) => {
    setError('');
    setAsking(question ? { personId, question } : null);
  };
  const questionFor = (personId: string) => {
    const a = asking();
    return a?.personId === personId ? a.question : null;
  };
  return (
    <div class="card stack">
      <h2>{t('sharing.members')}</h2>
      <ul class="list member-list">
        <For each={props.membership.people}>
          {(person) => (
            <PersonRow
              person={person}
              manage={isAdmin(props.membership) && !person.me}
              question={questionFor(person.personId)}
              busy={busy()}
              onAsk={(q) => ask(person.personId, q)}
              onRemove={() => void run(() => props.onRemove(person.personId))}
              onSetRole={(role) => void run(() => props.onSetRole(person.personId, role))}
            />
          )}
        </For>
      </ul>
      <FormError error={error()} />
      <a href={href('snapshots')}>{t('snapshots.link')}</a>
    </div>
  );
}
