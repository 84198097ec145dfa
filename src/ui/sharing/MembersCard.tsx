/** The campaign's members, each with their activity, and removing one (after a confirmation). */
import { createResource, createSignal, For, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { campaignMembers } from '../../app/sync-state';
import { removePerson } from '../../app/unlocked';
import { createDocVersion } from '../kit/doc-signal';
import { t } from '../kit/i18n';
import { href } from '../shell/router';
import { when } from './when';

type Target = { id: string; name: string };

/** Asks before removing a member, with a pointer to undo their changes first. */
function RemoveConfirm(props: { target: Target; onRemove: () => void; onCancel: () => void }) {
  return (
    <div class="card stack" role="alertdialog" aria-labelledby="remove-q">
      <p id="remove-q">{t('sharing.removeConfirm', { name: props.target.name })}</p>
      <p class="help">
        {t('sharing.removeUndoFirst', { name: props.target.name })}{' '}
        <a href={href(`activity/${props.target.id}`)}>{t('activity.link')}</a>
      </p>
      <div class="row">
        <button type="button" class="danger" onClick={() => props.onRemove()}>
          {t('sharing.removeYes')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('panic.cancel')}
        </button>
      </div>
    </div>
  );
}

/** One member: name (and "you"), when they joined, their activity and, for others, removal. */
function MemberItem(props: {
  member: { deviceId: string; deviceName: string; joinedAt: number };
  self: boolean;
  onRemove: () => void;
}) {
  return (
    <li class="item member">
      <span>
        {props.member.deviceName}
        <Show when={props.self}>
          <span class="muted"> ({t('sharing.you')})</span>
        </Show>
        <br />
        <span class="muted">{t('sharing.joined', { when: when(props.member.joinedAt) })}</span>
      </span>
      <span class="row">
        <a
          class="button"
          href={href(`activity/${props.member.deviceId}`)}
          aria-label={`${t('activity.link')}: ${props.member.deviceName}`}
        >
          {t('activity.link')}
        </a>
        <Show when={!props.self}>
          <button type="button" onClick={() => props.onRemove()}>
            {t('sharing.remove')}
          </button>
        </Show>
      </span>
    </li>
  );
}

export function MembersCard(props: { session: Session }) {
  const version = createDocVersion(props.session.campaign.doc);
  const [members] = createResource(version, () => campaignMembers(props.session));
  const [confirming, setConfirming] = createSignal<Target | null>(null);
  const remove = async () => {
    const target = confirming();
    if (!target) return;
    setConfirming(null);
    await removePerson(target.id);
  };
  return (
    <div class="card stack">
      <h2>{t('sharing.members')}</h2>
      <ul class="list">
        <For each={members() ?? []}>
          {(m) => (
            <MemberItem
              member={m}
              self={m.deviceId === props.session.deviceId}
              onRemove={() => setConfirming({ id: m.deviceId, name: m.deviceName })}
            />
          )}
        </For>
      </ul>
      <a href={href('snapshots')}>{t('snapshots.link')}</a>
      <Show when={confirming()}>
        {(c) => (
          <RemoveConfirm target={c()} onRemove={() => void remove()} onCancel={() => setConfirming(null)} />
        )}
      </Show>
    </div>
  );
}
