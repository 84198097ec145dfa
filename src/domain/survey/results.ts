/**
 * Survey results: aggregates of decrypted responses, with the k rules.
 *
 * - Nothing is shown while fewer than k responses were accepted.
 * - Each question counts its answers in steps of k: with 13 answers and k = 5, results cover the
 *   first 10 (in collection order) and 3 are held back. Results therefore change only by k answers
 *   at a time, so comparing the results before and after someone answered never isolates fewer
 *   than k answers. A question with fewer than k counted answers is not shown.
 * - Breakdowns by unit or shift appear only once the survey is closed (one final snapshot that
 *   cannot be compared with earlier ones), with cells suppressed by survey-suppress.ts.
 * - Free text is shown only with at least k counted answers, in random order, never broken down.
 * - With answer codes, only the first response per valid code counts.
 */

import { type Dimension, suppressCells } from './suppress';
import {
  type AnswerValue,
  type PublicSurvey,
  type QuestionKind,
  SCALE_POINTS,
  type SurveyQuestion,
  type SurveyResponse,
} from './types';

/** A decrypted response, with the hash of its answer code (null: none) as the collector computed it. */
export interface DecryptedResponse {
  readonly response: SurveyResponse;
  readonly codeHash: string | null;
}

/** What the aggregation needs. */
export interface ResultsInput {
  readonly survey: PublicSurvey;
  /** In collection order. */
  readonly responses: readonly DecryptedResponse[];
  /** The survey's code hashes (surveys with codes). */
  readonly codeHashes?: ReadonlySet<string>;
  /** True once the survey is closed: breakdowns are computed. */
  readonly final: boolean;
  /** Random source in [0, 1) for the order of free-text answers (default `crypto`). */
  readonly random?: () => number;
}

/** Aggregate of one group of answers to one question. */
export interface Aggregate {
  /** Answers counted. */
  readonly n: number;
  /** Per option (single, multiple), per point 1…5 (scale), Borda points per option (ranking). */
  readonly counts: readonly number[];
  /** Scale: mean of 1…5. */
  readonly mean?: number;
  /** Ranking: how often each option was ranked first. */
  readonly first?: readonly number[];
}

/** One cell of a breakdown. */
export interface BreakdownCell {
  /** Unit or shift id; null for "not given". */
  readonly id: string | null;
  readonly label: string | null;
  readonly suppressed: boolean;
  /** Absent when suppressed. */
  readonly aggregate?: Aggregate;
}

/** A breakdown of one question by unit or by shift. */
export interface Breakdown {
  readonly dimension: 'unit' | 'shift';
  readonly cells: readonly BreakdownCell[];
  /** Cells hidden only so that a small cell cannot be worked out by subtraction. */
  readonly complementary: number;
}

/** Results of one question. */
export interface QuestionResult {
  readonly question: SurveyQuestion;
  /** Accepted answers to this question. */
  readonly answered: number;
  /** Answers counted (a multiple of k). */
  readonly counted: number;
  /** True when fewer than k answers are counted: nothing else is filled in. */
  readonly suppressed: boolean;
  readonly overall?: Aggregate;
  /** Free text, in random order (text questions). */
  readonly texts?: readonly string[];
  readonly breakdowns: readonly Breakdown[];
}

/** Results of a survey. */
export interface SurveyResults {
  /** Responses accepted (valid, and for code surveys the first per code). */
  readonly accepted: number;
  /** Responses dropped because their code was unknown or already used. */
  readonly rejectedCodes: number;
  /** False while fewer than k responses were accepted. */
  readonly shown: boolean;
  readonly k: number;
  readonly questions: readonly QuestionResult[];
}

/** Keeps what counts: for code surveys, the first response per known code. */
export function acceptedResponses(input: Pick<ResultsInput, 'survey' | 'responses' | 'codeHashes'>): {
  accepted: SurveyResponse[];
  rejectedCodes: number;
} {
  if (!input.survey.codes) return { accepted: input.responses.map((r) => r.response), rejectedCodes: 0 };
  const used = new Set<string>();
  const accepted: SurveyResponse[] = [];
  let rejectedCodes = 0;
  for (const r of input.responses) {
    const h = r.codeHash;
    if (h === null || !input.codeHashes?.has(h) || used.has(h)) {
      rejectedCodes++;
      continue;
    }
    used.add(h);
    accepted.push(r.response);
  }
  return { accepted, rejectedCodes };
}

