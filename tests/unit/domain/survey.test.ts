/**
 * Survey definitions, links, answers and single-use codes (src/domain/survey*.ts;
 * docs/threat-model.md "Surveys").
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addAnswerCodes,
  addSurveyResponse,
  checkAnswers,
  closeSurvey,
  createShift,
  createSurvey,
  createUnit,
  decodeResponse,
  decodeSurveyLink,
  encodeResponse,
  encodeSurveyLink,
  getSurvey,
  hashAnswerCode,
  listSurveys,
  newAnswerCode,
  normalizeAnswerCode,
  PAD_BYTES,
  publishSurvey,
  readPublicSurvey,
  readSurveyResponses,
  type SurveyInput,
  surveyWindow,
  updateSurvey,
} from '../../../src/domain';
import { codeOf, ctxFor, newCampaign, syncBoth, value } from '../../support/domain';

const KEYS = {
  publicKey: 'BPublicKeyPlaceholder_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  privateKey: 'PrivateKeyPlaceholder_bbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  inboxKey: 'InboxKeyPlaceholder_cccccccccccccccccccccc',
};

const INPUT: SurveyInput = {
  title: 'Heat on the line',
  intro: 'Five questions, two minutes.',
  questions: [
    { kind: 'single', text: 'Biggest issue?', options: ['Heat', 'Pay', 'Breaks'], required: true },
    { kind: 'multiple', text: 'Which apply?', options: ['A', 'B', 'C'] },
    { kind: 'scale', text: 'How bad is the heat?' },
    { kind: 'ranking', text: 'Rank these', options: ['Water', 'Fans', 'Shade'] },
    { kind: 'text', text: 'Anything else?' },
  ],
};

const ctx = ctxFor('organizer-1');

describe('survey lifecycle', () => {
  it('creates, edits, publishes (freezing what respondents see) and closes', () => {
    const doc = newCampaign();
    const unit = value(createUnit(doc, { name: 'Dock 3' }, ctx));
    const shift = value(createShift(doc, { name: 'Nights' }, ctx));
    const id = value(createSurvey(doc, INPUT, ctx));
    const draft = getSurvey(doc, id);
    expect(draft?.status).toBe('draft');
    expect(draft?.k).toBe(5);
    expect(draft?.questions.map((q) => q.kind)).toEqual(['single', 'multiple', 'scale', 'ranking', 'text']);
    const qids = draft?.questions.map((q) => q.id) ?? [];
    expect(new Set(qids).size).toBe(5);

    value(
      updateSurvey(doc, id, { ...INPUT, title: 'Heat, again', questions: draft?.questions ?? [], k: 7 }, ctx),
    );
    expect(getSurvey(doc, id)?.questions.map((q) => q.id)).toEqual(qids); // ids kept across edits
    const published = value(publishSurvey(doc, id, KEYS, ctx));
    expect(published).toMatchObject({ id, title: 'Heat, again', k: 7, codes: false });
    expect(published.units).toEqual([{ id: unit, name: 'Dock 3' }]);
    expect(published.shifts).toEqual([{ id: shift, name: 'Nights' }]);
    expect(JSON.stringify(published)).not.toContain(KEYS.privateKey);
    expect(getSurvey(doc, id)?.keys).toEqual(KEYS);

    // A published definition never changes.
    expect(codeOf(updateSurvey(doc, id, INPUT, ctx))).toBe('invalid-value');
    expect(codeOf(publishSurvey(doc, id, KEYS, ctx))).toBe('invalid-value');
    value(closeSurvey(doc, id, ctx));
    expect(getSurvey(doc, id)?.status).toBe('closed');
    expect(listSurveys(doc).map((s) => s.id)).toEqual([id]);
  });

  it('offers only the chosen units and shifts when the audience is not everyone', () => {
    const doc = newCampaign();
    const a = value(createUnit(doc, { name: 'A' }, ctx));
    value(createUnit(doc, { name: 'B' }, ctx));
    const id = value(
      createSurvey(doc, { ...INPUT, audience: { all: false, unitIds: [a], shiftIds: [] } }, ctx),
    );
    const published = value(publishSurvey(doc, id, KEYS, ctx));
    expect(published.units.map((u) => u.name)).toEqual(['A']);
    expect(published.shifts).toEqual([]);
    expect(
      codeOf(
        createSurvey(
          doc,
          { ...INPUT, audience: { all: false, unitIds: ['x'.repeat(22)], shiftIds: [] } },
          ctx,
        ),
      ),
    ).toBe('unknown-unit');
  });

  it('refuses bad input and writes nothing', () => {
    const doc = newCampaign();
    const before = Y.encodeStateAsUpdate(doc);
    expect(codeOf(createSurvey(doc, { ...INPUT, title: ' ' }, ctx))).toBe('name-required');
    expect(codeOf(createSurvey(doc, { ...INPUT, k: 2 }, ctx))).toBe('invalid-number');
    expect(codeOf(createSurvey(doc, { ...INPUT, k: 4.5 }, ctx))).toBe('invalid-number');
    expect(
      codeOf(
        createSurvey(
          doc,
          { ...INPUT, questions: [{ kind: 'single', text: 'Q', options: ['only one'] }] },
          ctx,
        ),
      ),
    ).toBe('too-many');
    expect(codeOf(createSurvey(doc, { ...INPUT, opensOn: '2025-05-02', closesOn: '2025-05-01' }, ctx))).toBe(
      'invalid-date',
    );
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    const id = value(createSurvey(doc, { ...INPUT, questions: [] }, ctx));
    expect(codeOf(publishSurvey(doc, id, KEYS, ctx))).toBe('too-many');
  });

  it('quarantines a hostile record instead of showing it', () => {
    const doc = newCampaign();
    const id = value(createSurvey(doc, INPUT, ctx));
    const map = doc.getMap('surveys').get(id) as Y.Map<unknown>;
    map.set('status', 'published'); // published without a frozen definition or keys
    expect(getSurvey(doc, id)).toBeNull();
    expect(listSurveys(doc)).toEqual([]);
  });
});

describe('respondent link', () => {
  it('round-trips the public definition and keys, and an optional code, through the fragment', async () => {
    const doc = newCampaign();
    const id = value(createSurvey(doc, INPUT, ctx));
    const survey = value(publishSurvey(doc, id, KEYS, ctx));
    const inboxKey = crypto.getRandomValues(new Uint8Array(32));
    const publicKey = new Uint8Array(65).fill(7);
    publicKey[0] = 4;
    const fragment = await encodeSurveyLink({ inboxKey, publicKey, survey });
    expect(fragment).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = await decodeSurveyLink(`#${fragment}`);
    expect(back?.survey).toEqual(survey);
    expect(back?.inboxKey).toEqual(inboxKey);
    expect(back?.publicKey).toEqual(publicKey);
    expect(back?.code).toBeUndefined();

    const code = newAnswerCode();
    const withCode = await decodeSurveyLink(await encodeSurveyLink({ inboxKey, publicKey, survey, code }));
    expect(withCode?.code).toBe(normalizeAnswerCode(code));
  });

  it('returns null for broken, tampered or hostile links', async () => {
    const inboxKey = new Uint8Array(32);
    const publicKey = new Uint8Array(65);
    publicKey[0] = 4;
    const survey = readPublicSurvey({
      v: 1,
      id: 'A'.repeat(22),
      title: 'T',
      questions: [{ id: 'q1aa', kind: 'scale', text: 'Q' }],
      k: 5,
    });
    expect(survey).not.toBeNull();
    if (!survey) return;
    const good = await encodeSurveyLink({ inboxKey, publicKey, survey });
    expect(await decodeSurveyLink(good)).not.toBeNull();
    for (const bad of [
      '',
      '#',
      '!!!',
      good.slice(0, 60),
      `${good.slice(0, -4)}AAAA`,
      `${good}.NOTACODE!`,
      `${good}.a.b`,
    ]) {
      expect(await decodeSurveyLink(bad), bad.slice(0, 20)).toBeNull();
    }
    expect(readPublicSurvey({ ...survey, k: 1 })).toBeNull();
    expect(
      readPublicSurvey({ ...survey, questions: [{ id: '__proto__', kind: 'scale', text: 'Q' }] }),
    ).toBeNull();
    expect(
      readPublicSurvey({ ...survey, questions: [{ id: 'q1aa', kind: 'single', text: 'Q', options: ['x'] }] }),
    ).toBeNull();
    // A decompression bomb stops at the limit instead of filling memory.
    const bomb = new TextEncoder().encode(`{"v":1,"title":"${'a'.repeat(2_000_000)}"}`);
    const cs = new CompressionStream('deflate-raw');
    const packed = new Uint8Array(
      await new Response(new Blob([bomb]).stream().pipeThrough(cs)).arrayBuffer(),
    );
    const payload = new Uint8Array(98 + packed.length);
    payload[0] = 1;
    payload[33] = 4;
    payload.set(packed, 98);
    const b64 = Buffer.from(payload).toString('base64url');
    expect(await decodeSurveyLink(b64)).toBeNull();
  });
});

describe('answers', () => {
  const survey = readPublicSurvey({
    v: 1,
    id: 'S'.repeat(22),
    title: 'T',
    k: 5,
    codes: true,
    units: [{ id: 'U'.repeat(22), name: 'Dock' }],
    questions: [
      { id: 'qone', kind: 'single', text: 'A', options: ['x', 'y'], required: true },
      { id: 'qtwo', kind: 'ranking', text: 'B', options: ['x', 'y', 'z'] },
      { id: 'qtxt', kind: 'text', text: 'C' },
    ],
  });
  if (!survey) throw new Error('fixture');

  it('checks required answers, values, unit and code', () => {
    const bad = checkAnswers(survey, { answers: { qtwo: [0, 0] }, unit: 'nope', shift: null, code: null });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems).toEqual([
        { field: 'qone', code: 'required' },
        { field: 'qtwo', code: 'invalid' },
        { field: 'unit', code: 'invalid' },
        { field: 'code', code: 'required' },
      ]);
    }
    const good = checkAnswers(survey, {
      answers: { qone: 1, qtwo: [2, 0], qtxt: '  hot  ' },
      unit: 'U'.repeat(22),
      shift: null,
      code: 'abcde-fghjk',
    });
    expect(good).toEqual({
      ok: true,
      value: {
        answers: { qone: 1, qtwo: [2, 0], qtxt: 'hot' },
        unit: 'U'.repeat(22),
        shift: null,
        code: 'ABCDEFGHJK',
      },
    });
  });

  it('pads the plaintext so its size hides how much was written, and reads it back', () => {
    const checked = checkAnswers(survey, {
      answers: { qone: 0 },
      unit: null,
      shift: null,
      code: 'ABCDE-FGHJK',
    });
    if (!checked.ok) throw new Error('fixture');
    const short = encodeResponse(checked.value);
    const long = encodeResponse({ ...checked.value, answers: { qone: 0, qtxt: 'x'.repeat(300) } });
    expect(short.length % PAD_BYTES).toBe(0);
    expect(long.length).toBe(short.length);
    expect(decodeResponse(survey, short)).toEqual(checked.value);
    const text = new TextDecoder().decode(short).trim();
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(['a', 'c', 'v']); // answers only: no time, no device
    const hostile = new TextEncoder().encode('{"v":1,"a":{"qone":7}}');
    expect(decodeResponse(survey, hostile)).toBeNull();
    expect(decodeResponse(survey, new TextEncoder().encode('{"v":1,"a":{},"u":"x"}'))).toBeNull();
    expect(decodeResponse(survey, new Uint8Array([0xff, 0xfe]))).toBeNull();
  });

  it('knows when a survey is open', () => {
    expect(surveyWindow({ opensOn: '2025-05-01', closesOn: '2025-05-03' }, '2025-04-30')).toBe('not-yet');
    expect(surveyWindow({ opensOn: '2025-05-01', closesOn: '2025-05-03' }, '2025-05-03')).toBe('open');
    expect(surveyWindow({ closesOn: '2025-05-03' }, '2025-05-04')).toBe('closed');
  });
});

describe('single-use answer codes', () => {
  async function codeSurvey() {
    const doc = newCampaign();
    const id = value(createSurvey(doc, { ...INPUT, requireCodes: true }, ctx));
    value(publishSurvey(doc, id, KEYS, ctx));
    const codes = Array.from({ length: 3 }, newAnswerCode);
    const hashes = (await Promise.all(codes.map((c) => hashAnswerCode(id, c)))) as string[];
    expect(value(addAnswerCodes(doc, id, hashes, ctx))).toBe(3);
    expect(value(addAnswerCodes(doc, id, hashes, ctx))).toBe(0);
    return { doc, id, codes, hashes };
  }
  const sealed = (n: number) => new Uint8Array(100).fill(n);
  const rid = (n: number) => `resp${String(n).padStart(18, '0')}`;

  it('generates 50-bit codes and stores only their hashes', async () => {
    const { doc, id, codes } = await codeSurvey();
    expect(codes[0]).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    const raw = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('latin1');
    for (const c of codes) {
      expect(raw).not.toContain(c);
      expect(raw).not.toContain(c.replace('-', ''));
    }
    expect(await hashAnswerCode(id, codes[0] ?? '')).toBe(
      await hashAnswerCode(id, (codes[0] ?? '').toLowerCase()),
    );
    expect(await hashAnswerCode('other'.repeat(5), codes[0] ?? '')).not.toBe(
      await hashAnswerCode(id, codes[0] ?? ''),
    );
  });

  it('accepts each code once: a second response with the same code is discarded', async () => {
    const { doc, id, hashes } = await codeSurvey();
    const [h0, h1] = hashes as [string, string];
    expect(value(addSurveyResponse(doc, id, { id: rid(1), sealed: sealed(1), code: h0 }, ctx))).toBe('added');
    expect(value(addSurveyResponse(doc, id, { id: rid(2), sealed: sealed(2), code: h0 }, ctx))).toBe(
      'code-used',
    );
    expect(value(addSurveyResponse(doc, id, { id: rid(1), sealed: sealed(1), code: h0 }, ctx))).toBe(
      'duplicate',
    );
    expect(
      value(addSurveyResponse(doc, id, { id: rid(3), sealed: sealed(3), code: 'Z'.repeat(22) }, ctx)),
    ).toBe('code-unknown');
    expect(value(addSurveyResponse(doc, id, { id: rid(4), sealed: sealed(4) }, ctx))).toBe('code-unknown');
    expect(value(addSurveyResponse(doc, id, { id: rid(5), sealed: sealed(5), code: h1 }, ctx))).toBe('added');
    expect(readSurveyResponses(doc, id).map((r) => r.id)).toEqual([rid(1), rid(5)]);
    value(closeSurvey(doc, id, ctx));
    expect(value(addSurveyResponse(doc, id, { id: rid(6), sealed: sealed(6), code: hashes[2] }, ctx))).toBe(
      'closed',
    );
  });

  it('two members collecting the same code at once converge on the same stored order', async () => {
    const { doc, id, hashes } = await codeSurvey();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    value(addSurveyResponse(doc, id, { id: rid(1), sealed: sealed(1), code: hashes[0] }, ctx));
    value(
      addSurveyResponse(other, id, { id: rid(2), sealed: sealed(2), code: hashes[0] }, ctxFor('organizer-2')),
    );
    syncBoth(doc, other);
    const a = readSurveyResponses(doc, id).map((r) => r.id);
    expect(readSurveyResponses(other, id).map((r) => r.id)).toEqual(a);
    expect(a).toHaveLength(2); // both stored; results count only the first (survey-results.test.ts)
  });

  it('adding a response writes no timestamp and leaves updatedAt alone', async () => {
    const { doc, id, hashes } = await codeSurvey();
    const before = getSurvey(doc, id)?.updatedAt;
    let update: Uint8Array = new Uint8Array();
    doc.once('update', (u: Uint8Array) => {
      update = u;
    });
    value(
      addSurveyResponse(
        doc,
        id,
        { id: rid(1), sealed: sealed(1), code: hashes[0] },
        ctxFor('organizer-1', { now: () => new Date('2031-07-07T07:07:07.000Z') }),
      ),
    );
    expect(getSurvey(doc, id)?.updatedAt).toBe(before);
    const text = Buffer.from(update).toString('latin1');
    expect(text).not.toMatch(/20\d\d-\d\d-\d\d/);
    expect(text).not.toContain('organizer');
  });
});
