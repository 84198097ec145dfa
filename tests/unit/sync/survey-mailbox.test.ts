/**
 * Survey answers through the blind mailbox (src/sync/survey-mailbox*.ts, docs/surveys.md) against
 * a real in-process server: the short link, what the link secret can and cannot do, and collection
 * (store, flush, then delete; a crash in between leaves the entry for an idempotent next pass;
 * garbled entries are dropped without stopping the others).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  generateSurveyKeyPair,
  hkdfSha256,
  importSurveyPrivateKey,
  randomBytes,
  randomId,
  sealWithReceipt,
  toBase64Url,
} from '../../../src/crypto';
import {
  checkAnswers,
  closeSurvey,
  createSurvey,
  decodeAnySurveyLink,
  decodeSurveyDefinition,
  encodeResponse,
  encodeShortSurveyLink,
  encodeSurveyDefinition,
  encodeSurveyLink,
  getSurvey,
  markSurveyLive,
  publishSurvey,
  readSurveyResponses,
} from '../../../src/domain';
import { type RunningServer, startServer } from '../../../src/server/server';
import { SyncError } from '../../../src/sync/errors';
import {
  type MailboxConnectionOptions,
  openMailboxConnection,
  type WebSocketCtor,
} from '../../../src/sync/mailbox/connection';
import { deriveMailboxKeys } from '../../../src/sync/mailbox/keys';
import { sealMailbox } from '../../../src/sync/mailbox/seal';
import { collectResponses } from '../../../src/sync/survey-inbox/collect';
import {
  SURVEY_MAILBOX_ROOT_LABEL,
  sealSurveyEntry,
  surveyMailboxKeys,
  surveyReaderKeys,
} from '../../../src/sync/survey-inbox/mailbox';
import { collectSurveyMailbox } from '../../../src/sync/survey-inbox/mailbox-collect';
import { appendSurveyEntry, fetchSurveyDefinition } from '../../../src/sync/survey-inbox/mailbox-send';
import { decodeMessage } from '../../../src/wire/mailbox';
import { ctxFor, newCampaign, value } from '../../support/domain';
import { waitFor } from '../../support/wait';

const WS = { WebSocketImpl: WebSocket as unknown as WebSocketCtor } satisfies MailboxConnectionOptions;
const ctx = ctxFor('organizerDeviceAAAAAAA');
let server: RunningServer;
let url = '';
/** Ops received by the server, in order (the test hook sees every frame). */
const ops: string[] = [];

beforeAll(async () => {
  server = await startServer({
    port: 0,
    root: 'dist',
    mailbox: { onFrame: (bytes) => ops.push(decodeMessage(bytes)?.header.op ?? '?') },
  });
  url = `ws://127.0.0.1:${server.port}/mailbox`;
});
afterAll(async () => {
  await server?.close();
});

async function publishedSurvey() {
  const campaign = newCampaign('Acme Local 12');
  const id = value(
    createSurvey(
      campaign,
      {
        title: 'Heat on the dock',
        questions: [
          { kind: 'single', text: 'Biggest issue?', options: ['Heat', 'Pay'], required: true },
          { kind: 'text', text: 'Anything else?' },
        ],
      },
      ctx,
    ),
  );
  const pair = await generateSurveyKeyPair();
  const linkSecret = randomBytes(16);
  const readSecret = randomBytes(32);
  const survey = value(
    publishSurvey(
      campaign,
      id,
      {
        publicKey: toBase64Url(pair.publicKey),
        privateKey: toBase64Url(pair.privateKey),
        linkSecret: toBase64Url(linkSecret),
        readSecret: toBase64Url(readSecret),
      },
      ctx,
    ),
  );
  const privateKey = await importSurveyPrivateKey(pair.privateKey);
  const reader = await surveyReaderKeys(linkSecret, readSecret);
  return { campaign, id, survey, pair, privateKey, linkSecret, reader };
}

type Setup = Awaited<ReturnType<typeof publishedSurvey>>;

