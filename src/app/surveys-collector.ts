/**
 * Survey plumbing for the unlocked app: collecting answers into the campaign, and decrypting the
 * collected responses for the results screen (in memory only, cached per response).
 *
 * Collectors run per published or closed survey from unlock until the campaign doc is destroyed
 * (lock). Surveys with a short link use their mailbox on the server (docs/surveys.md): the
 * collector also uploads the sealed definition whenever the campaign says the server holds an
 * older state of it, and deletes entries only after they are flushed to storage. Surveys published
 * earlier keep their WebRTC inbox: a response is flushed before its receipt is published.
 */
import { fromBase64Url, importSurveyPrivateKey, openSealed, type SurveyPrivateKey } from '../crypto';
import {
  type DecryptedResponse,
  decodeResponse,
  encodeSurveyDefinition,
  getSurvey,
  hashAnswerCode,
  listSurveys,
  markSurveyLive,
  readSurveyResponses,
  type StoredResponse,
  type Survey,
} from '../domain';
import type { SpaceStore } from '../storage';
import { pageSocketUrl } from '../sync/server-urls';
import { collectResponses } from '../sync/survey-inbox/collect';
import { mailboxUrl, surveyReaderKeys } from '../sync/survey-inbox/mailbox';
import { collectSurveyMailbox } from '../sync/survey-inbox/mailbox-collect';

/** Signaling: the server that served the app. */
export function signalingUrl(): string {
  return pageSocketUrl('signal');
}

const keyCache = new Map<string, Promise<SurveyPrivateKey>>();

/** The survey's private key, imported once (non-extractable). */
export function surveyPrivateKey(survey: Survey): Promise<SurveyPrivateKey> | null {
  const pkcs8 = survey.keys?.privateKey;
  if (!pkcs8) return null;
  let p = keyCache.get(pkcs8);
  if (!p) {
    p = importSurveyPrivateKey(pkcs8);
    keyCache.set(pkcs8, p);
  }
  return p;
}

interface Running {
  collectors: Map<string, { stop(): void; refresh(): void }>;
}
const running = new WeakMap<SpaceStore, Running>();

/**
 * Stores a batch of responses read from a survey's mailbox or inbox in one transaction, in random
 * order; null leaves them all for later.
 */
async function collectMany(
  store: SpaceStore,
  deviceId: string,
  surveyId: string,
  entries: { id: string; sealed: Uint8Array }[],
) {
  const current = getSurvey(store.doc, surveyId);
  const key = current ? surveyPrivateKey(current) : null;
  if (!current?.published || !key) return null;
  return collectResponses(
    { campaign: store.doc, survey: current.published, privateKey: await key, by: deviceId },
    entries,
  );
}

/** The mailbox collector of a survey with a short link (see survey-mailbox-collect.ts). */
function mailboxCollector(store: SpaceStore, deviceId: string, survey: Survey) {
  const keys = survey.keys;
  let collector: { stop(): void; refresh(): void } | null = null;
  let stopped = false;
  void (async () => {
    if (!keys?.linkSecret || !keys.readSecret) return;
    const reader = await surveyReaderKeys(fromBase64Url(keys.linkSecret), fromBase64Url(keys.readSecret));
    if (stopped) return;
    collector = collectSurveyMailbox({
      url: mailboxUrl(),
      keys: reader,
      async pendingDefinition() {
        const s = getSurvey(store.doc, survey.id);
        if (!s?.published || !s.keys || s.status === 'draft' || s.liveAs === s.status) return null;
        const encoded = await encodeSurveyDefinition({
          survey: s.published,
          publicKey: fromBase64Url(s.keys.publicKey),
          closed: s.status === 'closed',
        });
        return { encoded, liveAs: s.status };
      },
      async onLive(liveAs) {
        const r = markSurveyLive(store.doc, survey.id, liveAs, { by: deviceId });
        if (r.ok) await store.flush();
      },
      collect: async (entries) =>
        (await collectMany(store, deviceId, survey.id, entries)) ?? entries.map(() => null),
      flush: () => store.flush(),
    });
  })().catch(() => {});
  return {
    stop() {
      stopped = true;
      collector?.stop();
    },
    refresh() {
      collector?.refresh();
    },
  };
}

