/**
 * The campaign's current members as choices for "assigned to": this device first ("Me"), then the
 * others by name. Member records are checked by `listCampaignMembers` (each id must match its key); a
 * person assigned to a device no longer listed still shows, as "another member".
 */
import { type Accessor, createEffect, createSignal } from 'solid-js';
import { listCampaignMembers } from '../../app/people';
import type { Session } from '../../app/session';
import { createDocQuery } from '../kit/doc-signal';
import { t } from '../kit/i18n';

/** One member to assign people to. */
export interface MemberChoice {
  readonly id: string;
  readonly label: string;
}

/** Members as choices; always at least this device. */
export function createMemberChoices(session: Session): Accessor<readonly MemberChoice[]> {
  const listed = createDocQuery(session.campaign.doc, () => listCampaignMembers(session));
  const me = (name?: string): MemberChoice => ({
    id: session.deviceId,
    label: name ? t('assign.me', { name }) : t('assign.meOnly'),
  });
  const [choices, setChoices] = createSignal<readonly MemberChoice[]>([me()]);
  createEffect(() => {
    listed().then(
      (active) => {
        const mine = active.find((m) => m.deviceId === session.deviceId);
        const others = active
          .filter((m) => m.deviceId !== session.deviceId)
          .map((m) => ({ id: m.deviceId, label: m.deviceName }))
          .sort((a, b) => a.label.localeCompare(b.label));
        setChoices([me(mine?.deviceName), ...others]);
      },
      () => {},
    );
  });
  return choices;
}

/** Words for who a person is assigned to. */
export function assigneeLabel(id: string | undefined, choices: readonly MemberChoice[]): string {
  if (id === undefined) return t('assign.nobody');
  return choices.find((c) => c.id === id)?.label ?? t('assign.other');
}
