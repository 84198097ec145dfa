/**
 * The respondent page: reads the link fragment, fetches and opens the survey, explains what is and
 * is not anonymous, seals the answers to the survey public key, queues only the sealed bytes, and
 * delivers them (the transport is loaded only then).
 *
 * Short links (docs/surveys.md) carry only the link secret: the definition comes sealed from the
 * survey mailbox on the server that served this page, and answers go there — "sent" as soon as the
 * server has them, so the coworker can close the page at once. Long links of surveys published
 * earlier carry the definition and still deliver over the WebRTC inbox to an online organizer.
 */
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { randomId, sealWithReceipt } from '../crypto';
import { decodeSurveyDefinition } from '../domain/survey/definition';
import { decodeAnySurveyLink } from '../domain/survey/link';
import {
  type AnswerDraft,
  checkAnswers,
  encodeResponse,
  localIsoDate,
  surveyWindow,
} from '../domain/survey/public';
import type { PublicSurvey } from '../domain/survey/types';
import type { SurveyMailboxKeys } from '../sync/survey-inbox/mailbox';
import { type Delivery, deliverQueued, isPending, PENDING_STATUS } from './deliver';
import { deliverToMailbox, type MailboxDelivery } from './deliver-mailbox';
import { Form } from './Form';
import { pageLang, t } from './i18n';
import { addToOutbox, listOutbox, outboxTag } from './outbox';

type View =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'not-live' }
  | { kind: 'unreachable' }
  | { kind: 'insecure'; reason: 'insecure' | 'no-webcrypto' }
  | { kind: 'not-yet' | 'closed'; date: string }
  | { kind: 'form' }
  | { kind: 'delivery' };

/** What the page knows once the survey is open. */
interface Opened {
  survey: PublicSurvey;
  publicKey: Uint8Array;
  code?: string;
}

/** How answers leave: the survey mailbox (short link) or the WebRTC inbox (long link). */
type Route =
  | { kind: 'mailbox'; keys: SurveyMailboxKeys; url: string }
  | { kind: 'inbox'; inboxKey: Uint8Array };

function formatDate(iso: string): string {
  if (!iso) return '';
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

function MailboxCard(props: { delivery: MailboxDelivery; onAnother?: (() => void) | undefined }) {
  const d = () => props.delivery;
  return (
    <section class="card" aria-live="polite">
      <Switch>
        <Match when={d().state === 'sent'}>
          <h2>{t('mailbox.sent.title')}</h2>
          <p>{t('mailbox.sent.body')}</p>
        </Match>
        <Match when={d().state === 'offline'}>
          <h2>{t('mailbox.offline.title')}</h2>
          <p class="status" data-state="offline">
            <span class="spinner" aria-hidden="true" /> {t('mailbox.offline.status')}
          </p>
          <p>{t('mailbox.offline.body')}</p>
        </Match>
        <Match when={true}>
          <h2>{t('mailbox.sending')}</h2>
          <p class="status" data-state="sending">
            <span class="spinner" aria-hidden="true" /> {t('connecting')}
          </p>
        </Match>
      </Switch>
      <Show when={d().queued > 1}>
        <p>{t('queued', { n: d().queued })}</p>
      </Show>
      <Show when={props.onAnother && d().state === 'sent'}>
        <button type="button" class="secondary" onClick={() => props.onAnother?.()}>
          {t('another')}
        </button>
      </Show>
    </section>
  );
}

function DeliveryCard(props: { delivery: Delivery; onAnother?: (() => void) | undefined }) {
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
          <h2>{t(d().state === 'waiting' ? 'waiting.title' : 'sendingSoon.title')}</h2>
          <p class="status" data-state={d().state}>
            <span class="spinner" aria-hidden="true" /> {t(PENDING_STATUS[d().state] ?? 'connecting')}
          </p>
          <p>{t(d().state === 'waiting' ? 'waiting.body' : 'sendingSoon.body')}</p>
          <Show when={d().queued > 1}>
            <p>{t('queued', { n: d().queued })}</p>
          </Show>
        </Match>
      </Switch>
      <Show when={props.onAnother && !isPending(d().state)}>
        <button type="button" class="secondary" onClick={() => props.onAnother?.()}>
          {t('another')}
        </button>
      </Show>
    </section>
  );
}