/** An organizer's collector over `s`, with `flush` as given. */
function collector(s: Setup, flush: () => Promise<void>) {
  return collectSurveyMailbox({
    url,
    keys: s.reader,
    connection: WS,
    retryMs: 50,
    async pendingDefinition() {
      const current = getSurvey(s.campaign, s.id);
      if (!current?.published || current.liveAs === current.status) return null;
      const liveAs = current.status === 'closed' ? 'closed' : 'published';
      const encoded = await encodeSurveyDefinition({
        survey: current.published,
        publicKey: s.pair.publicKey,
        closed: liveAs === 'closed',
      });
      return { encoded, liveAs };
    },
    onLive(liveAs) {
      value(markSurveyLive(s.campaign, s.id, liveAs, ctx));
    },
    collect: (entries) =>
      collectResponses(
        { campaign: s.campaign, survey: s.survey, privateKey: s.privateKey, by: 'organizerDeviceAAAAAAA' },
        entries,
      ),
    flush,
  });
}

/** What a respondent's page does with the short link: fetch, answer, seal, append. */
async function respond(s: Setup, pick: number): Promise<number> {
  const keys = await surveyMailboxKeys(s.linkSecret);
  const fetched = await fetchSurveyDefinition(url, keys, WS);
  if (fetched.kind !== 'ok') throw new Error(`definition: ${fetched.kind}`);
  const def = await decodeSurveyDefinition(fetched.encoded);
  if (!def) throw new Error('definition does not decode');
  const checked = checkAnswers(def.survey, {
    answers: { [def.survey.questions[0]?.id ?? '']: pick },
    unit: null,
    shift: null,
    code: null,
  });
  if (!checked.ok) throw new Error('answers');
  const sealed = await sealWithReceipt(def.publicKey, encodeResponse(checked.value));
  return appendSurveyEntry(
    url,
    keys,
    await sealSurveyEntry(keys, { id: randomId(), sealed: sealed.sealed }),
    WS,
  );
}

/** Entries still in the mailbox, read with the organizers' read cap. */
async function remaining(s: Setup): Promise<number[]> {
  const seqs: number[] = [];
  let caught: () => void = () => {};
  const done = new Promise<void>((r) => {
    caught = r;
  });
  const conn = await openMailboxConnection(
    url,
    { mailboxId: s.reader.mailboxId, cap: s.reader.readCap, since: 0 },
    { onEntry: (seq) => seqs.push(seq), onCaughtUp: () => caught() },
    WS,
  );
  await done;
  conn.close();
  return seqs;
}

const until = (check: () => boolean | Promise<boolean>, what: string, ms = 20_000) =>
  waitFor(check, ms, `timed out waiting for ${what}`, 20);

describe('the short survey link', () => {
  it('is at most 120 characters on a typical host, with an answer code too, and round-trips', async () => {
    const secret = randomBytes(16);
    const page = 'http://127.0.0.1:8787/respond.html#';
    const plain = page + (await encodeShortSurveyLink({ secret }));
    const coded = page + (await encodeShortSurveyLink({ secret, code: 'ab3k-7pq2-xz' }));
    expect(plain.length).toBeLessThanOrEqual(120);
    expect(coded.length).toBeLessThanOrEqual(120);
    console.log(`short link: ${plain.length} characters, ${coded.length} with an answer code`);
    const back = await decodeAnySurveyLink(new URL(coded).hash);
    expect(back?.version).toBe(2);
    expect(back?.version === 2 && [...back.secret]).toEqual([...secret]);
    expect(back?.code).toBe('AB3K7PQ2XZ');
  });

  it('refuses a damaged link and still reads a long (earlier) one', async () => {
    const fragment = await encodeShortSurveyLink({ secret: randomBytes(16) });
    const i = 5;
    const flipped = fragment.slice(0, i) + (fragment[i] === 'A' ? 'B' : 'A') + fragment.slice(i + 1);
    expect(await decodeAnySurveyLink(flipped)).toBeNull();
    expect(await decodeAnySurveyLink(fragment.slice(0, -1))).toBeNull();
    expect(await decodeAnySurveyLink('#')).toBeNull();
    const s = await publishedSurvey();
    const long = await encodeSurveyLink({
      inboxKey: randomBytes(32),
      publicKey: s.pair.publicKey,
      survey: s.survey,
    });
    const back = await decodeAnySurveyLink(long);
    expect(back?.version).toBe(1);
    expect(back?.version === 1 && back.survey.title).toBe('Heat on the dock');
  });
});

