/**
 * Survey inboxes and anonymity (src/sync/survey-inbox/inbox.ts; docs/threat-model.md "Surveys"), with
 * N simulated respondents and several organizers exchanging Yjs updates as y-webrtc would:
 * - a response's raw Yjs update holds one struct — a fresh clientID, clock 0, the response id and
 *   the sealed bytes — and no clientID, timestamp or identifier that appears anywhere else;
 * - collecting stores it sealed in the campaign, then publishes an unforgeable receipt and removes
 *   it from the inbox; tampered responses are dropped; answer codes are single-use.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  generateSurveyKeyPair,
  importSurveyPrivateKey,
  randomId,
  receiptTag,
  sealWithReceipt,
  toBase64Url,
} from '../../../src/crypto';
import {
  addAnswerCodes,
  checkAnswers,
  createSurvey,
  createUnit,
  encodeResponse,
  hashAnswerCode,
  newAnswerCode,
  type PublicSurvey,
  publishSurvey,
  readSurveyResponses,
} from '../../../src/domain';
import { checkUpdate, deriveRoom } from '../../../src/sync';
import { attachCollector, collectResponses } from '../../../src/sync/survey-inbox/collect';
import {
  deriveInboxRoom,
  INBOX_COLLECTIONS,
  INBOX_RECEIPTS,
  INBOX_RESPONSES,
  type ReceiptStatus,
} from '../../../src/sync/survey-inbox/inbox';
import { newResponseDoc, watchReceipt } from '../../../src/sync/survey-inbox/send';
import { ctxFor, newCampaign, value } from '../../support/domain';
import { waitFor } from '../../support/wait';

const RULES = { maxUpdateBytes: 8 << 20, knownCollections: new Set<string>(INBOX_COLLECTIONS) };
const ORGANIZER_DEVICES = ['organizerDeviceAAAAAAA', 'organizerDeviceBBBBBBB', 'organizerDeviceCCCCCCC'];

async function setup(opts: { codes?: boolean } = {}) {
  const campaign = newCampaign('Acme Local 12');
  const ctx = ctxFor(ORGANIZER_DEVICES[0] as string);
  const unit = value(createUnit(campaign, { name: 'Dock 3' }, ctx));
  const id = value(
    createSurvey(
      campaign,
      {
        title: 'Heat',
        requireCodes: opts.codes ?? false,
        questions: [
          { kind: 'single', text: 'Biggest issue?', options: ['Heat', 'Pay'], required: true },
          { kind: 'text', text: 'Anything else?' },
        ],
      },
      ctx,
    ),
  );
  const pair = await generateSurveyKeyPair();
  const keys = {
    publicKey: toBase64Url(pair.publicKey),
    privateKey: toBase64Url(pair.privateKey),
    inboxKey: toBase64Url(crypto.getRandomValues(new Uint8Array(32))),
  };
  const survey = value(publishSurvey(campaign, id, keys, ctx));
  const privateKey = await importSurveyPrivateKey(pair.privateKey);
  return { campaign, id, unit, survey, pair, privateKey, keys, ctx };
}

/** What a respondent's page does: check, encode, seal, and make the fresh doc it sends from. */
async function respond(
  survey: PublicSurvey,
  publicKey: Uint8Array,
  pick: number,
  code: string | null = null,
) {
  const checked = checkAnswers(survey, {
    answers: { [survey.questions[0]?.id ?? '']: pick, [survey.questions[1]?.id ?? '']: 'too hot' },
    unit: survey.units[0]?.id ?? null,
    shift: null,
    code,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const { sealed, receipt } = await sealWithReceipt(publicKey, encodeResponse(checked.value));
  const id = randomId();
  const doc = newResponseDoc({ id, sealed });
  return { id, sealed, receipt, doc };
}

/** Relays everything `from` has that `to` lacks, through the inbox's update check (as PeerLink does). */
function relay(from: Y.Doc, to: Y.Doc): Uint8Array {
  const update = Y.encodeStateAsUpdate(from, Y.encodeStateVector(to));
  expect(checkUpdate(update, RULES)).toMatchObject({ ok: true });
  Y.applyUpdate(to, update, { kind: 'peer', peerId: 'relay' });
  return update;
}

const settle = async (ms = 30) => new Promise((r) => setTimeout(r, ms));

const until = (check: () => boolean, what: string) => waitFor(check, 10_000, `timed out waiting for ${what}`);

describe('survey inbox: what a response carries', () => {
  it('N respondents, 3 organizers: each response is one struct with a fresh clientID and nothing else', async () => {
    const { campaign, survey, pair } = await setup();
    const organizers = ORGANIZER_DEVICES.map(() => {
      const c = new Y.Doc();
      Y.applyUpdate(c, Y.encodeStateAsUpdate(campaign));
      return { campaign: c, inbox: new Y.Doc() };
    });
    const N = 25;
    const responses = [];
    for (let i = 0; i < N; i++) responses.push(await respond(survey, pair.publicKey, i % 2));

    const otherClientIds = new Set<number>([
      campaign.clientID,
      ...organizers.flatMap((o) => [o.campaign.clientID, o.inbox.clientID]),
    ]);
    const respondentIds = new Set<number>();
    const forbidden = [
      ...ORGANIZER_DEVICES,
      survey.id,
      'Acme Local 12',
      'Dock 3',
      survey.units[0]?.id ?? '',
      'Heat',
      'too hot',
    ];
    for (const r of responses) {
      const update = Y.encodeStateAsUpdate(r.doc);
      const decoded = Y.decodeUpdate(update);
      expect(decoded.structs).toHaveLength(1);
      const item = decoded.structs[0] as Y.Item;
      expect(item).toBeInstanceOf(Y.Item);
      expect(item.id.client).toBe(r.doc.clientID);
      expect(item.id.clock).toBe(0);
      expect(item.parent).toBe(INBOX_RESPONSES);
      expect(item.parentSub).toBe(r.id);
      expect(item.origin).toBeNull();
      expect(item.rightOrigin).toBeNull();
      expect(item.content).toBeInstanceOf(Y.ContentBinary);
      expect((item.content as Y.ContentBinary).content).toEqual(r.sealed);
      expect(decoded.ds.clients.size).toBe(0);
      // Nothing else: the update is the struct's fixed overhead, the names and the sealed bytes.
      expect(update.length - r.sealed.length - r.id.length - INBOX_RESPONSES.length).toBeLessThan(24);
      const text = Buffer.from(update).toString('latin1');
      for (const f of forbidden) expect(text).not.toContain(f);
      expect(text).not.toMatch(/\d{4}-\d\d-\d\d/); // no timestamp or date
      // The clientID is fresh: not an organizer's, not another respondent's.
      expect(otherClientIds.has(r.doc.clientID)).toBe(false);
      expect(respondentIds.has(r.doc.clientID)).toBe(false);
      respondentIds.add(r.doc.clientID);
      // The response id appears nowhere but in its own update.
      for (const other of responses) {
        if (other === r) continue;
        expect(Buffer.from(Y.encodeStateAsUpdate(other.doc)).toString('latin1')).not.toContain(r.id);
      }
    }

    // Delivery to every organizer's inbox, collection, receipts back.
    for (const r of responses) for (const o of organizers) relay(r.doc, o.inbox);
    const privateKey = await importSurveyPrivateKey(pair.privateKey);
    const detach = organizers.map((o, i) =>
      attachCollector(o.inbox, (entries) =>
        collectResponses(
          { campaign: o.campaign, survey, privateKey, by: ORGANIZER_DEVICES[i] as string },
          entries,
        ),
      ),
    );
    await until(() => organizers.every((o) => o.inbox.getMap(INBOX_RESPONSES).size === 0), 'inboxes emptied');
    // Organizers meet: campaigns and inboxes converge.
    for (const a of organizers) for (const b of organizers) if (a !== b) relay(a.campaign, b.campaign);
    const stored = readSurveyResponses(organizers[0]?.campaign as Y.Doc, survey.id);
    expect(stored.map((s) => s.id).sort()).toEqual(responses.map((r) => r.id).sort());
    for (const s of stored) expect(Object.keys(s).sort()).toEqual(['id', 'sealed']);
    // The organizers' campaign doc clientIDs never appear as a response's author in any inbox.
    for (const o of organizers) {
      for (const struct of Y.decodeUpdate(Y.encodeStateAsUpdate(o.inbox)).structs) {
        if (struct instanceof Y.Item && (struct.parent as unknown) === INBOX_RESPONSES) {
          expect(respondentIds.has(struct.id.client)).toBe(true);
        }
        expect(otherClientIds.has(struct.id.client) && struct.id.client !== o.inbox.clientID).toBe(false);
      }
    }
    // Every respondent sees its own receipt once an organizer's inbox reaches it.
    const statuses = await Promise.all(
      responses.map(
        (r, i) =>
          new Promise<ReceiptStatus>((resolve) => {
            watchReceipt(r.doc, r.receipt, resolve);
            relay(organizers[i % organizers.length]?.inbox as Y.Doc, r.doc);
          }),
      ),
    );
    expect(statuses.every((s) => s === 'stored')).toBe(true);
    for (const d of detach) d();
  });

  it('two fresh response docs never share a clientID', () => {
    const ids = new Set<number>();
    for (let i = 0; i < 500; i++)
      ids.add(newResponseDoc({ id: randomId(), sealed: new Uint8Array(1) }).clientID);
    expect(ids.size).toBe(500);
  });

  it('a receipt cannot be forged by another respondent (tags come from that response’s ECDH secret)', async () => {
    const { survey, pair } = await setup();
    const a = await respond(survey, pair.publicKey, 0);
    const b = await respond(survey, pair.publicKey, 1);
    const tagsB = await Promise.all((['stored', 'code-used'] as const).map((s) => receiptTag(b.receipt, s)));
    for (const s of ['stored', 'code-used', 'code-unknown', 'closed'] as const) {
      expect(tagsB).not.toContain(await receiptTag(a.receipt, s));
    }
    let seen: ReceiptStatus | null = null;
    watchReceipt(a.doc, a.receipt, (s) => {
      seen = s;
    });
    a.doc.getMap(INBOX_RECEIPTS).set(tagsB[0] as string, true); // B's receipt means nothing to A
    await settle();
    expect(seen).toBeNull();
  });
});

describe('survey inbox: collecting', () => {
  it('drops a tampered response without a receipt and stores nothing', async () => {
    const { campaign, survey, pair, privateKey } = await setup();
    const r = await respond(survey, pair.publicKey, 0);
    const bad = r.sealed.slice();
    bad[bad.length - 3] = (bad[bad.length - 3] ?? 0) ^ 0x40;
    const inbox = new Y.Doc();
    relay(newResponseDoc({ id: r.id, sealed: bad }), inbox);
    inbox.getMap(INBOX_RESPONSES).set(randomId(), 'not bytes');
    const detach = attachCollector(inbox, (entries) =>
      collectResponses({ campaign, survey, privateKey, by: 'org' }, entries),
    );
    await until(() => inbox.getMap(INBOX_RESPONSES).size === 0, 'tampered response dropped');
    expect(inbox.getMap(INBOX_RECEIPTS).size).toBe(0);
    expect(readSurveyResponses(campaign, survey.id)).toEqual([]);
    detach();
  });

  it('keeps a response in the inbox until it is durable (collect returns null: no receipt, no delete)', async () => {
    const { survey, pair } = await setup();
    const r = await respond(survey, pair.publicKey, 0);
    const inbox = new Y.Doc();
    relay(r.doc, inbox);
    let calls = 0;
    const detach = attachCollector(inbox, async () => {
      calls++;
      return null;
    });
    await until(() => calls > 0, 'collect called');
    await settle();
    expect(inbox.getMap(INBOX_RESPONSES).size).toBe(1);
    expect(inbox.getMap(INBOX_RECEIPTS).size).toBe(0);
    detach();
  });

  it('accepts each answer code once; the second respondent learns its code was used', async () => {
    const { campaign, survey, pair, privateKey, id, ctx } = await setup({ codes: true });
    const code = newAnswerCode();
    value(addAnswerCodes(campaign, id, [(await hashAnswerCode(id, code)) as string], ctx));
    const first = await respond(survey, pair.publicKey, 0, code);
    const second = await respond(survey, pair.publicKey, 1, code.toLowerCase());
    const stranger = await respond(survey, pair.publicKey, 1, newAnswerCode());
    const inbox = new Y.Doc();
    const detach = attachCollector(inbox, (entries) =>
      collectResponses({ campaign, survey, privateKey, by: 'org' }, entries),
    );
    const outcome = async (r: Awaited<ReturnType<typeof respond>>) => {
      relay(r.doc, inbox);
      await until(() => !inbox.getMap(INBOX_RESPONSES).has(r.id), 'collected');
      return new Promise<ReceiptStatus>((resolve) => {
        watchReceipt(r.doc, r.receipt, resolve);
        relay(inbox, r.doc);
      });
    };
    expect(await outcome(first)).toBe('stored');
    expect(await outcome(second)).toBe('code-used');
    expect(await outcome(stranger)).toBe('code-unknown');
    expect(readSurveyResponses(campaign, id).map((r) => r.id)).toEqual([first.id]);
    detach();
  });

  it('refuses inbox updates that touch anything but responses and receipts', () => {
    const doc = new Y.Doc();
    doc.getMap('people').set('x', 'smuggled');
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), RULES)).toMatchObject({
      ok: false,
      reason: 'unknown-collection',
    });
  });

  it('derives the inbox room from the inbox key under its own label', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const a = await deriveInboxRoom(key);
    expect(await deriveInboxRoom(key)).toEqual(a);
    const asSpace = await deriveRoom(key);
    expect(a.roomName).not.toBe(asSpace.roomName);
    expect(a.password).not.toBe(asSpace.password);
    await expect(deriveInboxRoom(new Uint8Array(16))).rejects.toMatchObject({ code: 'invalid-space-key' });
  });
});
