/**
 * Survey records in a campaign's `surveys` collection: the record type and its parsers (the
 * queries over the collection are in queries.ts).
 *
 * A survey is a nested `Y.Map` keyed by field (like people): `title`, `intro`, `questions` (JSON),
 * `opensOn`, `closesOn`, `k`, `audience` (JSON), `requireCodes`, `status`, and once published
 * `published` (the frozen `PublicSurvey` that travels in the link), `publicKey`, `privateKey`,
 * `inboxKey` (earlier surveys) or `linkSecret` + `readSecret` (base64url), `liveAs` once the
 * definition is on the server, and `publishedAt`/`publishedBy`; `closedAt`/`closedBy` once closed. Two
 * `Y.Array`s are created with the survey, never lazily (a lazily created array could lose the
 * last-writer-wins race on its key, and the entries appended to it with it):
 *   - `codeHashes`: hashes of single-use answer codes (never the codes);
 *   - `responses`: sealed responses `{id, sealed, code?}` in the order members collected them.
 * Responses carry no timestamp and adding one does not touch `updatedAt`: the time a response was
 * collected is close to the time it was written, and nothing here may help tell who wrote it.
 */
import * as Y from 'yjs';
import { isIsoDate, isPlainObject, own } from '../formats';
import { isId } from '../ids';
import {
  bool,
  type Fields,
  fieldsOf,
  guarded,
  optText,
  recordMeta,
  reject,
  reqName,
  stamp,
} from '../parse-fields';
import type { Result } from '../result';
import type { ParseIssue, RecordMeta } from '../types';
import { readCloseMarker } from './close';
import { readPublicSurvey, readQuestion } from './public';
import {
  type PublicSurvey,
  type StoredResponse,
  SURVEY_LIMITS,
  type SurveyAudience,
  type SurveyKeys,
  type SurveyLiveAs,
  type SurveyQuestion,
  type SurveyStatus,
} from './types';

/** A parsed survey record. */
export interface Survey extends RecordMeta {
  readonly title: string;
  readonly intro: string;
  readonly questions: readonly SurveyQuestion[];
  readonly opensOn?: string;
  readonly closesOn?: string;
  readonly k: number;
  readonly audience: SurveyAudience;
  readonly requireCodes: boolean;
  readonly status: SurveyStatus;
  /** The frozen definition respondents see (published and closed surveys). */
  readonly published?: PublicSurvey;
  /** Keys (published and closed surveys). */
  readonly keys?: SurveyKeys;
  /** Which state of the definition the survey mailbox holds (absent: not uploaded yet). */
  readonly liveAs?: SurveyLiveAs;
  readonly publishedAt?: string;
  readonly closedAt?: string;
  /** Number of answer codes issued. */
  readonly codeCount: number;
  /** Number of sealed responses collected (before checks that need decryption). */
  readonly responseCount: number;
}

const STATUSES: readonly SurveyStatus[] = ['draft', 'published', 'closed'];
const KEY_B64 = /^[A-Za-z0-9_-]{16,400}$/;

function questionsOf(f: Fields): SurveyQuestion[] {
  const raw = f('questions') ?? [];
  if (!Array.isArray(raw)) return reject('wrong-type', 'questions');
  if (raw.length > SURVEY_LIMITS.questions) return reject('too-many', 'questions');
  const ids = new Set<string>();
  return raw.map((q) => {
    const question = readQuestion(q);
    if (!question || ids.has(question.id)) return reject('invalid-value', 'questions');
    ids.add(question.id);
    return question;
  });
}

function idList(v: unknown, field: string): string[] {
  if (!Array.isArray(v)) return reject('wrong-type', field);
  if (v.length > SURVEY_LIMITS.groups) return reject('too-many', field);
  if (!v.every(isId)) return reject('invalid-value', field);
  return [...(v as string[])];
}

function audienceOf(f: Fields): SurveyAudience {
  const raw = f('audience');
  if (raw === undefined) return { all: true, unitIds: [], shiftIds: [] };
  if (!isPlainObject(raw)) return reject('wrong-type', 'audience');
  const all = own(raw, 'all');
  if (typeof all !== 'boolean') return reject('wrong-type', 'audience');
  return {
    all,
    unitIds: idList(own(raw, 'unitIds') ?? [], 'audience'),
    shiftIds: idList(own(raw, 'shiftIds') ?? [], 'audience'),
  };
}

function optDate(f: Fields, field: string): string | undefined {
  const v = f(field);
  if (v === undefined) return undefined;
  if (!isIsoDate(v)) return reject(typeof v === 'string' ? 'invalid-value' : 'wrong-type', field);
  return v;
}