describe('survey records and definitions', () => {
  it('a published survey needs both mailbox secrets (or an earlier inbox key); liveAs is checked', async () => {
    const s = await publishedSurvey();
    const raw = s.campaign.getMap('surveys').get(s.id) as import('yjs').Map<unknown>;
    expect(getSurvey(s.campaign, s.id)?.keys?.linkSecret).toBe(toBase64Url(s.linkSecret));
    s.campaign.transact(() => raw.set('liveAs', 'sometime'));
    expect(getSurvey(s.campaign, s.id)).toBeNull();
    s.campaign.transact(() => {
      raw.set('liveAs', 'published');
      raw.delete('readSecret');
    });
    expect(getSurvey(s.campaign, s.id)).toBeNull();
  });

  it('a definition round-trips and hostile bytes decode to null', async () => {
    const s = await publishedSurvey();
    const encoded = await encodeSurveyDefinition({
      survey: s.survey,
      publicKey: s.pair.publicKey,
      closed: true,
    });
    expect(await decodeSurveyDefinition(encoded)).toEqual({
      survey: s.survey,
      publicKey: s.pair.publicKey,
      closed: true,
    });
    for (const bad of [
      new Uint8Array(0),
      randomBytes(300),
      encoded.slice(0, 80),
      Uint8Array.of(1, 2, ...encoded.slice(2)),
    ]) {
      expect(await decodeSurveyDefinition(bad)).toBeNull();
    }
  });
});

