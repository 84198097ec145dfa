/**
 * Pass-the-phone mode: the organizer hands this phone to coworkers one after another. The phone
 * shows only the survey (a modal <dialog>: everything else on the page is inert), seals each
 * answer to the survey public key exactly as the respondent page does, stores it sealed in the
 * campaign, and resets. Leaving needs the organizer's passphrase, checked with `unlockVault`
 * against this device's database.
 *
 * What must stay true: nothing on screen after an answer shows any earlier answer (the form is
 * remounted empty; the thank-you screen shows none); the route cannot be changed while the mode is
 * on (hash changes are swallowed before the router sees them; Escape does not close the dialog);
 * locking the app ends the mode, so unlocking lands on the app as usual.
 */
import { createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { render } from 'solid-js/web';
import { database, panicWipe } from '../../app/app-state';
import type { Session } from '../../app/session';
import { fromBase64Url, randomId, sealWithReceipt } from '../../crypto';
import {
  type AnswerDraft,
  addSurveyResponse,
  checkAnswers,
  encodeResponse,
  getSurvey,
  hashAnswerCode,
  type ResponseOutcome,
} from '../../domain';
import { StorageError, unlockVault } from '../../storage';
import { errorText, t } from '../kit/i18n';
import { AnswerForm } from './AnswerForm';

const [active, setActive] = createSignal<string | null>(null);

/** The survey in pass-the-phone mode, if any. */
export const passThePhoneSurvey = active;

const surveyHash = (id: string) => `#/surveys/${id}`;

// While the mode is on, the route stays on the survey: any hash change (typed URL, back button) is
// undone at once. The kiosk itself is its own Solid root on top of the page (see below), so the
// router briefly rendering another screen underneath — inert, behind an opaque modal — shows nothing.
globalThis.addEventListener?.('hashchange', () => {
  const id = active();
  if (!id || location.hash === surveyHash(id)) return;
  history.replaceState(null, '', surveyHash(id));
  dispatchEvent(new HashChangeEvent('hashchange'));
});

let stopKiosk: (() => void) | null = null;

/**
 * Turns pass-the-phone mode on: the kiosk is rendered as a separate root on <body>, independent of
 * the app's routes. It ends with the organizer's passphrase, or when the app locks.
 */
export function startPassThePhone(session: Session, surveyId: string): void {
  if (stopKiosk) return;
  const host = document.createElement('div');
  document.body.append(host);
  const stop = () => {
    if (stopKiosk !== stop) return;
    stopKiosk = null;
    dispose();
    host.remove();
    setActive(null);
  };
  stopKiosk = stop;
  setActive(surveyId);
  if (location.hash !== surveyHash(surveyId)) location.hash = surveyHash(surveyId);
  const dispose = render(() => <PassThePhone session={session} surveyId={surveyId} onExit={stop} />, host);
  session.campaign.doc.once('destroy', stop); // locking ends the mode
}

function PassThePhone(props: { session: Session; surveyId: string; onExit: () => void }) {
  const store = props.session.campaign;
  const [view, setView] = createSignal<'answer' | 'done' | 'exit'>('answer');
  const [outcome, setOutcome] = createSignal<ResponseOutcome>('added');
  const [round, setRound] = createSignal(0);
  const [passphrase, setPassphrase] = createSignal('');
  const [error, setError] = createSignal('');
  const [checking, setChecking] = createSignal(false);
  const survey = () => getSurvey(store.doc, props.surveyId);
  let dialog: HTMLDialogElement | undefined;

  const keepOpen = () => {
    if (active() && dialog?.isConnected && !dialog.open) dialog.showModal();
  };
  onMount(() => {
    keepOpen();
    dialog?.addEventListener('cancel', (e) => e.preventDefault());
    dialog?.addEventListener('close', keepOpen);
  });
  onCleanup(() => dialog?.removeEventListener('close', keepOpen));

  const submit = async (draft: AnswerDraft) => {
    const s = survey();
    if (!s?.published || !s.keys) return [];
    const checked = checkAnswers(s.published, draft);
    if (!checked.ok) return checked.problems;
    setError('');
    try {
      const { sealed } = await sealWithReceipt(
        fromBase64Url(s.keys.publicKey),
        encodeResponse(checked.value),
      );
      const code = checked.value.code ? await hashAnswerCode(s.id, checked.value.code) : null;
      const r = addSurveyResponse(
        store.doc,
        s.id,
        code ? { id: randomId(), sealed, code } : { id: randomId(), sealed },
        { by: props.session.deviceId },
      );
      if (!r.ok) {
        setError(errorText(r.error.code));
        return [];
      }
      await store.flush();
      setOutcome(r.value);
      setView('done');
      document.getElementById('phone-title')?.focus();
    } catch (err) {
      setError(errorText((err as { code?: string }).code ?? 'generic'));
    }
    return undefined;
  };

  const next = () => {
    setRound((n) => n + 1); // remounts the form: empty again
    setView('answer');
    dialog?.scrollTo(0, 0);
  };

  const exit = async (e: Event) => {
    e.preventDefault();
    if (checking()) return;
    setChecking(true);
    setError('');
    try {
      await unlockVault(database(), passphrase());
      setPassphrase('');
      props.onExit();
    } catch (err) {
      if (err instanceof StorageError && err.code === 'duress') {
        await panicWipe();
        return;
      }
      setPassphrase('');
      setError(t('surveys.phone.wrongPassphrase'));
    } finally {
      setChecking(false);
    }
  };

  return (
    <dialog ref={dialog} class="sv-phone" aria-labelledby="phone-title">
      <Show when={survey()?.published} fallback={<p>{t('surveys.notFound')}</p>}>
        {(published) => (
          <>
            <h1 id="phone-title" tabIndex={-1}>
              {published().title}
            </h1>
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>
            <Switch>
              <Match when={view() === 'answer'}>
                <Show when={published().intro}>
                  <p>{published().intro}</p>
                </Show>
                <section class="card sv-privacy" aria-label={t('surveys.phone.privacyTitle')}>
                  <p>{t('surveys.phone.privacy', { k: published().k })}</p>
                </section>
                <Show when={round() + 1} keyed>
                  {(_round) => <AnswerForm survey={published()} onSubmit={submit} />}
                </Show>
              </Match>
              <Match when={view() === 'done'}>
                <section class="card" aria-live="polite">
                  <Switch>
                    <Match when={outcome() === 'added' || outcome() === 'duplicate'}>
                      <h2>{t('surveys.phone.thanks')}</h2>
                      <p>{t('surveys.phone.handBack')}</p>
                    </Match>
                    <Match when={outcome() === 'code-used'}>
                      <h2>{t('surveys.phone.codeUsed')}</h2>
                    </Match>
                    <Match when={true}>
                      <h2>{t('surveys.phone.notCounted')}</h2>
                    </Match>
                  </Switch>
                  <button type="button" class="primary" onClick={next}>
                    {t('surveys.phone.next')}
                  </button>
                </section>
              </Match>
              <Match when={view() === 'exit'}>
                <form class="card stack" onSubmit={exit}>
                  <h2>{t('surveys.phone.exitTitle')}</h2>
                  <label for="phone-pass">{t('surveys.phone.passphrase')}</label>
                  <input
                    id="phone-pass"
                    type="password"
                    autocomplete="current-password"
                    value={passphrase()}
                    onInput={(e) => setPassphrase(e.currentTarget.value)}
                  />
                  <button type="submit" class="primary" disabled={checking()}>
                    {t('surveys.phone.exit')}
                  </button>
                  <button type="button" onClick={() => setView('answer')}>
                    {t('surveys.phone.back')}
                  </button>
                </form>
              </Match>
            </Switch>
            <Show when={view() !== 'exit'}>
              <button
                type="button"
                class="sv-phone-exit"
                onClick={() => {
                  setError('');
                  setView('exit');
                }}
              >
                {t('surveys.phone.organizerExit')}
              </button>
            </Show>
          </>
        )}
      </Show>
    </dialog>
  );
}
