/**
 * Answer codes and collected responses of a survey.
 *
 * What must stay true: `addSurveyResponse` writes nothing but the response entry (no timestamp, no
 * `updatedAt`, no actor), and keeps at most one response per answer code.
 */
import * as Y from 'yjs';
import { type CommandContext, commit, run } from './context';
import { DomainError } from './errors';
import type { Result } from './result';
import { KEY_B64, liveSurvey } from './survey';
import { readCodeHashes, readSurveyResponses } from './survey-record';
import { type StoredResponse, SURVEY_LIMITS } from './survey-types';

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
