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
import { createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import { type AnswerDraft, type AnswerProblem, checkAnswers, encodeResponse } from '../domain/survey/public';
import { type Delivery, isPending, PENDING_STATUS } from './deliver';
import type { MailboxDelivery } from './deliver-mailbox';
import { Form } from './Form';
import {
  createDelivering,
  FIRST_DELIVERY,
  FIRST_MAILBOX_DELIVERY,
  fetchOpened,
  linkRoute,
  type MailboxRoute,
  type Opened,
  type Route,
  readLink,
  STATUS_VIEWS,
  sealToOutbox,
  type View,
  windowView,
} from './flow';
import { t } from './i18n';
import { listOutbox } from './outbox';

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
  const [delivery, setDelivery] = createSignal<Delivery>(FIRST_DELIVERY);
  const [mailboxDelivery, setMailboxDelivery] = createSignal<MailboxDelivery>(FIRST_MAILBOX_DELIVERY);
  const [error, setError] = createSignal('');
  let route: Route | null = null;
  let box = '';
  const delivering = createDelivering({ mailbox: setMailboxDelivery, inbox: setDelivery });

  const startDelivery = () => {
    const r = route;
    if (!r || delivering.running()) return;
    setView({ kind: 'delivery' });
    delivering.start(r, box);
  };
  const show = (o: Opened, closed = false) => {
    setOpened(o);
    setView(windowView(o, closed));
  };

  const fetchDefinition = async (r: MailboxRoute, code?: string) => {
    setView({ kind: 'loading' });
    const got = await fetchOpened(r, code);
    if ('view' in got) setView(got.view);
    else show(got.opened, got.closed);
  };
  let retry = () => {};

  onMount(async () => {
    const read = await readLink();
    if ('view' in read) {
      setView(read.view);
      return;
    }
    const l = read.link;
    ({ route, box } = await linkRoute(l));
    // Answers already sealed on this phone go out first; they need no definition.
    const queued = listOutbox(box).length > 0;
    if (l.version === 1) {
      if (!queued) return show(l);
      setOpened(l);
      startDelivery();
    } else {
      const r = route as MailboxRoute;
      retry = () => void fetchDefinition(r, l.code);
      if (queued) startDelivery();
      else await fetchDefinition(r, l.code);
    }
  });

  const submit = async (draft: AnswerDraft) => {
    const o = opened();
    const r = route;
    if (!o || !r) return [];
    const checked = checkAnswers(o.survey, draft);
    if (!checked.ok) return checked.problems;
    if (!(await sealToOutbox(o, r, box, encodeResponse(checked.value)))) {
      setError(t('error.crypto'));
      return [];
    }
    startDelivery();
    return undefined;
  };

  const another = () => (opened()?.survey.codes ? () => setView({ kind: 'form' }) : undefined);

  return (
    <Page
      view={view()}
      opened={opened()}
      mailbox={(route as Route | null)?.kind === 'mailbox'}
      deliveries={{ mailbox: mailboxDelivery(), inbox: delivery() }}
      onAnother={another()}
      error={error()}
      onSubmit={submit}
      retry={() => retry()}
    />
  );
}

function Page(props: {
  view: View;
  opened: Opened | null;
  mailbox: boolean;
  deliveries: { mailbox: MailboxDelivery; inbox: Delivery };
  onAnother: (() => void) | undefined;
  error: string;
  onSubmit(draft: AnswerDraft): Promise<readonly AnswerProblem[] | undefined>;
  retry(): void;
}) {
  return (
    <main class="respond">
      <Switch>
        <Match when={STATUS_VIEWS.includes(props.view.kind)}>
          <StatusPage view={props.view} retry={() => props.retry()} />
        </Match>
        <Match when={props.view.kind === 'delivery' && !props.opened}>
          <h1>{t('page.title')}</h1>
          <MailboxCard delivery={props.deliveries.mailbox} />
        </Match>
        <Match when={props.opened}>
          {(o) => (
            <OpenedPage
              opened={o()}
              view={props.view}
              mailbox={props.mailbox}
              deliveries={props.deliveries}
              onAnother={props.onAnother}
              error={props.error}
              onSubmit={props.onSubmit}
            />
          )}
        </Match>
      </Switch>
    </main>
  );
}

/** Loading, a broken link, a survey not online or not reachable, or no WebCrypto. */
function StatusPage(props: { view: View; retry: () => void }) {
  return (
    <Switch>
      <Match when={props.view.kind === 'loading'}>
        <p aria-busy="true">{t('loading')}</p>
      </Match>
      <Match when={props.view.kind === 'invalid'}>
        <h1>{t('invalid.title')}</h1>
        <p>{t('invalid.body')}</p>
      </Match>
      <Match when={props.view.kind === 'not-live'}>
        <h1>{t('notLive.title')}</h1>
        <p>{t('notLive.body')}</p>
        <button type="button" class="secondary" onClick={() => props.retry()}>
          {t('tryAgain')}
        </button>
      </Match>
      <Match when={props.view.kind === 'insecure' && props.view} keyed>
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
      <Match when={props.view.kind === 'unreachable'}>
        <h1>{t('unreachable.title')}</h1>
        <p>{t('unreachable.body')}</p>
        <button type="button" class="secondary" onClick={() => props.retry()}>
          {t('tryAgain')}
        </button>
      </Match>
    </Switch>
  );
}

/** The open survey: not yet open, closed, the form, or how the answers are travelling. */
function OpenedPage(props: {
  opened: Opened;
  view: View;
  mailbox: boolean;
  deliveries: { mailbox: MailboxDelivery; inbox: Delivery };
  onAnother: (() => void) | undefined;
  error: string;
  onSubmit(draft: AnswerDraft): Promise<readonly AnswerProblem[] | undefined>;
}) {
  const o = () => props.opened;
  const date = () => (props.view as { date: string }).date;
  return (
    <>
      <h1>{o().survey.title}</h1>
      <Show when={o().survey.intro}>
        <For each={o().survey.intro.split(/\n+/)}>{(para) => <p class="intro">{para}</p>}</For>
      </Show>
      <Switch>
        <Match when={props.view.kind === 'not-yet'}>
          <p class="card">{t('notYet', { date: date() })}</p>
        </Match>
        <Match when={props.view.kind === 'closed'}>
          <p class="card">{date() ? t('closed', { date: date() }) : t('closedNow')}</p>
        </Match>
        <Match when={props.view.kind === 'delivery' && props.mailbox}>
          <MailboxCard delivery={props.deliveries.mailbox} onAnother={props.onAnother} />
        </Match>
        <Match when={props.view.kind === 'delivery'}>
          <DeliveryCard delivery={props.deliveries.inbox} onAnother={props.onAnother} />
        </Match>
        <Match when={props.view.kind === 'form'}>
          <Privacy k={o().survey.k} />
          <Show when={props.error}>
            <p class="problem-summary" role="alert">
              {props.error}
            </p>
          </Show>
          <Form survey={o().survey} code={o().code} onSubmit={props.onSubmit} />
        </Match>
      </Switch>
    </>
  );
}
