/**
 * Pass-the-phone mode: the organizer hands this phone to coworkers one after another. The phone
 * shows only the survey (a modal <dialog>: everything else on the page is inert), seals each
 * answer to the survey public key exactly as the respondent page does, stores it sealed in the
 * campaign (`sealPhoneAnswer`), and resets. Leaving needs the organizer's passphrase, checked
 * against this device's database (`checkOrganizerPassphrase`).
 *
 * What must stay true: nothing on screen after an answer shows any earlier answer (the form is
 * remounted empty; the thank-you screen shows none); the route cannot be changed while the mode is
 * on (hash changes are swallowed before the router sees them; Escape does not close the dialog);
 * locking the app ends the mode, so unlocking lands on the app as usual.
 */
import { createSignal, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { render } from 'solid-js/web';
import type { Session } from '../../app/session';
import { checkOrganizerPassphrase, sealPhoneAnswer } from '../../app/surveys';
import {
  type AnswerDraft,
  type AnswerProblem,
  getSurvey,
  type PublicSurvey,
  type ResponseOutcome,
} from '../../domain';
import { FormError } from '../kit/Field';
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

type PhoneView = 'answer' | 'done' | 'exit';

/** Keeps the kiosk dialog modal while the mode is on: Escape does not close it, nothing else does. */
function keepModal(dialog: () => HTMLDialogElement | undefined): void {
  const keepOpen = () => {
    const d = dialog();
    if (active() && d?.isConnected && !d.open) d.showModal();
  };
  onMount(() => {
    keepOpen();
    dialog()?.addEventListener('cancel', (e) => e.preventDefault());
    dialog()?.addEventListener('close', keepOpen);
  });
  onCleanup(() => dialog()?.removeEventListener('close', keepOpen));
}

function PassThePhone(props: { session: Session; surveyId: string; onExit: () => void }) {
  const store = props.session.campaign;
  const [view, setView] = createSignal<PhoneView>('answer');
  const [outcome, setOutcome] = createSignal<ResponseOutcome>('added');
  const [round, setRound] = createSignal(0);
  const [error, setError] = createSignal('');
  const [passphrase, setPassphrase] = createSignal(''); // kept while going back to the survey
  const survey = () => getSurvey(store.doc, props.surveyId);
  let dialog: HTMLDialogElement | undefined;
  keepModal(() => dialog);

  const submit = async (draft: AnswerDraft) => {
    try {
      const r = await sealPhoneAnswer(props.session, props.surveyId, draft);
      if (r.kind === 'none') return [];
      if (r.kind === 'problems') return r.problems;
      setError('');
      if (r.kind === 'refused') {
        setError(errorText(r.error.code));
        return [];
      }
      setOutcome(r.outcome);
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

  return (
    <dialog ref={dialog} class="sv-phone" aria-labelledby="phone-title">
      <Show when={survey()?.published} fallback={<p>{t('surveys.notFound')}</p>}>
        {(published) => (
          <>
            <h1 id="phone-title" tabIndex={-1}>
              {published().title}
            </h1>
            <FormError error={error()} />
            <Switch>
              <Match when={view() === 'answer'}>
                <PhoneAnswer survey={published()} round={round()} onSubmit={submit} />
              </Match>
              <Match when={view() === 'done'}>
                <PhoneDone outcome={outcome()} onNext={next} />
              </Match>
              <Match when={view() === 'exit'}>
                <PhoneExit
                  passphrase={passphrase()}
                  setPassphrase={setPassphrase}
                  onError={setError}
                  onExit={props.onExit}
                  onBack={() => setView('answer')}
                />
              </Match>
            </Switch>
            <Show when={view() !== 'exit'}>
              <OrganizerExitButton
                onClick={() => {
                  setError('');
                  setView('exit');
                }}
              />
            </Show>
          </>
        )}
      </Show>
    </dialog>
  );
}

/** The survey's intro, what is anonymous, and an empty form (a new one for every round). */
function PhoneAnswer(props: {
  survey: PublicSurvey;
  round: number;
  onSubmit(draft: AnswerDraft): Promise<readonly AnswerProblem[] | undefined>;
}) {
  return (
    <>
      <Show when={props.survey.intro}>
        <p>{props.survey.intro}</p>
      </Show>
      <section class="card sv-privacy" aria-label={t('surveys.phone.privacyTitle')}>
        <p>{t('surveys.phone.privacy', { k: props.survey.k })}</p>
      </section>
      <Show when={props.round + 1} keyed>
        {(_round) => <AnswerForm survey={props.survey} onSubmit={props.onSubmit} />}
      </Show>
    </>
  );
}

/** Thanks (or why the answer did not count), and the button for the next coworker. */
function PhoneDone(props: { outcome: ResponseOutcome; onNext: () => void }) {
  return (
    <section class="card" aria-live="polite">
      <Switch>
        <Match when={props.outcome === 'added' || props.outcome === 'duplicate'}>
          <h2>{t('surveys.phone.thanks')}</h2>
          <p>{t('surveys.phone.handBack')}</p>
        </Match>
        <Match when={props.outcome === 'code-used'}>
          <h2>{t('surveys.phone.codeUsed')}</h2>
        </Match>
        <Match when={true}>
          <h2>{t('surveys.phone.notCounted')}</h2>
        </Match>
      </Switch>
      <button type="button" class="primary" onClick={() => props.onNext()}>
        {t('surveys.phone.next')}
      </button>
    </section>
  );
}

function OrganizerExitButton(props: { onClick(): void }) {
  return (
    <button type="button" class="sv-phone-exit" onClick={() => props.onClick()}>
      {t('surveys.phone.organizerExit')}
    </button>
  );
}

/** The organizer's passphrase, to leave the mode. */
function PhoneExit(props: {
  passphrase: string;
  setPassphrase(value: string): void;
  onError(text: string): void;
  onExit(): void;
  onBack(): void;
}) {
  const [checking, setChecking] = createSignal(false);
  const exit = async (e: Event) => {
    e.preventDefault();
    if (checking()) return;
    setChecking(true);
    props.onError('');
    try {
      const r = await checkOrganizerPassphrase(props.passphrase);
      if (r === 'wiped') return;
      props.setPassphrase('');
      if (r === 'ok') props.onExit();
      else props.onError(t('surveys.phone.wrongPassphrase'));
    } finally {
      setChecking(false);
    }
  };
  return (
    <form class="card stack" onSubmit={exit}>
      <h2>{t('surveys.phone.exitTitle')}</h2>
      <label for="phone-pass">{t('surveys.phone.passphrase')}</label>
      <input
        id="phone-pass"
        type="password"
        autocomplete="current-password"
        value={props.passphrase}
        onInput={(e) => props.setPassphrase(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={checking()}>
        {t('surveys.phone.exit')}
      </button>
      <button type="button" onClick={() => props.onBack()}>
        {t('surveys.phone.back')}
      </button>
    </form>
  );
}
