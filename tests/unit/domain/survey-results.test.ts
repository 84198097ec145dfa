/**
 * Survey results under the k rules (src/domain/survey/results.ts, survey-suppress.ts;
 * docs/threat-model.md "Surveys"): nothing under k, counts that move only in steps of k, small
 * breakdown cells suppressed together with the cells that would let them be derived by subtraction,
 * within a breakdown and across the unit and shift breakdowns. Seeded property tests print the
 * seed on failure.
 */
import { describe, expect, it } from 'vitest';
import {
  type DecryptedResponse,
  type Dimension,
  type PublicSurvey,
  readPublicSurvey,
  resultsCsv,
  type SurveyResponse,
  suppressCells,
  surveyResults,
} from '../../../src/domain';
import { mulberry32 } from '../../support/rng';

const rng = mulberry32;

const U = (n: number) => `unit${String(n).padStart(18, '0')}`;
const S = (n: number) => `shift${String(n).padStart(17, '0')}`;

function fixture(k = 5, codes = false): PublicSurvey {
  const s = readPublicSurvey({
    v: 1,
    id: 'S'.repeat(22),
    title: 'Heat',
    k,
    codes,
    units: [0, 1, 2, 3].map((i) => ({ id: U(i), name: `Unit ${i}` })),
    shifts: [0, 1].map((i) => ({ id: S(i), name: `Shift ${i}` })),
    questions: [
      { id: 'qpick', kind: 'single', text: 'Pick', options: ['a', 'b', 'c'] },
      { id: 'qmany', kind: 'multiple', text: 'Many', options: ['a', 'b', 'c'] },
      { id: 'qscal', kind: 'scale', text: 'Scale' },
      { id: 'qrank', kind: 'ranking', text: 'Rank', options: ['a', 'b', 'c'] },
      { id: 'qtext', kind: 'text', text: 'Say' },
    ],
  });
  if (!s) throw new Error('fixture');
  return s;
}

function respondent(random: () => number, unit: number | null, shift: number | null): SurveyResponse {
  const pick = (n: number) => Math.floor(random() * n);
  const answers: Record<string, number | number[] | string> = {
    qpick: pick(3),
    qmany: [0, 1, 2].filter(() => random() < 0.5),
    qscal: 1 + pick(5),
    qrank: [0, 1, 2].sort(() => random() - 0.5),
    qtext: `answer ${pick(1000)}`,
  };
  if ((answers.qmany as number[]).length === 0) delete answers.qmany;
  if (random() < 0.2) delete answers.qscal; // some skip a question
  return {
    answers,
    unit: unit === null ? null : U(unit),
    shift: shift === null ? null : S(shift),
    code: null,
  };
}

const wrap = (responses: SurveyResponse[]): DecryptedResponse[] =>
  responses.map((response) => ({ response, codeHash: null }));

