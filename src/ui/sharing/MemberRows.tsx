/**
 * One row per person of the campaign: name, "you", role, who invited them, their devices with
 * safety words behind a disclosure, and (for admins, on other people's rows) removal and roles,
 * each behind a confirmation that says what will happen.
 */
import { For, type JSX, Show } from 'solid-js';
import type { MemberDevice, MemberPerson, MemberRole } from '../../app/membership-types';
import { t } from '../kit/i18n';
import { href } from '../shell/router';
import { roleLabel } from './membership-view';
import { SafetyWordList } from './SafetyWords';

export type RowQuestion = 'remove' | 'role';

function deviceNames(person: MemberPerson): string {
  return person.devices.map((d) => d.name).join(', ');
}

/** A link to what a device changed (member undo starts there). */
function ActivityLink(props: { device: MemberDevice; named?: boolean }) {
  const named = () => t('members.activity', { name: props.device.name });
  return (
    <a
      class="inline-tap"
      href={href(`activity/${props.device.activityId}`)}
      aria-label={props.named ? undefined : named()}
    >
      {props.named ? named() : t('activity.link')}
    </a>
  );
}

/** The person's devices, each with its safety words and activity, folded so the list stays short. */
function DeviceDisclosure(props: { person: MemberPerson }) {
  return (
    <details class="member-devices">
      <summary class="compare-toggle">{t('members.compare')}</summary>
      <ul class="device-list">
        <For each={props.person.devices}>
          {(device) => (
            <li class="stack-tight">
              <span>
                <strong>{device.name}</strong>
                <Show when={device.thisDevice}>
                  <span class="muted"> ({t('members.thisPhone')})</span>
                </Show>
              </span>
              <SafetyWordList words={device.words} label={`${t('members.wordsLabel')}: ${device.name}`} />
              <ActivityLink device={device} />
            </li>
          )}
        </For>
      </ul>
    </details>
  );
}

/** A yes/cancel question in the row it is about. */
function RowConfirm(props: {
  id: string;
  children: JSX.Element;
  yes: string;
  danger?: boolean;
  busy: boolean;
  onYes: () => void;
  onCancel: () => void;
}) {
  return (
    <div class="confirm stack" role="alertdialog" aria-labelledby={props.id}>
      {props.children}
      <div class="row wrap">
        <button
          type="button"
          class={props.danger ? 'danger' : 'primary'}
          disabled={props.busy}
          onClick={() => props.onYes()}
        >
          {props.busy ? t('members.working') : props.yes}
        </button>
        <button type="button" disabled={props.busy} onClick={() => props.onCancel()}>
          {t('panic.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Removing a person: names every device, says the key changes, points to undoing their changes first. */
function RemoveQuestion(props: { person: MemberPerson }) {
  const id = () => `remove-q-${props.person.personId}`;
  return (
    <>
      <p id={id()}>
        {t('members.removeConfirm', { name: props.person.name, devices: deviceNames(props.person) })}
      </p>
      <p class="help">{t('sharing.removeUndoFirst', { name: props.person.name })}</p>
      <ul class="plain-list">
        <For each={props.person.devices}>
          {(device) => (
            <li>
              <ActivityLink device={device} named />
            </li>
          )}
        </For>
      </ul>
    </>
  );
}

export function PersonRow(props: {
  person: MemberPerson;
  /** Admin controls (the viewer is an admin and this is someone else). */
  manage: boolean;
  question: RowQuestion | null;
  busy: boolean;
  onAsk: (q: RowQuestion | null) => void;
  onRemove: () => void;
  onSetRole: (role: MemberRole) => void;
}) {
  const p = () => props.person;
  const otherRole = (): MemberRole => (p().role === 'admin' ? 'member' : 'admin');
  return (
    <li class="member member-person stack-tight" data-person={p().personId}>
      <div class="member-head">
        <strong>{p().name}</strong>
        <Show when={p().me}>
          <span class="muted"> ({t('members.you')})</span>
        </Show>{' '}
        <span class="role-badge" data-role={p().role}>
          {roleLabel(p().role)}
        </span>
      </div>
      <span class="muted small">
        {p().invitedBy === null
          ? t('members.founder')
          : t('members.invitedBy', { name: p().invitedBy ?? '' })}
        {' · '}
        {t('members.devices', { n: p().devices.length, names: deviceNames(p()) })}
      </span>
      <DeviceDisclosure person={p()} />
      <Show when={props.manage && !props.question}>
        <div class="row wrap">
          <button type="button" onClick={() => props.onAsk('remove')}>
            {t('members.remove', { name: p().name })}
          </button>
          <button type="button" onClick={() => props.onAsk('role')}>
            {otherRole() === 'admin' ? t('members.makeAdmin') : t('members.makeMember')}
          </button>
        </div>
      </Show>
      <Show when={props.manage && props.question === 'remove'}>
        <RowConfirm
          id={`remove-q-${p().personId}`}
          yes={t('sharing.removeYes')}
          danger
          busy={props.busy}
          onYes={props.onRemove}
          onCancel={() => props.onAsk(null)}
        >
          <RemoveQuestion person={p()} />
        </RowConfirm>
      </Show>
      <Show when={props.manage && props.question === 'role'}>
        <RowConfirm
          id={`role-q-${p().personId}`}
          yes={t('members.yes')}
          busy={props.busy}
          onYes={() => props.onSetRole(otherRole())}
          onCancel={() => props.onAsk(null)}
        >
          <p id={`role-q-${p().personId}`}>
            {otherRole() === 'admin'
              ? t('members.makeAdminConfirm', { name: p().name })
              : t('members.makeMemberConfirm', { name: p().name })}
          </p>
        </RowConfirm>
      </Show>
    </li>
  );
}
