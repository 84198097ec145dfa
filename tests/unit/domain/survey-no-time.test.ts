/**
 * Survey answers leave no time and closing is one-way (issue 17, Surveys):
 * - collecting responses (here, and on another member's phone whose change arrives by sync) at a
 *   chosen moment leaves that moment in no stored row (update log, activity log, restore points,
 *   all decrypted here) and nowhere in the doc;
 * - a batch is stored in one transaction, in an order that does not follow arrival;
 * - once closed, no restore point, member undo or concurrent edit reopens a survey or changes its
 *   final breakdown.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { campaignActivity } from '../../../src/app/activity';
import {
  fromUtf8,
  generateSurveyKeyPair,
  importSurveyPrivateKey,
  openSealed,
  randomBytes,
  randomId,
  type SurveyPrivateKey,
  sealWithReceipt,
  toBase64Url,
} from '../../../src/crypto';
import {
  addSurveyResponse,
  type ChangeLog,
  checkAnswers,
  closeSurvey,
  createPerson,
  createSurvey,
  createUnit,
  decodeResponse,
  encodeResponse,
  getSurvey,
  initCampaign,
  type PublicSurvey,
  prepareMemberUndo,
  prepareSnapshotRestore,
  publishSurvey,
  readSurveyResponses,
  surveyResults,
} from '../../../src/domain';
import { type ActivityOptions, createSpace, createVault, SpaceStore } from '../../../src/storage';
import { openPacked } from '../../../src/storage/row-pack';
import { clientOwners, listMembers, registerMember } from '../../../src/sync/members/devices';
import { collectResponses } from '../../../src/sync/survey-inbox/collect';
import { value } from '../../support/domain';
import { deliver, memberDevice } from '../../support/peer-docs';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('survey-no-time');
const T0 = Date.parse('2025-05-01T09:00:00.000Z');
/** The moment responses are collected: an odd one, so any trace of it is unmistakable. */
const T_COLLECT = Date.parse('2025-05-03T14:37:21.482Z');

/** A campaign store on an encrypted database with a settable clock, and a published survey. */
async function world() {
  const db = newDb();
  const vault = await createVault(db, 'survey time test passphrase', FAST);
  const meta = await createSpace(vault, { kind: 'campaign', name: 'Dock 4' });
  const [a, b] = await Promise.all([memberDevice('Phone A'), memberDevice('Phone B')]);
  const clock = { now: T0 };
  const options: ActivityOptions = { ...campaignActivity(() => a.deviceId), now: () => clock.now };
  const store = await SpaceStore.open(db, vault.cipher, meta.id, { activity: options });
  const doc = store.doc;
  const ctxA = { by: a.deviceId, now: () => new Date(clock.now) };
  value(initCampaign(doc, { name: 'Dock 4', by: a.deviceId, now: () => new Date(T0) }));
  await registerMember(doc, a);
  const units = ['Dock', 'Yard'].map((name) => value(createUnit(doc, { name }, ctxA)));
  const id = value(
    createSurvey(
      doc,
      {
        title: 'Heat on the dock',
        k: 3,
        questions: [
          { kind: 'single', text: 'Biggest issue?', options: ['Heat', 'Pay', 'Hours'], required: true },
        ],
      },
      ctxA,
    ),
  );
  const pair = await generateSurveyKeyPair();
  const survey = value(
    publishSurvey(
      doc,
      id,
      {
        publicKey: toBase64Url(pair.publicKey),
        privateKey: toBase64Url(pair.privateKey),
        linkSecret: toBase64Url(randomBytes(16)),
        readSecret: toBase64Url(randomBytes(32)),
      },
      ctxA,
    ),
  );
  await store.flush();
  const bDoc = new Y.Doc();
  deliver(doc, bDoc, a.deviceId);
  await registerMember(bDoc, b);
  deliver(bDoc, doc, b.deviceId);
  await store.flush();
  const privateKey = await importSurveyPrivateKey(pair.privateKey);
  return { db, vault, meta, store, doc, a, b, bDoc, clock, ctxA, units, id, survey, pair, privateKey };
}

type World = Awaited<ReturnType<typeof world>>;