export function App() {
  const [view, setView] = createSignal<View>({ kind: 'loading' });
  const [opened, setOpened] = createSignal<Opened | null>(null);
  const [delivery, setDelivery] = createSignal<Delivery>({ state: 'delaying', queued: 0 });
  const [mailboxDelivery, setMailboxDelivery] = createSignal<MailboxDelivery>({
    state: 'sending',
    queued: 0,
  });
  const [error, setError] = createSignal('');
  let route: Route | null = null;
  let box = '';
  let stopDelivery: (() => void) | null = null;
  onCleanup(() => stopDelivery?.());

  const startDelivery = () => {
    const r = route;
    if (!r || stopDelivery) return;
    setView({ kind: 'delivery' });
    if (r.kind === 'mailbox') {
      stopDelivery = deliverToMailbox(r.keys, r.url, box, (d) => {
        setMailboxDelivery(d);
        if (d.state === 'sent') stopDelivery = null;
      });
      return;
    }
    stopDelivery = deliverQueued(r.inboxKey, box, (d) => {
      setDelivery(d);
      if (d.state !== 'waiting' && d.state !== 'sending') stopDelivery = null;
    });
  };

  const show = (o: Opened, closed = false) => {
    setOpened(o);
    const w = closed ? 'closed' : surveyWindow(o.survey, localIsoDate());
    if (w === 'not-yet') setView({ kind: 'not-yet', date: formatDate(o.survey.opensOn ?? '') });
    else if (w === 'closed')
      setView({ kind: 'closed', date: closed ? '' : formatDate(o.survey.closesOn ?? '') });
    else setView({ kind: 'form' });
  };

  /** Fetches the sealed definition of a short link's survey. */
  const fetchDefinition = async (r: Extract<Route, { kind: 'mailbox' }>, code?: string) => {
    setView({ kind: 'loading' });
    const { fetchSurveyDefinition } = await import('../sync/survey-inbox/mailbox-send');
    const fetched = await fetchSurveyDefinition(r.url, r.keys);
    if (fetched.kind !== 'ok') {
      setView({ kind: fetched.kind });
      return;
    }
    const def = await decodeSurveyDefinition(fetched.encoded);
    if (!def) {
      setView({ kind: 'invalid' });
      return;
    }
    show({ survey: def.survey, publicKey: def.publicKey, ...(code ? { code } : {}) }, def.closed);
  };
  let retry = () => {};

  onMount(async () => {
    document.documentElement.lang = pageLang();
    document.title = t('page.title'); // never the survey title: page titles end up in history
    // Sealing needs WebCrypto, which exists only in a secure context (https or localhost): say so
    // before anything else instead of failing on the first crypto call.
    if (!globalThis.isSecureContext || !globalThis.crypto?.subtle) {
      setView({ kind: 'insecure', reason: globalThis.isSecureContext ? 'no-webcrypto' : 'insecure' });
      return;
    }
    const l = await decodeAnySurveyLink(location.hash);
    if (!l) {
      setView({ kind: 'invalid' });
      return;
    }
    if (l.version === 1) {
      route = { kind: 'inbox', inboxKey: l.inboxKey };
      box = await outboxTag(l.inboxKey);
      if (listOutbox(box).length > 0) {
        setOpened(l);
        startDelivery();
        return;
      }
      show(l);
      return;
    }
    const [{ surveyMailboxKeys, mailboxUrl }] = await Promise.all([import('../sync/survey-inbox/mailbox')]);
    const r: Route = { kind: 'mailbox', keys: await surveyMailboxKeys(l.secret), url: mailboxUrl() };
    route = r;
    box = await outboxTag(l.secret);
    retry = () => void fetchDefinition(r, l.code);
    // Answers already sealed on this phone go out first; they need no definition.
    if (listOutbox(box).length > 0) {
      startDelivery();
      return;
    }
    await fetchDefinition(r, l.code);
  });

  const submit = async (draft: AnswerDraft) => {
    const o = opened();
    const r = route;
    if (!o || !r) return [];
    const checked = checkAnswers(o.survey, draft);
    if (!checked.ok) return checked.problems;
    try {
      const sealed = await sealWithReceipt(o.publicKey, encodeResponse(checked.value));
      const id = randomId();
      if (r.kind === 'mailbox') {
        const { sealSurveyEntry } = await import('../sync/survey-inbox/mailbox');
        const entry = await sealSurveyEntry(r.keys, { id, sealed: sealed.sealed });
        addToOutbox({ box, id, sealed: entry, receipt: new Uint8Array(0) });
      } else {
        addToOutbox({ box, id, sealed: sealed.sealed, receipt: sealed.receipt });
      }
    } catch {
      setError(t('error.crypto'));
      return [];
    }
    startDelivery();
    return undefined;
  };

  const another = () => (opened()?.survey.codes ? () => setView({ kind: 'form' }) : undefined);

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
        <Match when={view().kind === 'not-live'}>
          <h1>{t('notLive.title')}</h1>
          <p>{t('notLive.body')}</p>
          <button type="button" class="secondary" onClick={() => retry()}>
            {t('tryAgain')}
          </button>
        </Match>
        <Match when={view().kind === 'insecure' && view()} keyed>
          {(v) => (
            <>
              <h1>{t('insecure.title')}</h1>
              <p role="alert">
                {(v as { reason: string }).reason === 'insecure'
                  ? t('insecure.body', { origin: location.origin })
                  : t('insecure.noCrypto')}
              </p>
            </>
          )}
        </Match>
        <Match when={view().kind === 'unreachable'}>
          <h1>{t('unreachable.title')}</h1>
          <p>{t('unreachable.body')}</p>
          <button type="button" class="secondary" onClick={() => retry()}>
            {t('tryAgain')}
          </button>
        </Match>
        <Match when={view().kind === 'delivery' && !opened()}>
          <h1>{t('page.title')}</h1>
          <MailboxCard delivery={mailboxDelivery()} />
        </Match>
        <Match when={opened()}>
          {(o) => (
            <>
              <h1>{o().survey.title}</h1>
              <Show when={o().survey.intro}>
                <For each={o().survey.intro.split(/\n+/)}>{(para) => <p class="intro">{para}</p>}</For>
              </Show>
              <Switch>
                <Match when={view().kind === 'not-yet'}>
                  <p class="card">{t('notYet', { date: (view() as { date: string }).date })}</p>
                </Match>
                <Match when={view().kind === 'closed'}>
                  <p class="card">
                    {(view() as { date: string }).date
                      ? t('closed', { date: (view() as { date: string }).date })
                      : t('closedNow')}
                  </p>
                </Match>
                <Match when={view().kind === 'delivery' && route?.kind === 'mailbox'}>
                  <MailboxCard delivery={mailboxDelivery()} onAnother={another()} />
                </Match>
                <Match when={view().kind === 'delivery'}>
                  <DeliveryCard delivery={delivery()} onAnother={another()} />
                </Match>
                <Match when={view().kind === 'form'}>
                  <Privacy k={o().survey.k} />
                  <Show when={error()}>
                    <p class="problem-summary" role="alert">
                      {error()}
                    </p>
                  </Show>
                  <Form survey={o().survey} code={o().code} onSubmit={submit} />
                </Match>
              </Switch>
            </>
          )}
        </Match>
      </Switch>
    </main>
  );
}