function keysOf(f: Fields): SurveyKeys | undefined {
  const fields = ['publicKey', 'privateKey', 'inboxKey', 'linkSecret', 'readSecret'] as const;
  const v = Object.fromEntries(fields.map((name) => [name, f(name)])) as Record<string, unknown>;
  if (fields.every((name) => v[name] === undefined)) return undefined;
  for (const name of fields) {
    const x = v[name];
    if (x === undefined && (name === 'inboxKey' || name === 'linkSecret' || name === 'readSecret')) continue;
    if (typeof x !== 'string' || !KEY_B64.test(x)) return reject('invalid-value', name);
  }
  // Either the mailbox pair or the earlier inbox key: a survey its respondents can reach.
  const mailbox = v.linkSecret !== undefined && v.readSecret !== undefined;
  if (!mailbox && v.inboxKey === undefined) return reject('missing', 'linkSecret');
  if (!mailbox && (v.linkSecret !== undefined || v.readSecret !== undefined)) {
    return reject('missing', v.linkSecret === undefined ? 'linkSecret' : 'readSecret');
  }
  const keys: Record<string, string> = {};
  for (const name of fields) if (typeof v[name] === 'string') keys[name] = v[name] as string;
  return keys as unknown as SurveyKeys;
}

function liveAsOf(f: Fields): SurveyLiveAs | undefined {
  const v = f('liveAs');
  if (v === undefined) return undefined;
  if (v !== 'published' && v !== 'closed') return reject('invalid-value', 'liveAs');
  return v;
}

function arrayLength(f: Fields, field: string): number {
  const v = f(field);
  if (v === undefined) return 0;
  if (!(v instanceof Y.Array) && !Array.isArray(v)) return reject('wrong-type', field);
  return v.length;
}

/**
 * Parses a survey record (a `Y.Map` from the doc, or a plain object); never throws. A published
 * survey must carry a valid frozen definition and its keys.
 */
export function parseSurvey(id: string, raw: unknown): Result<Survey, ParseIssue> {
  return guarded(id, 'surveys', () => {
    const f = fieldsOf(raw);
    let status = f('status') ?? 'draft';
    if (!STATUSES.includes(status as SurveyStatus)) reject('invalid-value', 'status');
    // Closing is one-way: a survey with a close marker is closed whatever `status` says now (a
    // restore point, a member undo or a concurrent edit may have set it back; survey-close.ts).
    const doc = raw instanceof Y.Map ? raw.doc : null;
    if (status === 'published' && readCloseMarker(doc, id).kind !== 'none') status = 'closed';
    const k = f('k') ?? SURVEY_LIMITS.defaultK;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < SURVEY_LIMITS.minK || k > SURVEY_LIMITS.maxK) {
      reject('invalid-value', 'k');
    }
    let published: PublicSurvey | undefined;
    let keys: SurveyKeys | undefined;
    if (status !== 'draft') {
      published = readPublicSurvey(f('published')) ?? reject('invalid-value', 'published');
      if (published.id !== id) reject('invalid-value', 'published');
      keys = keysOf(f) ?? reject('missing', 'publicKey');
    }
    const survey: Survey = {
      ...recordMeta(id, f),
      title: reqName(f, 'title', SURVEY_LIMITS.title),
      intro: optText(f, 'intro', SURVEY_LIMITS.intro) ?? '',
      questions: questionsOf(f),
      k: k as number,
      audience: audienceOf(f),
      requireCodes: bool(f, 'requireCodes'),
      status: status as SurveyStatus,
      codeCount: arrayLength(f, 'codeHashes'),
      responseCount: arrayLength(f, 'responses'),
    };
    const opensOn = optDate(f, 'opensOn');
    const closesOn = optDate(f, 'closesOn');
    const publishedAt = stamp(f, 'publishedAt', true);
    const closedAt = stamp(f, 'closedAt', true);
    const liveAs = liveAsOf(f);
    return {
      ...survey,
      ...(opensOn ? { opensOn } : {}),
      ...(closesOn ? { closesOn } : {}),
      ...(published ? { published } : {}),
      ...(keys ? { keys } : {}),
      ...(liveAs ? { liveAs } : {}),
      ...(publishedAt ? { publishedAt } : {}),
      ...(closedAt ? { closedAt } : {}),
    };
  });
}

/** Reads one stored response entry; null when malformed. */
export function readStoredResponse(raw: unknown): StoredResponse | null {
  if (!isPlainObject(raw)) return null;
  const id = own(raw, 'id');
  const sealed = own(raw, 'sealed');
  const code = own(raw, 'code');
  if (!isId(id) || !(sealed instanceof Uint8Array) || sealed.length > SURVEY_LIMITS.sealedBytes) return null;
  if (code !== undefined && !(typeof code === 'string' && KEY_B64.test(code))) return null;
  return code === undefined ? { id, sealed } : { id, sealed, code };
}

/** Reads one stored answer-code hash; null when malformed. */
export function readCodeHash(raw: unknown): string | null {
  return typeof raw === 'string' && KEY_B64.test(raw) ? raw : null;
}
