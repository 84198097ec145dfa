/**
 * Handing out a published survey: the respondent link (secrets only in the fragment) as text and
 * as a QR code, and single-use answer codes to print.
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { type IssuedCode, issueAnswerCodes, surveyUrl } from '../../app/surveys';
import type { Survey } from '../../domain';
import { FormError } from '../kit/Field';
import { errorText, t } from '../kit/i18n';
import { QrCode } from '../kit/QrCode';

export function SurveyShare(props: { survey: Survey }) {
  const [url] = createResource(
    () => props.survey,
    (s) => surveyUrl(s),
  );
  const [copied, setCopied] = createSignal('');
  const copy = async () => {
    const u = url();
    if (!u) return;
    try {
      await navigator.clipboard.writeText(u);
      setCopied(t('surveys.share.copied'));
    } catch {
      (document.getElementById('sv-link') as HTMLInputElement | null)?.select();
      setCopied(t('surveys.share.copyManually'));
    }
  };
  const share = async () => {
    const u = url();
    if (u && navigator.share) await navigator.share({ url: u }).catch(() => {});
  };
  return (
    <section class="card stack" aria-labelledby="sv-share-title">
      <h2 id="sv-share-title">{t('surveys.share.title')}</h2>
      <p class="help">{t('surveys.share.help')}</p>
      <Show when={props.survey.keys?.linkSecret}>
        <p
          role="status"
          class={props.survey.liveAs === props.survey.status ? 'sv-live' : 'warning'}
          data-testid="survey-live"
          data-live={props.survey.liveAs === props.survey.status ? 'yes' : 'no'}
        >
          {props.survey.liveAs === props.survey.status ? t('surveys.share.live') : t('surveys.share.waiting')}
        </p>
      </Show>
      <Show when={url()}>
        {(u) => (
          <>
            <div class="qr-wrap sv-qr">
              <QrCode text={u()} label={t('surveys.share.qrLabel')} size={288} />
            </div>
            <label for="sv-link">{t('surveys.share.link')}</label>
            <input id="sv-link" type="text" readOnly value={u()} data-testid="survey-link" />
            <div class="row">
              <button type="button" onClick={copy}>
                {t('surveys.share.copy')}
              </button>
              <Show when={typeof navigator.share === 'function'}>
                <button type="button" onClick={share}>
                  {t('surveys.share.share')}
                </button>
              </Show>
            </div>
            <p role="status" class="muted">
              {copied()}
            </p>
          </>
        )}
      </Show>
    </section>
  );
}

/** Generates single-use answer codes; shows them once, for printing. Only hashes are stored. */
export function AnswerCodes(props: { session: Session; survey: Survey }) {
  const [count, setCount] = createSignal('20');
  const [codes, setCodes] = createSignal<IssuedCode[]>([]);
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const generate = async (e: Event) => {
    e.preventDefault();
    const n = Number(count());
    if (!Number.isInteger(n) || n < 1 || n > 500) {
      setError(t('surveys.codes.howManyInvalid'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const r = await issueAnswerCodes(props.session, props.survey, n);
      if (!r.ok) {
        setError(errorText(r.error.code));
        return;
      }
      setCodes(r.value);
    } catch (err) {
      setError(errorText((err as { code?: string }).code ?? 'generic'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card stack" aria-labelledby="sv-codes-title">
      <h2 id="sv-codes-title">{t('surveys.codes.title')}</h2>
      <p class="help">{t('surveys.codes.help', { n: props.survey.codeCount })}</p>
      <form class="row" onSubmit={generate}>
        <label for="sv-code-count" class="visually-hidden">
          {t('surveys.codes.howMany')}
        </label>
        <input
          id="sv-code-count"
          type="number"
          inputMode="numeric"
          min="1"
          max="500"
          value={count()}
          onInput={(e) => setCount(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy()}>
          {t('surveys.codes.generate')}
        </button>
      </form>
      <FormError error={error()} />
      <Show when={codes().length > 0}>
        <p class="warning">{t('surveys.codes.once')}</p>
        <button type="button" onClick={() => window.print()}>
          {t('surveys.codes.print')}
        </button>
        <ul class="sv-code-cards">
          <For each={codes()}>
            {(c) => (
              <li class="sv-code-card">
                <QrCode text={c.url} label={t('surveys.codes.qrLabel')} size={160} />
                <span class="sv-code">{c.code}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
