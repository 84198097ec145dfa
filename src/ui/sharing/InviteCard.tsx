/**
 * Inviting a coworker (admins only): first what the invite allows (role, one phone or many, how
 * long), then the link made for it, shown in person as a QR code and as text to copy. Others see
 * who to ask instead.
 */
import { createSignal, For, type JSX, Show } from 'solid-js';
import { DEFAULT_INVITE, type InviteOptions, type MemberRole } from '../../app/membership-types';
import { Field, FormError } from '../kit/Field';
import { t } from '../kit/i18n';
import { QrCode } from '../kit/QrCode';
import { type InviteResult, membershipErrorText, roleLabel, settle } from './membership-view';

const ROLES: readonly MemberRole[] = ['member', 'admin'];
const EXPIRIES: readonly InviteOptions['expiresInDays'][] = [1, 7, 30];

/** "Only admins can invite or remove people", naming them. */
export function AdminsOnlyNote(props: { admins: string }) {
  return (
    <p class="help admins-only" data-testid="admins-only">
      {t('members.adminsOnly', { names: props.admins })}
    </p>
  );
}

/** One choice among a few, as radio buttons under a legend. */
function Choice<T extends string | number>(props: {
  name: string;
  legend: string;
  values: readonly T[];
  value: T;
  label: (v: T) => string;
  onChange: (v: T) => void;
  children?: JSX.Element;
}) {
  return (
    <fieldset class="invite-options">
      <legend>{props.legend}</legend>
      <For each={props.values}>
        {(v) => (
          <label class="radio">
            <input
              type="radio"
              name={props.name}
              checked={props.value === v}
              onChange={() => props.onChange(v)}
            />
            {props.label(v)}
          </label>
        )}
      </For>
      {props.children}
    </fieldset>
  );
}

function InviteOptionsForm(props: { options: InviteOptions; onChange: (o: InviteOptions) => void }) {
  const set = (patch: Partial<InviteOptions>) => props.onChange({ ...props.options, ...patch });
  return (
    <>
      <Choice
        name="invite-role"
        legend={t('members.inviteRole')}
        values={ROLES}
        value={props.options.role}
        label={roleLabel}
        onChange={(role) => set({ role })}
      >
        <Show when={props.options.role === 'admin'}>
          <p class="help">{t('members.inviteAdminHelp')}</p>
        </Show>
      </Choice>
      <label class="radio">
        <input
          type="checkbox"
          checked={props.options.singleUse}
          onChange={(e) => set({ singleUse: e.currentTarget.checked })}
        />
        {t('members.singleUse')}
      </label>
      <Choice
        name="invite-expiry"
        legend={t('members.expiry')}
        values={EXPIRIES}
        value={props.options.expiresInDays}
        label={(n) => t('members.days', { n })}
        onChange={(expiresInDays) => set({ expiresInDays })}
      />
    </>
  );
}

function InviteLinkView(props: { link: string; options: InviteOptions; onHide: () => void }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(props.link).catch(() => {});
    setCopied(true);
  };
  return (
    <>
      <p class="help" data-testid="invite-summary">
        {t('members.inviteSummary', {
          role: roleLabel(props.options.role),
          uses: props.options.singleUse ? t('members.oneUse') : t('members.manyUses'),
          days: props.options.expiresInDays,
        })}
      </p>
      <div class="qr-wrap">
        <QrCode text={props.link} label={t('sharing.inviteQr')} />
      </div>
      <Field
        id="invite-link"
        label={t('sharing.inviteLink')}
        type="text"
        readonly
        value={props.link}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div class="row wrap">
        <button type="button" onClick={() => void copy()}>
          {copied() ? t('sharing.copied') : t('sharing.copy')}
        </button>
        <button type="button" onClick={() => props.onHide()}>
          {t('sharing.hideInvite')}
        </button>
      </div>
    </>
  );
}

type Step =
  | { kind: 'closed' }
  | { kind: 'choosing' }
  | { kind: 'shown'; link: string; options: InviteOptions };

export function InviteCard(props: {
  admin: boolean;
  admins: string;
  onCreate: (options: InviteOptions) => Promise<InviteResult>;
}) {
  const [step, setStep] = createSignal<Step>({ kind: 'closed' });
  const [options, setOptions] = createSignal<InviteOptions>(DEFAULT_INVITE);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const make = async () => {
    const chosen = options();
    setBusy(true);
    setError('');
    const r = await settle(() => props.onCreate(chosen));
    setBusy(false);
    if (r.ok && 'link' in r) setStep({ kind: 'shown', link: r.link, options: chosen });
    else if (!r.ok) setError(membershipErrorText(r.error));
  };
  const close = () => {
    setStep({ kind: 'closed' });
    setError('');
  };
  return (
    <div class="card stack invite-card">
      <Show when={props.admin} fallback={<AdminsOnlyNote admins={props.admins} />}>
        <Show when={step().kind === 'closed'}>
          <button type="button" class="primary" onClick={() => setStep({ kind: 'choosing' })}>
            {t('sharing.invite')}
          </button>
        </Show>
        <Show when={step().kind !== 'closed'}>
          <p class="warning" role="note">
            {t('sharing.inviteWarning')}
          </p>
        </Show>
        <Show when={step().kind === 'choosing'}>
          <InviteOptionsForm options={options()} onChange={setOptions} />
          <FormError error={error()} />
          <div class="row wrap">
            <button type="button" class="primary" disabled={busy()} onClick={() => void make()}>
              {busy() ? t('members.makingLink') : t('members.makeLink')}
            </button>
            <button type="button" disabled={busy()} onClick={close}>
              {t('panic.cancel')}
            </button>
          </div>
        </Show>
        <Show when={step().kind === 'shown' && (step() as Extract<Step, { kind: 'shown' }>)}>
          {(s) => <InviteLinkView link={s().link} options={s().options} onHide={close} />}
        </Show>
      </Show>
    </div>
  );
}
