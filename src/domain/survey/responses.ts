/**
 * Answer codes and collected responses of a survey.
 *
 * What must stay true: `addSurveyResponse` writes nothing but the response entry (no timestamp, no
 * `updatedAt`, no actor), and keeps at most one response per answer code; `storeResponses` stores a
 * batch in one transaction in random (CSPRNG) order, so the stored order does not follow arrival;
 * `addsSurveyResponses` lets the activity log keep only the day of a change that stores responses.
 */
import * as Y from 'yjs';
import { type CommandContext, commit, run } from '../context';
import { DomainError } from '../errors';
import type { Result } from '../result';
import { KEY_B64, liveSurvey } from './commands';
import { readCodeHashes, readSurveyResponses } from './queries';
import { type StoredResponse, SURVEY_LIMITS } from './types';

/** What happened to a response handed to {@link addSurveyResponse}. */
export type ResponseOutcome =
  /** Stored. */
  | 'added'
  /** Already stored (same id): nothing written. */
  | 'duplicate'
  /** The survey needs codes and this one is not among its codes: discarded. */
  | 'code-unknown'
  /** Another stored response already used this code: discarded. */
  | 'code-used'
  /** The survey is closed (or still a draft): discarded. */
  | 'closed';

/**
 * Adds answer-code hashes (see survey-codes.ts) to a survey; returns how many are new. The codes
 * themselves are shown once to be printed and are never stored.
 */
export function addAnswerCodes(
  doc: Y.Doc,
  id: string,
  hashes: readonly string[],
  ctx: CommandContext,
): Result<number> {
  return run(doc, ctx, () => {
    const { map } = liveSurvey(doc, id);
    const list = map.get('codeHashes');
    if (!(list instanceof Y.Array)) throw new DomainError('corrupt-record', { id, field: 'codeHashes' });
    const existing = readCodeHashes(doc, id);
    const fresh = [...new Set(hashes)].filter((h) => !existing.has(h));
    if (!fresh.every((h) => typeof h === 'string' && KEY_B64.test(h))) {
      throw new DomainError('invalid-value', { field: 'codeHashes' });
    }
    if (existing.size + fresh.length > SURVEY_LIMITS.codes) {
      throw new DomainError('too-many', { field: 'codeHashes', max: SURVEY_LIMITS.codes });
    }
    if (fresh.length > 0) commit(doc, ctx, () => list.push(fresh));
    return fresh.length;
  });
}

/**
 * Stores a sealed response collected from a survey inbox (or from pass-the-phone mode). `code` is
 * the hash of the answer code found inside it (the collector decrypted it to check). Writes only the
 * response entry. A second response with a code already used is discarded (`code-used`); if two
 * members store two such responses at the same moment, results count only the first in order.
 */
export function addSurveyResponse(
  doc: Y.Doc,
  id: string,
  response: StoredResponse,
  ctx: CommandContext,
): Result<ResponseOutcome> {
  return run(doc, ctx, () => {
    const { map, survey } = liveSurvey(doc, id);
    const list = map.get('responses');
    if (!(list instanceof Y.Array)) throw new DomainError('corrupt-record', { id, field: 'responses' });
    if (!(response?.sealed instanceof Uint8Array) || response.sealed.length > SURVEY_LIMITS.sealedBytes) {
      throw new DomainError('invalid-value', { field: 'sealed' });
    }
    if (typeof response.id !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(response.id)) {
      throw new DomainError('invalid-value', { field: 'id' });
    }
    const stored = readSurveyResponses(doc, id);
    if (stored.some((r) => r.id === response.id)) return 'duplicate';
    if (survey.status !== 'published') return 'closed';
    if (stored.length >= SURVEY_LIMITS.responses) throw new DomainError('too-many', { field: 'responses' });
    const entry: Record<string, unknown> = { id: response.id, sealed: response.sealed };
    if (survey.requireCodes) {
      const code = response.code;
      if (typeof code !== 'string' || !readCodeHashes(doc, id).has(code)) return 'code-unknown';
      if (stored.some((r) => r.code === code)) return 'code-used';
      entry.code = code;
    }
    commit(doc, ctx, () => list.push([entry]));
    return 'added';
  });
}

/**
 * True when a transaction changed a survey's `responses` list (it stored collected responses,
 * here or on the device it came from). The activity log then records only the day of the change,
 * never its time (see `ActivityOptions.attribute` in storage/space-store.ts): the time a response
 * was collected, or arrived from the member who collected it, is close to when it was sent.
 * Any transaction that touches the list counts, even with other changes in it: a peer's sync may
 * merge a response with other edits, and the entry's time would date the response all the same.
 */
export function addsSurveyResponses(tr: Y.Transaction): boolean {
  const surveys = tr.doc.share.get('surveys');
  if (!surveys) return false;
  for (const type of tr.changed.keys()) {
    const item = type._item;
    if (!(type instanceof Y.Array) || item?.parentSub !== 'responses') continue;
    const record = item.parent as Y.AbstractType<unknown> | null;
    if (record instanceof Y.Map && record._item?.parent === surveys) return true;
  }
  return false;
}

/** A random index below `n` from the CSPRNG (rejection sampling: no modulo bias). */
function randomBelow(n: number): number {
  const limit = Math.floor(2 ** 32 / n) * n;
  const b = new Uint32Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(b);
    if ((b[0] ?? 0) < limit) return (b[0] ?? 0) % n;
  }
}

/** A copy of `items` in random order (Fisher–Yates with the CSPRNG). */
export function cryptoShuffle<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Stores a batch of collected responses in ONE transaction, in random order: whoever reads the
 * campaign (or watches it sync) sees the batch arrive at once, and its order says nothing about
 * which response came first. Returns each response's outcome in the order given.
 */
export function storeResponses(
  doc: Y.Doc,
  id: string,
  responses: readonly StoredResponse[],
  ctx: CommandContext,
): Result<ResponseOutcome>[] {
  const order = cryptoShuffle(responses.map((_, i) => i));
  const out: Result<ResponseOutcome>[] = new Array(responses.length);
  // Nested commits join this transaction (Yjs); each response is still checked on its own.
  commit(doc, ctx, () => {
    for (const i of order) out[i] = addSurveyResponse(doc, id, responses[i] as StoredResponse, ctx);
  });
  return out;
}