describe('survey mailbox', () => {
  it('publishing creates the mailbox and uploads the definition; the link then opens the survey', async () => {
    const s = await publishedSurvey();
    const keys = await surveyMailboxKeys(s.linkSecret);
    expect((await fetchSurveyDefinition(url, keys, WS)).kind).toBe('not-live');
    const c = collector(s, async () => {});
    await until(() => getSurvey(s.campaign, s.id)?.liveAs === 'published', 'the definition upload');
    const fetched = await fetchSurveyDefinition(url, keys, WS);
    expect(fetched.kind).toBe('ok');
    const def = fetched.kind === 'ok' ? await decodeSurveyDefinition(fetched.encoded) : null;
    expect(def?.survey).toEqual(s.survey);
    expect(def?.closed).toBe(false);
    // Closing re-uploads it as closed, so respondents see "closed" instead of the form.
    value(closeSurvey(s.campaign, s.id, ctx));
    c.refresh();
    await until(() => getSurvey(s.campaign, s.id)?.liveAs === 'closed', 'the closed upload');
    const again = await fetchSurveyDefinition(url, keys, WS);
    expect(again.kind === 'ok' && (await decodeSurveyDefinition(again.encoded))?.closed).toBe(true);
    c.stop();
  });

  it('the link secret appends only: it cannot read, delete, replace the definition or create', async () => {
    const s = await publishedSurvey();
    const c = collector(s, async () => {});
    await until(() => getSurvey(s.campaign, s.id)?.liveAs === 'published', 'the definition upload');
    c.stop();
    const seq = await respond(s, 0);
    expect(seq).toBeGreaterThan(0);
    const keys = await surveyMailboxKeys(s.linkSecret);
    const pushed: number[] = [];
    const conn = await openMailboxConnection(
      url,
      { mailboxId: keys.mailboxId, cap: keys.appendCap, since: 0 },
      { onEntry: (n) => pushed.push(n) },
      WS,
    );
    expect(conn.role).toBe('append');
    await expect(conn.delete([seq])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(conn.putBlob(randomBytes(1024))).rejects.toMatchObject({ code: 'forbidden' });
    conn.close();
    expect(pushed).toEqual([]);
    // The read cap a link holder could derive from the secret is not the mailbox's read cap.
    const derived = await deriveMailboxKeys(await hkdfSha256(s.linkSecret, SURVEY_MAILBOX_ROOT_LABEL, 32));
    await expect(
      openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: derived.readCap, since: 0 }, {}, WS),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // A link to a survey nobody uploaded cannot create its mailbox by appending.
    const other = await surveyMailboxKeys(randomBytes(16));
    await expect(appendSurveyEntry(url, other, randomBytes(1024), WS)).rejects.toBeInstanceOf(SyncError);
    expect(await remaining(s)).toEqual([seq]);
  });

  it('collects: stores each answer, flushes, then deletes; garbled entries are dropped', async () => {
    const s = await publishedSurvey();
    const boot = collector(s, async () => {});
    await until(() => getSurvey(s.campaign, s.id)?.liveAs === 'published', 'the definition upload');
    boot.stop();
    const keys = await surveyMailboxKeys(s.linkSecret);
    await respond(s, 0);
    // Garbage of a bucket size, an entry sealed for another mailbox, and a well-sealed entry whose
    // content is not a response.
    await appendSurveyEntry(url, keys, randomBytes(1024), WS);
    const foreign = await surveyMailboxKeys(randomBytes(16));
    await appendSurveyEntry(
      url,
      keys,
      await sealSurveyEntry(foreign, { id: randomId(), sealed: randomBytes(200) }),
      WS,
    );
    await appendSurveyEntry(
      url,
      keys,
      await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', randomBytes(300)),
      WS,
    );
    await appendSurveyEntry(
      url,
      keys,
      await sealSurveyEntry(keys, { id: randomId(), sealed: randomBytes(300) }),
      WS,
    );
    await respond(s, 1);
    expect((await remaining(s)).length).toBe(6);

    const events: string[] = [];
    ops.length = 0;
    const c = collector(s, async () => {
      events.push(
        `flush:${readSurveyResponses(s.campaign, s.id).length}:${ops.filter((o) => o === 'delete').length}`,
      );
    });
    await until(async () => (await remaining(s)).length === 0, 'the mailbox to empty');
    await c.idle();
    c.stop();
    expect(readSurveyResponses(s.campaign, s.id).length).toBe(2);
    // The first flush saw both responses stored and no delete sent yet.
    expect(events[0]).toBe('flush:2:0');
  });

  it('a crash between storing and deleting leaves the entries; the next pass is idempotent', async () => {
    const s = await publishedSurvey();
    const boot = collector(s, async () => {});
    await until(() => getSurvey(s.campaign, s.id)?.liveAs === 'published', 'the definition upload');
    boot.stop();
    await respond(s, 0);
    await respond(s, 1);
    await respond(s, 0);
    // First pass: stored in the campaign doc, then the flush fails (the app died): nothing deleted.
    let flushes = 0;
    const crashed = collector(s, async () => {
      flushes += 1;
      throw new Error('killed');
    });
    await until(() => flushes > 0, 'the first flush');
    await crashed.idle();
    crashed.stop();
    expect(readSurveyResponses(s.campaign, s.id).length).toBe(3);
    expect((await remaining(s)).length).toBe(3);
    // Next unlock: the same entries come again, are duplicates, and are deleted once flushed.
    const next = collector(s, async () => {});
    await until(async () => (await remaining(s)).length === 0, 'the mailbox to empty');
    next.stop();
    expect(readSurveyResponses(s.campaign, s.id).length).toBe(3);
  });

  it('collects live while connected', async () => {
    const s = await publishedSurvey();
    const c = collector(s, async () => {});
    await until(() => getSurvey(s.campaign, s.id)?.liveAs === 'published', 'the definition upload');
    await respond(s, 1);
    await until(() => readSurveyResponses(s.campaign, s.id).length === 1, 'a live answer');
    await until(async () => (await remaining(s)).length === 0, 'the mailbox to empty');
    c.stop();
  });
});