let picks = 0;
/** One respondent's sealed answer (unit and option vary). */
async function answer(survey: PublicSurvey, publicKey: Uint8Array) {
  const n = picks++;
  const checked = checkAnswers(survey, {
    answers: { [survey.questions[0]?.id ?? '']: n % 3 },
    unit: survey.units[n % 2]?.id ?? null,
    shift: null,
    code: null,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const { sealed } = await sealWithReceipt(publicKey, encodeResponse(checked.value));
  return { id: randomId(), sealed };
}

async function answers(w: World, n: number) {
  return Promise.all(Array.from({ length: n }, () => answer(w.survey, w.pair.publicKey)));
}

/** The final breakdown as the results screen computes it (free text order fixed). */
async function finalResults(doc: Y.Doc, surveyId: string, key: SurveyPrivateKey) {
  const s = getSurvey(doc, surveyId);
  if (!s?.published) throw new Error('no survey');
  const responses = [];
  for (const r of readSurveyResponses(doc, surveyId)) {
    const response = decodeResponse(s.published, await openSealed(key, r.sealed));
    if (response) responses.push({ response, codeHash: null });
  }
  const results = surveyResults({
    survey: s.published,
    responses,
    final: s.status === 'closed',
    random: () => 0,
  });
  return JSON.stringify({ status: s.status, results });
}

/** Every text form of `ms` a record could hold: ms, s, ISO (to the ms, second and minute). */
function forms(ms: number): string[] {
  const iso = new Date(ms).toISOString();
  return [String(ms), String(Math.floor(ms / 1000)), iso, iso.slice(0, 19), iso.slice(0, 16)];
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

describe('collecting a response leaves no time', () => {
  it('in no update-log, activity-log or restore-point row, nor in the doc', async () => {
    const w = await world();
    // On B's phone: a response collected, merged with an ordinary edit, reaching A at T_COLLECT.
    w.clock.now = T_COLLECT;
    const fromB = await answers(w, 2);
    await collectResponses(
      { campaign: w.bDoc, survey: w.survey, privateKey: w.privateKey, by: w.b.deviceId },
      fromB,
    );
    value(createPerson(w.bDoc, { name: 'Ana López' }, { by: w.b.deviceId, now: () => new Date(T0) }));
    deliver(w.bDoc, w.doc, w.b.deviceId);
    // On A's phone: a batch collected at the same moment.
    const here = await collectResponses(
      { campaign: w.doc, survey: w.survey, privateKey: w.privateKey, by: w.a.deviceId },
      await answers(w, 3),
    );
    expect(here.map((r) => r.outcome)).toEqual(['added', 'added', 'added']);
    await w.store.flush();
    expect(readSurveyResponses(w.doc, w.id)).toHaveLength(5);
    // Restore points of that day: the daily one at unlock later on, and a manual one.
    w.clock.now = T_COLLECT + 3 * 3_600_000;
    expect((await w.store.maintain(w.clock.now)).snapshot).toBe(true);
    w.clock.now += 60_000;
    await w.store.takeSnapshot('manual');

    // Every stored row, decrypted.
    const s = w.meta.id;
    const texts: string[] = [];
    for (const row of await w.db.updates.where('spaceId').equals(s).toArray()) {
      texts.push(latin1(await openPacked(w.vault.cipher, row, `update/${s}/${row.seq}`)));
    }
    for (const row of await w.db.activity.where('spaceId').equals(s).toArray()) {
      const ctx = row.kind === 'b' ? `activity-base/${s}/${row.seq}` : `activity/${s}/${row.seq}`;
      texts.push(latin1(await openPacked(w.vault.cipher, row, ctx)));
    }
    for (const row of await w.db.snapshots.where('spaceId').equals(s).toArray()) {
      texts.push(fromUtf8(await w.vault.cipher.open(row.meta, `snapshot-meta/${s}/${row.seq}`)));
    }
    for (const row of await w.db.snapshotStates.where('spaceId').equals(s).toArray())
      texts.push(latin1(await openPacked(w.vault.cipher, row, `snapshot/${s}/${row.seq}`)));
    texts.push(latin1(Y.encodeStateAsUpdate(w.doc)), JSON.stringify(w.doc.toJSON()));
    expect(texts.length).toBeGreaterThan(6);
    for (const form of forms(T_COLLECT)) {
      for (const text of texts) expect(text.includes(form), `${form} in a stored row`).toBe(false);
    }
    // The entries holding the responses say only the day.
    const log = await w.store.readActivity();
    const times = log.entries.map((e) => e.at);
    expect(times).toContain(Date.parse('2025-05-03T00:00:00.000Z'));
    for (const at of times) expect(Math.abs(at - T_COLLECT)).toBeGreaterThan(10 * 60_000);
  });
});

describe('collection in batches', () => {
  it('stores a batch in one transaction, in an order that does not follow arrival', async () => {
    const w = await world();
    const batch = await answers(w, 24);
    let transactions = 0;
    const count = () => transactions++;
    w.doc.on('afterTransaction', count);
    await collectResponses(
      { campaign: w.doc, survey: w.survey, privateKey: w.privateKey, by: w.a.deviceId },
      batch,
    );
    w.doc.off('afterTransaction', count);
    expect(transactions).toBe(1);
    const stored = readSurveyResponses(w.doc, w.id).map((r) => r.id);
    expect(new Set(stored)).toEqual(new Set(batch.map((r) => r.id)));
    // 24! orders: the arrival order coming out by chance has probability about 1.6e-24.
    expect(stored).not.toEqual(batch.map((r) => r.id));
  });
});

describe('closing is one-way', () => {
  /** A survey with 9 responses, closed by `closer` (A here, or B delivered to A). */
  async function closed(w: World, closer: 'a' | 'b') {
    await collectResponses(
      { campaign: w.doc, survey: w.survey, privateKey: w.privateKey, by: w.a.deviceId },
      await answers(w, 9),
    );
    await w.store.flush();
    w.clock.now = T0 + 86_400_000;
    const snapshot = await w.store.takeSnapshot('manual'); // a restore point from before the close
    w.clock.now += 60_000;
    const since = w.clock.now;
    deliver(w.doc, w.bDoc, w.a.deviceId); // B has the responses, not the close
    if (closer === 'a') value(closeSurvey(w.doc, w.id, w.ctxA));
    else {
      value(closeSurvey(w.bDoc, w.id, { by: w.b.deviceId }));
      deliver(w.bDoc, w.doc, w.b.deviceId);
    }
    await w.store.flush();
    const final = await finalResults(w.doc, w.id, w.privateKey);
    expect(JSON.parse(final).status).toBe('closed');
    expect(JSON.parse(final).results.questions[0].breakdowns.length).toBeGreaterThan(0);
    return { snapshot, since, final };
  }

  /** Tries to get one more answer in, and checks the final breakdown did not move. */
  async function stillFinal(w: World, final: string) {
    expect(getSurvey(w.doc, w.id)?.status).toBe('closed');
    const late = await answer(w.survey, w.pair.publicKey);
    expect(value(addSurveyResponse(w.doc, w.id, late, w.ctxA))).toBe('closed');
    expect(value(closeSurvey(w.doc, w.id, w.ctxA))).toBeUndefined();
    expect(await finalResults(w.doc, w.id, w.privateKey)).toBe(final);
  }

  it('a restore point from before the close does not reopen it', async () => {
    const w = await world();
    const { snapshot, final } = await closed(w, 'a');
    const before = new Y.Doc();
    Y.applyUpdate(before, await w.store.readSnapshot(snapshot.seq));
    const restore = prepareSnapshotRestore(w.doc, before, w.ctxA);
    value(restore.apply());
    restore.dispose();
    // The record's own field went back (the restore did its job) …
    expect((w.doc.getMap('surveys').get(w.id) as Y.Map<unknown>).get('status')).toBe('published');
    // … and the survey is closed all the same, with the same final breakdown.
    await stillFinal(w, final);
  });

  it('undoing the member who closed it does not reopen it', async () => {
    const w = await world();
    const { since, final } = await closed(w, 'b');
    const content = await w.store.readActivity();
    const log: ChangeLog = {
      base: content.base,
      changes: content.entries.map((e) => ({ at: e.at, update: e.update, by: e.author.deviceId ?? null })),
    };
    const owners = clientOwners(await listMembers(w.doc));
    const undo = prepareMemberUndo(w.doc, log, w.b.deviceId, since - 1, owners, w.ctxA);
    expect(undo.plan.steps.length).toBeGreaterThan(0);
    value(undo.apply());
    undo.dispose();
    await stillFinal(w, final);
  });

  it('a concurrent edit setting it back to published, with a late answer, changes nothing', async () => {
    const w = await world();
    const { final } = await closed(w, 'a');
    // B, apart since before A closed it (it has the nine responses), sets it back to published by
    // hand and stores one more answer; then the phones meet.
    const late = await answer(w.survey, w.pair.publicKey);
    const record = w.bDoc.getMap('surveys').get(w.id) as Y.Map<unknown>;
    expect(readSurveyResponses(w.bDoc, w.id)).toHaveLength(9);
    w.bDoc.transact(() => {
      record.set('status', 'published');
      (record.get('responses') as Y.Array<unknown>).push([late]);
    });
    deliver(w.bDoc, w.doc, w.b.deviceId);
    await w.store.flush();
    // Which `status` value won is up to Yjs (client ids); the survey is closed either way.
    await stillFinal(w, final);
    // B's phone, once it has A's close, agrees; and setting it back by hand now, after the close,
    // certainly wins the field but not the survey.
    deliver(w.doc, w.bDoc, w.a.deviceId);
    expect(await finalResults(w.bDoc, w.id, w.privateKey)).toBe(final);
    record.set('status', 'published');
    deliver(w.bDoc, w.doc, w.b.deviceId);
    await w.store.flush();
    expect((w.doc.getMap('surveys').get(w.id) as Y.Map<unknown>).get('status')).toBe('published');
    await stillFinal(w, final);
  });
});
