/**
 * The respondent page: reads the survey from the link fragment, explains what is and is not
 * anonymous, seals the answers to the survey public key, queues only the sealed blob, and delivers
 * it after a random delay (the transport and y-webrtc are loaded only then).
 */
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { randomId, sealWithReceipt } from '../crypto';
import { decodeSurveyLink, type SurveyLink } from '../domain/survey-link';
import {
  type AnswerDraft,
  checkAnswers,
  encodeResponse,
  localIsoDate,
  surveyWindow,
} from '../domain/survey-public';
import { type Delivery, deliverQueued } from './deliver';
import { Form } from './Form';
import { pageLang, t } from './i18n';
import { addToOutbox, listOutbox, outboxTag } from './outbox';

type View =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'not-yet' | 'closed'; date: string }
  | { kind: 'form' }
  | { kind: 'delivery' };

function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1).toLocaleDateString(pageLang(), { dateStyle: 'long' });
}

function Privacy(props: { k: number }) {
  return (
    <section class="privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t('privacy.title')}</h2>
      <ul>
        <li>{t('privacy.locked')}</li>
        <li>{t('privacy.totals', { k: props.k })}</li>
      </ul>
      <h2>{t('privacy.notTitle')}</h2>
      <ul>
        <li>{t('privacy.network')}</li>
        <li>{t('privacy.text')}</li>
        <li>{t('privacy.small')}</li>
        <li>{t('privacy.phone')}</li>
      </ul>
    </section>
  );
}

function DeliveryCard(props: { delivery: Delivery; onAnother?: () => void }) {
  const d = () => props.delivery;
  return (
    <section class="card" aria-live="polite">
      <Switch>
        <Match when={d().state === 'stored'}>
          <h2>{t('sent.title')}</h2>
          <p>{t('sent.body')}</p>
        </Match>
        <Match when={d().state === 'code-used'}>
          <h2>{t('codeUsed.title')}</h2>
          <p>{t('codeUsed.body')}</p>
        </Match>
        <Match when={d().state === 'code-unknown'}>
          <h2>{t('codeUnknown.title')}</h2>
          <p>{t('codeUnknown.body')}</p>
        </Match>
        <Match when={d().state === 'closed'}>
          <h2>{t('closedLate.title')}</h2>
          <p>{t('closedLate.body')}</p>
        </Match>
        <Match when={true}>
          <h2>{t('waiting.title')}</h2>
          <p class="status" data-state={d().state}>
            <span class="spinner" aria-hidden="true" />{' '}
            {d().state === 'sending' ? t('connecting') : t('noPeer')}
          </p>
          <p>{t('waiting.body')}</p>
          <Show when={d().queued > 1}>
            <p>{t('queued', { n: d().queued })}</p>
          </Show>
        </Match>
      </Switch>
      <Show when={props.onAnother && d().state !== 'waiting' && d().state !== 'sending'}>
        <button type="button" class="secondary" onClick={() => props.onAnother?.()}>
          {t('another')}
        </button>
      </Show>
    </section>
  );
}

export function App() {
  const [view, setView] = createSignal<View>({ kind: 'loading' });
  const [link, setLink] = createSignal<SurveyLink | null>(null);
  const [delivery, setDelivery] = createSignal<Delivery>({ state: 'waiting', queued: 0 });
  const [error, setError] = createSignal('');
  let box = '';
  let stopDelivery: (() => void) | null = null;
  onCleanup(() => stopDelivery?.());

  const startDelivery = (l: SurveyLink) => {
    if (stopDelivery) return;
    setView({ kind: 'delivery' });
    stopDelivery = deliverQueued(l.inboxKey, box, (d) => {
      setDelivery(d);
      if (d.state !== 'waiting' && d.state !== 'sending') stopDelivery = null;
    });
  };

  onMount(async () => {
    document.documentElement.lang = pageLang();
    document.title = t('page.title'); // never the survey title: page titles end up in history
    const l = await decodeSurveyLink(location.hash);
    if (!l) {
      setView({ kind: 'invalid' });
      return;
    }
    setLink(l);
    box = await outboxTag(l.inboxKey);
    if (listOutbox(box).length > 0) {
      startDelivery(l);
      return;
    }
    const w = surveyWindow(l.survey, localIsoDate());
    if (w === 'not-yet') setView({ kind: 'not-yet', date: formatDate(l.survey.opensOn ?? '') });
    else if (w === 'closed') setView({ kind: 'closed', date: formatDate(l.survey.closesOn ?? '') });
    else setView({ kind: 'form' });
  });

  const submit = async (draft: AnswerDraft) => {
    const l = link();
    if (!l) return [];
    const checked = checkAnswers(l.survey, draft);
    if (!checked.ok) return checked.problems;
    let sealed: Awaited<ReturnType<typeof sealWithReceipt>>;
    try {
      sealed = await sealWithReceipt(l.publicKey, encodeResponse(checked.value));
    } catch {
      setError(t('error.crypto'));
      return [];
    }
    addToOutbox({ box, id: randomId(), sealed: sealed.sealed, receipt: sealed.receipt });
    startDelivery(l);
    return undefined;
  };

  return (
    <main class="respond">
      <Switch>
        <Match when={view().kind === 'loading'}>
          <p aria-busy="true">{t('loading')}</p>
        </Match>
        <Match when={view().kind === 'invalid'}>
          <h1>{t('invalid.title')}</h1>
          <p>{t('invalid.body')}</p>
        </Match>
        <Match when={link()}>
          {(l) => (
            <>
              <h1>{l().survey.title}</h1>
              <Show when={l().survey.intro}>
                <For each={l().survey.intro.split(/\n+/)}>{(para) => <p class="intro">{para}</p>}</For>
              </Show>
              <Switch>
                <Match when={view().kind === 'not-yet'}>
                  <p class="card">{t('notYet', { date: (view() as { date: string }).date })}</p>
                </Match>
                <Match when={view().kind === 'closed'}>
                  <p class="card">{t('closed', { date: (view() as { date: string }).date })}</p>
                </Match>
                <Match when={view().kind === 'delivery'}>
                  <DeliveryCard
                    delivery={delivery()}
                    onAnother={l().survey.codes ? () => setView({ kind: 'form' }) : undefined}
                  />
                </Match>
                <Match when={view().kind === 'form'}>
                  <Privacy k={l().survey.k} />
                  <Show when={error()}>
                    <p class="problem-summary" role="alert">
                      {error()}
                    </p>
                  </Show>
                  <Form survey={l().survey} code={l().code} onSubmit={submit} />
                </Match>
              </Switch>
            </>
          )}
        </Match>
      </Switch>
    </main>
  );
}