function aggregate(kind: QuestionKind, optionCount: number, values: readonly AnswerValue[]): Aggregate {
  const n = values.length;
  if (kind === 'scale') {
    const counts = new Array<number>(SCALE_POINTS).fill(0);
    let sum = 0;
    for (const v of values) {
      const p = v as number;
      counts[p - 1] = (counts[p - 1] ?? 0) + 1;
      sum += p;
    }
    return { n, counts, mean: n > 0 ? sum / n : 0 };
  }
  const counts = new Array<number>(optionCount).fill(0);
  if (kind === 'single') {
    for (const v of values) counts[v as number] = (counts[v as number] ?? 0) + 1;
    return { n, counts };
  }
  if (kind === 'multiple') {
    for (const v of values) for (const o of v as number[]) counts[o] = (counts[o] ?? 0) + 1;
    return { n, counts };
  }
  // Ranking: Borda points (first of m options gets m, second m−1, …; unranked 0).
  const first = new Array<number>(optionCount).fill(0);
  for (const v of values) {
    (v as number[]).forEach((o, position) => {
      counts[o] = (counts[o] ?? 0) + optionCount - position;
      if (position === 0) first[o] = (first[o] ?? 0) + 1;
    });
  }
  return { n, counts, first };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function cryptoRandom(): number {
  const b = new Uint32Array(1);
  globalThis.crypto.getRandomValues(b);
  return (b[0] ?? 0) / 2 ** 32;
}

function dimension(
  groups: readonly { id: string; name: string }[],
  pick: (r: SurveyResponse) => string | null,
  answers: readonly SurveyResponse[],
): { dim: Dimension; ids: (string | null)[]; labels: (string | null)[] } {
  const ids: (string | null)[] = [...groups.map((g) => g.id), null];
  const labels: (string | null)[] = [...groups.map((g) => g.name), null];
  const index = new Map(groups.map((g, i) => [g.id, i]));
  const cellOf = answers.map((r) => {
    const v = pick(r);
    return v === null ? groups.length : (index.get(v) ?? groups.length);
  });
  return { dim: { cells: ids.length, cellOf }, ids, labels };
}

function breakdowns(
  survey: PublicSurvey,
  q: SurveyQuestion,
  counted: readonly SurveyResponse[],
  k: number,
): Breakdown[] {
  const parts: {
    name: 'unit' | 'shift';
    ids: (string | null)[];
    labels: (string | null)[];
    dim: Dimension;
  }[] = [];
  if (survey.units.length > 0)
    parts.push({ name: 'unit', ...dimension(survey.units, (r) => r.unit, counted) });
  if (survey.shifts.length > 0) {
    parts.push({ name: 'shift', ...dimension(survey.shifts, (r) => r.shift, counted) });
  }
  if (parts.length === 0) return [];
  const primary = parts.map((p) => {
    const sizes = new Array<number>(p.dim.cells).fill(0);
    for (const c of p.dim.cellOf) sizes[c] = (sizes[c] ?? 0) + 1;
    return sizes.map((n) => n > 0 && n < k);
  });
  const suppressed = suppressCells(
    parts.map((p) => p.dim),
    k,
  );
  return parts.map((p, d) => {
    const hidden = suppressed[d] ?? [];
    let complementary = 0;
    const cells: BreakdownCell[] = p.ids.map((id, c) => {
      const members = counted.filter((_, i) => p.dim.cellOf[i] === c);
      const isHidden = hidden[c] === true;
      if (isHidden && primary[d]?.[c] !== true) complementary++;
      const base = { id, label: p.labels[c] ?? null, suppressed: isHidden };
      if (isHidden) return base;
      const values = members.map((r) => r.answers[q.id] as AnswerValue);
      return { ...base, aggregate: aggregate(q.kind, q.options.length, values) };
    });
    return { dimension: p.name, cells, complementary };
  });
}

/**
 * Computes what may be shown.
 *
 * @example
 * const results = surveyResults({ survey, responses, codeHashes, final: survey.status === 'closed' });
 * if (!results.shown) showWaiting(results.accepted, results.k);
 */
export function surveyResults(input: ResultsInput): SurveyResults {
  const { survey } = input;
  const k = survey.k;
  const random = input.random ?? cryptoRandom;
  const { accepted, rejectedCodes } = acceptedResponses(input);
  const shown = accepted.length >= k;
  const questions: QuestionResult[] = survey.questions.map((q) => {
    const answering = accepted.filter((r) => Object.hasOwn(r.answers, q.id));
    const countedN = shown ? Math.floor(answering.length / k) * k : 0;
    const base = { question: q, answered: answering.length, counted: countedN, breakdowns: [] };
    if (countedN < k) return { ...base, suppressed: true };
    const counted = answering.slice(0, countedN);
    const values = counted.map((r) => r.answers[q.id] as AnswerValue);
    if (q.kind === 'text') {
      return { ...base, suppressed: false, texts: shuffled(values as string[], random) };
    }
    return {
      ...base,
      suppressed: false,
      overall: aggregate(q.kind, q.options.length, values),
      breakdowns: input.final ? breakdowns(survey, q, counted, k) : [],
    };
  });
  return { accepted: accepted.length, rejectedCodes, shown, k, questions };
}