describe('survey results', () => {
  it('shows nothing while fewer than k responses exist', () => {
    const random = rng(1);
    const responses = wrap(Array.from({ length: 4 }, () => respondent(random, 0, 0)));
    const r = surveyResults({ survey: fixture(), responses, final: true });
    expect(r.shown).toBe(false);
    expect(r.accepted).toBe(4);
    expect(
      r.questions.every((q) => q.suppressed && !q.overall && !q.texts && q.breakdowns.length === 0),
    ).toBe(true);
    expect(resultsCsv(r)).not.toMatch(/,count,\d/);
  });

  it('counts answers in steps of k, so one more answer never changes what is shown', () => {
    const seed = 7;
    const random = rng(seed);
    const all = Array.from({ length: 40 }, () => respondent(random, Math.floor(random() * 4), 0));
    let previous: ReturnType<typeof surveyResults> | null = null;
    for (let n = 1; n <= all.length; n++) {
      const r = surveyResults({
        survey: fixture(),
        responses: wrap(all.slice(0, n)),
        final: false,
        random: rng(1),
      });
      for (const q of r.questions) {
        expect(q.counted % 5, `seed ${seed} n ${n}`).toBe(0);
        const before = previous?.questions.find((p) => p.question.id === q.question.id);
        if (before && before.counted === q.counted) {
          // Same counted set → identical aggregates: nothing about the newest response leaks.
          expect(q.overall).toEqual(before.overall);
        } else if (before && !before.suppressed) {
          expect(q.counted - before.counted).toBeGreaterThanOrEqual(5);
        }
      }
      previous = r;
    }
  });

  it('shows free text only with k counted answers, in random order, and never in a breakdown', () => {
    const random = rng(3);
    const five = wrap(Array.from({ length: 5 }, () => respondent(random, 0, 0)));
    const r = surveyResults({ survey: fixture(), responses: five, final: true, random: rng(9) });
    const text = r.questions.find((q) => q.question.kind === 'text');
    expect(text?.texts).toHaveLength(5);
    expect(text?.breakdowns).toEqual([]);
    expect([...(text?.texts ?? [])].sort()).toEqual(
      five.map((x) => x.response.answers.qtext as string).sort(),
    );
    const orders = new Set(
      [1, 2, 3, 4, 5, 6].map((s) =>
        surveyResults({
          survey: fixture(),
          responses: five,
          final: true,
          random: rng(s),
        }).questions[4]?.texts?.join('|'),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
    expect(resultsCsv(r)).not.toContain('answer ');
  });

  it('breaks down only final results', () => {
    const random = rng(5);
    const responses = wrap(Array.from({ length: 20 }, (_, i) => respondent(random, i % 2, i % 2)));
    expect(surveyResults({ survey: fixture(), responses, final: false }).questions[0]?.breakdowns).toEqual(
      [],
    );
    expect(
      surveyResults({ survey: fixture(), responses, final: true }).questions[0]?.breakdowns,
    ).toHaveLength(2);
  });

  it('counts only the first response per valid answer code', () => {
    const random = rng(11);
    const survey = fixture(3, true);
    const codeHashes = new Set(['h1'.repeat(11), 'h2'.repeat(11), 'h3'.repeat(11)]);
    const rs: DecryptedResponse[] = [
      { response: respondent(random, 0, 0), codeHash: 'h1'.repeat(11) },
      { response: respondent(random, 0, 0), codeHash: 'h1'.repeat(11) }, // used again
      { response: respondent(random, 0, 0), codeHash: 'zz'.repeat(11) }, // unknown
      { response: respondent(random, 0, 0), codeHash: null },
      { response: respondent(random, 0, 0), codeHash: 'h2'.repeat(11) },
      { response: respondent(random, 0, 0), codeHash: 'h3'.repeat(11) },
    ];
    const r = surveyResults({ survey, responses: rs, codeHashes, final: false });
    expect(r.accepted).toBe(3);
    expect(r.rejectedCodes).toBe(3);
    const pick = r.questions[0]?.overall?.counts ?? [];
    const expected = [0, 0, 0];
    for (const i of [0, 4, 5]) {
      const o = rs[i]?.response.answers.qpick as number;
      expected[o] = (expected[o] ?? 0) + 1;
    }
    expect(pick).toEqual(expected);
  });

  it('suppresses a small unit and the cell that would reveal it by subtraction from the total', () => {
    // Units: 0 → 7 answers, 1 → 3 answers (< k), 2 → 6, 3 → 4 … but with 4 units no: use 3 units.
    const random = rng(13);
    const people = [...Array(7).fill(0), ...Array(3).fill(1), ...Array(5).fill(2)].map((u) =>
      respondent(random, u, 0),
    );
    const r = surveyResults({ survey: fixture(), responses: wrap(people), final: true });
    const byUnit = r.questions[0]?.breakdowns.find((b) => b.dimension === 'unit');
    const cell = (i: number) => byUnit?.cells.find((c) => c.id === U(i));
    expect(cell(1)?.suppressed).toBe(true); // 3 < k
    expect(cell(2)?.suppressed).toBe(true); // complementary: else unit 1 = total − unit 0 − unit 2
    expect(cell(0)?.suppressed).toBe(false);
    expect(byUnit?.complementary).toBe(1);
    // What is shown cannot isolate unit 1: total − shown = units 1 and 2 together (8 ≥ k).
    const shown = (byUnit?.cells ?? [])
      .filter((c) => !c.suppressed)
      .reduce((n, c) => n + (c.aggregate?.n ?? 0), 0);
    expect(r.questions[0]?.counted ?? 0 - shown).toBeGreaterThanOrEqual(5);
  });

  it('suppresses across breakdowns: a shift nested in a unit must not differ from it by fewer than k', () => {
    // Unit 0 holds all of shift 1 (6 people) plus 2 people of shift 0: unit 0 − shift 1 = 2 people.
    const random = rng(17);
    const people = [
      ...Array.from({ length: 6 }, () => respondent(random, 0, 1)),
      ...Array.from({ length: 2 }, () => respondent(random, 0, 0)),
      ...Array.from({ length: 12 }, () => respondent(random, 1, 0)),
    ];
    const r = surveyResults({ survey: fixture(), responses: wrap(people), final: true });
    const q = r.questions[0];
    const unit0 = q?.breakdowns.find((b) => b.dimension === 'unit')?.cells.find((c) => c.id === U(0));
    const shift1 = q?.breakdowns.find((b) => b.dimension === 'shift')?.cells.find((c) => c.id === S(1));
    expect(unit0?.suppressed || shift1?.suppressed).toBe(true);
  });
});

describe('suppressCells (property: nothing under k can be derived by subtraction)', () => {
  function check(dims: Dimension[], k: number, suppressed: boolean[][], seed: number) {
    const sizes = dims.map((d) => {
      const s = new Array<number>(d.cells).fill(0);
      for (const c of d.cellOf) s[c] = (s[c] ?? 0) + 1;
      return s;
    });
    sizes.forEach((s, d) => {
      let sum = 0;
      let nonEmpty = 0;
      s.forEach((n, c) => {
        const hidden = suppressed[d]?.[c] === true;
        if (!hidden && n > 0) expect(n, `seed ${seed}: shown cell under k`).toBeGreaterThanOrEqual(k);
        if (hidden) {
          expect(n, `seed ${seed}: empty cell marked`).toBeGreaterThan(0);
          sum += n;
          nonEmpty++;
        }
      });
      expect(sum === 0 || sum >= k, `seed ${seed}: suppressed cells sum ${sum} derivable`).toBe(true);
      expect(nonEmpty, `seed ${seed}: a single suppressed cell is total − the others`).not.toBe(1);
    });
    if (dims.length === 2) {
      // Every group derivable in one dimension vs every one in the other: no containment with a small difference.
      const groups = (d: number) => {
        const out: Set<number>[] = [];
        const union = new Set<number>();
        dims[d]?.cellOf.forEach((c, i) => {
          if (suppressed[d]?.[c]) union.add(i);
        });
        for (let c = 0; c < (dims[d]?.cells ?? 0); c++) {
          if (suppressed[d]?.[c]) continue;
          const members = new Set<number>();
          dims[d]?.cellOf.forEach((x, i) => {
            if (x === c) members.add(i);
          });
          if (members.size > 0) out.push(members);
        }
        if (union.size > 0) out.push(union);
        return out;
      };
      for (const a of groups(0)) {
        for (const b of groups(1)) {
          const aInB = [...a].every((i) => b.has(i));
          const bInA = [...b].every((i) => a.has(i));
          const diff = aInB ? b.size - a.size : bInA ? a.size - b.size : 0;
          expect(diff === 0 || diff >= k, `seed ${seed}: nested groups differ by ${diff}`).toBe(true);
        }
      }
    }
  }

  it('holds for 3,000 random breakdowns with one or two dimensions', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const random = rng(seed);
      const k = 3 + Math.floor(random() * 5);
      const n = k + Math.floor(random() * 60); // results break down only k or more counted answers
      const cells0 = 1 + Math.floor(random() * 7);
      const cells1 = 1 + Math.floor(random() * 4);
      // Skewed cell sizes, and shifts correlated with units (so nesting happens).
      const cellOf0 = Array.from({ length: n }, () => Math.floor(random() ** 2 * cells0));
      const cellOf1 = cellOf0.map((c) => (random() < 0.7 ? c % cells1 : Math.floor(random() * cells1)));
      const dims: Dimension[] =
        seed % 3 === 0
          ? [{ cells: cells0, cellOf: cellOf0 }]
          : [
              { cells: cells0, cellOf: cellOf0 },
              { cells: cells1, cellOf: cellOf1 },
            ];
      check(dims, k, suppressCells(dims, k), seed);
    }
  });

  it('is deterministic (every member computes the same suppression)', () => {
    const dims: Dimension[] = [
      { cells: 4, cellOf: [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 3] },
      { cells: 2, cellOf: [0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1] },
    ];
    expect(suppressCells(dims, 5)).toEqual(suppressCells(dims, 5));
  });
});

describe('CSV of aggregates', () => {
  it('writes aggregates only, marks suppressed cells, and defuses spreadsheet formulas', () => {
    const survey = readPublicSurvey({
      v: 1,
      id: 'S'.repeat(22),
      title: 'T',
      k: 3,
      questions: [{ id: 'qpick', kind: 'single', text: '=HYPERLINK("x")', options: ['+1', 'b, "quoted"'] }],
      units: [{ id: U(0), name: 'Dock' }],
    });
    if (!survey) throw new Error('fixture');
    const responses = wrap(
      [0, 0, 1, 0, 1, 1, 0].map((o, i) => ({
        answers: { qpick: o },
        unit: i < 5 ? U(0) : null,
        shift: null,
        code: null,
      })),
    );
    const csv = resultsCsv(surveyResults({ survey, responses, final: true }));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('question,type,breakdown,group,option,measure,value');
    expect(lines[1]).toBe(`"'=HYPERLINK(""x"")",single,all,,'+1,count,3`);
    expect(csv).toContain('"b, ""quoted""",count,3');
    expect(csv).toContain(',unit,not given,,suppressed,'); // 1 answer without a unit (counted 6 of 7)
    expect(csv).toContain(',unit,Dock,,suppressed,'); // complementary
  });
});
