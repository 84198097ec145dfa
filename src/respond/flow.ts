/**
 * How the respondent page gets going and how answers leave it: reading the link, the route of its
 * answers (survey mailbox or WebRTC inbox), fetching a short link's definition, sealing answers into
 * the outbox and delivering them. The screens are in App.tsx.
 */
import { onCleanup } from 'solid-js';
import { randomId, sealWithReceipt } from '../crypto';
import { decodeSurveyDefinition } from '../domain/survey/definition';
import { decodeAnySurveyLink } from '../domain/survey/link';
import { localIsoDate, surveyWindow } from '../domain/survey/public';
import type { PublicSurvey } from '../domain/survey/types';
import type { SurveyMailboxKeys } from '../sync/survey-inbox/mailbox';
import { type Delivery, deliverQueued } from './deliver';
import { deliverToMailbox, type MailboxDelivery } from './deliver-mailbox';
import { pageLang, t } from './i18n';
import { addToOutbox, outboxTag } from './outbox';

export type View =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'not-live' }
  | { kind: 'unreachable' }
  | { kind: 'insecure'; reason: 'insecure' | 'no-webcrypto' }
  | { kind: 'not-yet' | 'closed'; date: string }
  | { kind: 'form' }
  | { kind: 'delivery' };

/** What the page knows once the survey is open. */
export interface Opened {
  survey: PublicSurvey;
  publicKey: Uint8Array;
  code?: string;
}

/** How answers leave: the survey mailbox (short link) or the WebRTC inbox (long link). */
export type Route =
  | { kind: 'mailbox'; keys: SurveyMailboxKeys; url: string }
  | { kind: 'inbox'; inboxKey: Uint8Array };

export function formatDate(iso: string): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1).toLocaleDateString(pageLang(), { dateStyle: 'long' });
}

export type MailboxRoute = Extract<Route, { kind: 'mailbox' }>;
export type SurveyLink = NonNullable<Awaited<ReturnType<typeof decodeAnySurveyLink>>>;

/** Sets the page's language and title, then reads the link, or the view saying why it cannot be used. */
export async function readLink(): Promise<{ view: View } | { link: SurveyLink }> {
  document.documentElement.lang = pageLang();
  document.title = t('page.title'); // never the survey title: page titles end up in history
  // Sealing needs WebCrypto, which exists only in a secure context (https or localhost): say so
  // before anything else instead of failing on the first crypto call.
  const insecure = insecureReason();
  if (insecure) return { view: { kind: 'insecure', reason: insecure } };
  const link = await decodeAnySurveyLink(location.hash);
  return link ? { link } : { view: { kind: 'invalid' } };
}

/** How a link's answers leave, and the tag of its outbox on this phone. */
export async function linkRoute(l: SurveyLink): Promise<{ route: Route; box: string }> {
  if (l.version === 1)
    return { route: { kind: 'inbox', inboxKey: l.inboxKey }, box: await outboxTag(l.inboxKey) };
  return { route: await mailboxRoute(l.secret), box: await outboxTag(l.secret) };
}

/** Why answers cannot be sealed here (WebCrypto needs a secure context: https or localhost), or null. */
export function insecureReason(): 'insecure' | 'no-webcrypto' | null {
  if (globalThis.isSecureContext && globalThis.crypto?.subtle) return null;
  return globalThis.isSecureContext ? 'no-webcrypto' : 'insecure';
}

/** The route of a short link: its survey mailbox on the server that served this page. */
export async function mailboxRoute(secret: Uint8Array): Promise<MailboxRoute> {
  const [{ surveyMailboxKeys, mailboxUrl }] = await Promise.all([import('../sync/survey-inbox/mailbox')]);
  return { kind: 'mailbox', keys: await surveyMailboxKeys(secret), url: mailboxUrl() };
}

/** Not yet open, closed (with the date it closed, unless closed early), or the form. */
export function windowView(o: Opened, closed: boolean): View {
  const w = closed ? 'closed' : surveyWindow(o.survey, localIsoDate());
  if (w === 'not-yet') return { kind: 'not-yet', date: formatDate(o.survey.opensOn ?? '') };
  if (w === 'closed') return { kind: 'closed', date: closed ? '' : formatDate(o.survey.closesOn ?? '') };
  return { kind: 'form' };
}

/** Fetches and opens the sealed definition of a short link's survey, or the view saying why not. */
export async function fetchOpened(
  r: MailboxRoute,
  code?: string,
): Promise<{ view: View } | { opened: Opened; closed: boolean }> {
  const { fetchSurveyDefinition } = await import('../sync/survey-inbox/mailbox-send');
  const fetched = await fetchSurveyDefinition(r.url, r.keys);
  if (fetched.kind !== 'ok') return { view: { kind: fetched.kind } };
  const def = await decodeSurveyDefinition(fetched.encoded);
  if (!def) return { view: { kind: 'invalid' } };
  return {
    opened: { survey: def.survey, publicKey: def.publicKey, ...(code ? { code } : {}) },
    closed: def.closed,
  };
}

export const FIRST_DELIVERY: Delivery = { state: 'delaying', queued: 0 };
export const FIRST_MAILBOX_DELIVERY: MailboxDelivery = { state: 'sending', queued: 0 };

/** One delivery at a time (once it is done, another may start); stopped with the page. */
export function createDelivering(on: { mailbox(d: MailboxDelivery): void; inbox(d: Delivery): void }) {
  let stop: (() => void) | null = null;
  onCleanup(() => stop?.());
  return {
    running: () => stop !== null,
    start(r: Route, box: string) {
      stop = deliver(r, box, on, () => {
        stop = null;
      });
    },
  };
}

/** Delivers the queued answers by the link's route; `done` once nothing is left to do. */
export function deliver(
  r: Route,
  box: string,
  on: { mailbox(d: MailboxDelivery): void; inbox(d: Delivery): void },
  done: () => void,
): () => void {
  if (r.kind === 'mailbox') {
    return deliverToMailbox(r.keys, r.url, box, (d) => {
      on.mailbox(d);
      if (d.state === 'sent') done();
    });
  }
  return deliverQueued(r.inboxKey, box, (d) => {
    on.inbox(d);
    if (d.state !== 'waiting' && d.state !== 'sending') done();
  });
}

/** Views shown without a survey on screen. */
export const STATUS_VIEWS: readonly View['kind'][] = [
  'loading',
  'invalid',
  'not-live',
  'insecure',
  'unreachable',
];

/**
 * Seals a checked response to the survey public key and queues only the sealed bytes; false when
 * this browser cannot seal.
 */
export async function sealToOutbox(o: Opened, r: Route, box: string, response: Uint8Array): Promise<boolean> {
  try {
    const sealed = await sealWithReceipt(o.publicKey, response);
    const id = randomId();
    if (r.kind === 'mailbox') {
      const { sealSurveyEntry } = await import('../sync/survey-inbox/mailbox');
      const entry = await sealSurveyEntry(r.keys, { id, sealed: sealed.sealed });
      addToOutbox({ box, id, sealed: entry, receipt: new Uint8Array(0) });
    } else {
      addToOutbox({ box, id, sealed: sealed.sealed, receipt: sealed.receipt });
    }
    return true;
  } catch {
    return false;
  }
}
