/**
 * Survey plumbing for the unlocked app: collecting inboxes into the campaign, and decrypting the
 * collected responses for the results screen (in memory only, cached per response).
 *
 * Collectors run per published or closed survey from the first time the surveys screen is opened
 * until the campaign doc is destroyed (lock), so responses keep arriving while the member looks at
 * other screens. A response is flushed to storage before its receipt is published.
 */
import { fromBase64Url, importSurveyPrivateKey, openSealed, type SurveyPrivateKey } from '../../../crypto';
import {
  type DecryptedResponse,
  decodeResponse,
  hashAnswerCode,
  listSurveys,
  readSurveyResponses,
  type StoredResponse,
  type Survey,
} from '../../../domain';
import type { SpaceStore } from '../../../storage';
import type { InboxConnection } from '../../../sync/survey-inbox';
import { collectInbox, collectResponse } from '../../../sync/survey-inbox-collect';

/** Signaling: the server that served the app. */
export function signalingUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/signal`;
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
  inboxes: Map<string, InboxConnection>;
}
const running = new WeakMap<SpaceStore, Running>();

/**
 * Makes sure every published/closed survey of the campaign is being collected; call again when the
 * list of surveys changes. Stops everything when the campaign doc is destroyed.
 */
export function ensureCollectors(store: SpaceStore, deviceId: string): void {
  let r = running.get(store);
  if (!r) {
    const state: Running = { inboxes: new Map() };
    r = state;
    running.set(store, state);
    store.doc.once('destroy', () => {
      for (const c of state.inboxes.values()) c.stop();
      state.inboxes.clear();
      forgetDecrypted(); // locking must leave no decrypted answer in memory
    });
  }
  const state = r;
  const wanted = new Map(
    listSurveys(store.doc)
      .filter((s) => s.status !== 'draft' && s.keys && s.published)
      .map((s) => [s.id, s]),
  );
  for (const [id, conn] of state.inboxes) {
    if (!wanted.has(id)) {
      conn.stop();
      state.inboxes.delete(id);
    }
  }
  for (const [id, survey] of wanted) {
    if (state.inboxes.has(id) || !survey.keys) continue;
    let inboxKey: Uint8Array;
    try {
      inboxKey = fromBase64Url(survey.keys.inboxKey);
      if (inboxKey.length !== 32) continue;
    } catch {
      continue;
    }
    const conn = collectInbox({
      inboxKey,
      signaling: [signalingUrl()],
      collect: async (responseId, sealed) => {
        const current = listSurveys(store.doc).find((s) => s.id === id);
        const key = current ? surveyPrivateKey(current) : null;
        if (!current?.published || !key) return null;
        const result = await collectResponse(
          { campaign: store.doc, survey: current.published, privateKey: await key, by: deviceId },
          responseId,
          sealed,
        );
        // Durable before the receipt goes out (also for a duplicate: its first write may still be pending).
        if (result.receipt) await store.flush();
        return result;
      },
    });
    state.inboxes.set(id, conn);
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
