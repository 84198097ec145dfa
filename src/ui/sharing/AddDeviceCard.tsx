/**
 * "Add my other phone": a pairing link (QR and text) that adds the person's own second phone under
 * them, with its own safety words. Any member can make one for themselves; once the other phone
 * shows up under this person, the card says so.
 */
import { createSignal, Show } from 'solid-js';
import type { MemberPerson } from '../../app/membership-types';
import { Field, FormError } from '../kit/Field';
import { t } from '../kit/i18n';
import { QrCode } from '../kit/QrCode';
import { type InviteResult, membershipErrorText, settle } from './membership-view';

export function AddDeviceCard(props: { me: MemberPerson | undefined; onPair: () => Promise<InviteResult> }) {
  const [link, setLink] = createSignal<string | null>(null);
  /** Device ids this person had when the link was made. */
  const [before, setBefore] = createSignal<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const added = () => {
    if (!link()) return null;
    return props.me?.devices.find((d) => !before().has(d.id)) ?? null;
  };
  const make = async () => {
    setBusy(true);
    setError('');
    setBefore(new Set(props.me?.devices.map((d) => d.id) ?? []));
    const r = await settle(props.onPair);
    setBusy(false);
    if (r.ok && 'link' in r) setLink(r.link);
    else if (!r.ok) setError(membershipErrorText(r.error));
  };
  return (
    <div class="card stack add-device" data-testid="add-device">
      <h2>{t('pair.title')}</h2>
      <Show
        when={link()}
        fallback={
          <>
            <p class="help">{t('pair.help')}</p>
            <button type="button" disabled={busy()} onClick={() => void make()}>
              {busy() ? t('pair.making') : t('pair.start')}
            </button>
          </>
        }
      >
        {(l) => (
          <Show
            when={added()}
            fallback={
              <>
                <p class="warning" role="note">
                  {t('pair.warning')}
                </p>
                <div class="qr-wrap">
                  <QrCode text={l()} label={t('pair.qr')} />
                </div>
                <Field
                  id="pair-link"
                  label={t('pair.link')}
                  type="text"
                  readonly
                  value={l()}
                  onFocus={(e) => e.currentTarget.select()}
                />
                <p class="help">{t('pair.waiting')}</p>
                <button type="button" onClick={() => setLink(null)}>
                  {t('pair.hide')}
                </button>
              </>
            }
          >
            {(d) => (
              <>
                <p class="ok" role="status" data-testid="pair-added">
                  {t('pair.added', { name: d().name })}
                </p>
                <button type="button" disabled={busy()} onClick={() => void make()}>
                  {t('pair.again')}
                </button>
              </>
            )}
          </Show>
        )}
      </Show>
      <FormError error={error()} />
    </div>
  );
}