/** The WebRTC inbox collector of a survey published before the mailbox (long links). */
function inboxCollector(store: SpaceStore, deviceId: string, survey: Survey) {
  let conn: { stop(): Promise<void> } | null = null;
  let stopped = false;
  void import('../sync/survey-inbox/collect').then(({ collectInbox }) => {
    const inboxKey = survey.keys?.inboxKey ? fromBase64Url(survey.keys.inboxKey) : null;
    if (stopped || !inboxKey || inboxKey.length !== 32) return;
    conn = collectInbox({
      inboxKey,
      signaling: [signalingUrl()],
      collect: async (entries) => {
        const results = await collectMany(store, deviceId, survey.id, entries);
        // Durable before the receipts go out (also for a duplicate: its first write may still be pending).
        if (results?.some((r) => r.receipt)) await store.flush();
        return results;
      },
    });
  });
  return {
    stop() {
      stopped = true;
      void conn?.stop();
    },
    refresh() {},
  };
}

/**
 * Makes sure every published/closed survey of the campaign is being collected (and its definition
 * kept on the server); call again when the list of surveys changes. Stops everything when the
 * campaign doc is destroyed.
 */
export function ensureCollectors(store: SpaceStore, deviceId: string): void {
  let r = running.get(store);
  if (!r) {
    const state: Running = { collectors: new Map() };
    r = state;
    running.set(store, state);
    store.doc.once('destroy', () => {
      for (const c of state.collectors.values()) c.stop();
      state.collectors.clear();
      forgetDecrypted(); // locking must leave no decrypted answer in memory
    });
  }
  const state = r;
  const wanted = new Map(
    listSurveys(store.doc)
      .filter((s) => s.status !== 'draft' && s.keys && s.published)
      .map((s) => [s.id, s]),
  );
  for (const [id, c] of state.collectors) {
    if (!wanted.has(id)) {
      c.stop();
      state.collectors.delete(id);
    }
  }
  for (const [id, survey] of wanted) {
    const existing = state.collectors.get(id);
    if (existing) {
      existing.refresh(); // e.g. closed since: the server's copy must say so
      continue;
    }
    const c = survey.keys?.linkSecret
      ? mailboxCollector(store, deviceId, survey)
      : inboxCollector(store, deviceId, survey);
    state.collectors.set(id, c);
  }
}

/** Decrypted responses, cached by response id (null: unreadable). Memory only. */
const opened = new Map<string, Promise<DecryptedResponse | null>>();

async function openOne(
  survey: Survey,
  key: SurveyPrivateKey,
  r: StoredResponse,
): Promise<DecryptedResponse | null> {
  if (!survey.published) return null;
  try {
    const response = decodeResponse(survey.published, await openSealed(key, r.sealed));
    if (!response) return null;
    const codeHash = response.code ? await hashAnswerCode(survey.id, response.code) : null;
    return { response, codeHash };
  } catch {
    return null;
  }
}

/** Decrypts a survey's collected responses (in collection order); unreadable ones are left out. */
export async function decryptResponses(
  store: SpaceStore,
  survey: Survey,
): Promise<{ responses: DecryptedResponse[]; unreadable: number }> {
  const keyPromise = surveyPrivateKey(survey);
  if (!keyPromise) return { responses: [], unreadable: 0 };
  const key = await keyPromise;
  const stored = readSurveyResponses(store.doc, survey.id);
  const all = await Promise.all(
    stored.map((r) => {
      const cacheKey = `${survey.id}/${r.id}`;
      let p = opened.get(cacheKey);
      if (!p) {
        p = openOne(survey, key, r);
        opened.set(cacheKey, p);
      }
      return p;
    }),
  );
  const responses = all.filter((x): x is DecryptedResponse => x !== null);
  return { responses, unreadable: all.length - responses.length };
}

/** Forgets every decrypted response (on lock the module stays, the answers must not). */
export function forgetDecrypted(): void {
  opened.clear();
  keyCache.clear();
}
