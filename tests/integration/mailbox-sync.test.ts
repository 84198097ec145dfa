/**
 * Sync through the mailbox only (`direct: false`) against the real server: members who are never
 * online together, live relay, the cursor, a large campaign from a snapshot, compaction, quota,
 * forged entries, and what the server sees.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomBytes, toBase64Url, toHex, utf8 } from '../../src/crypto';
import type { SyncOptions } from '../../src/sync';
import { openMailboxConnection } from '../../src/sync/mailbox/connection';
import { encodeUpdateEntries } from '../../src/sync/mailbox/entry';
import { campaignMailboxRoot, deriveMailboxKeys } from '../../src/sync/mailbox/keys';
import { sealMailbox } from '../../src/sync/mailbox/seal';
import { decodeMessage } from '../../src/wire/mailbox';
import { generateCampaign } from '../fixtures/campaign-generator';
import { type MailboxDevice, mailboxDevice, mailboxSync } from '../support/mailbox-sync';
import { waitFor } from '../support/server';

const sync = mailboxSync();
const { start, stop } = sync;
const device = mailboxDevice;

const frames: Uint8Array[] = [];
/** Starts the server, recording every frame it receives. */
function serve(limits = {}): Promise<string> {
  frames.length = 0;
  return sync.serve({ limits, onFrame: (f) => frames.push(f.slice()) });
}

const people = (doc: Y.Doc) => doc.getMap('people');
const until = (check: () => boolean, ms = 20_000) => waitFor(check, ms);

/** A new campaign key and devices 1 and 2 on it, both live on `url`; `extra` goes to device 1. */
async function livePair(url: string, extra: Partial<SyncOptions> = {}) {
  const key = randomBytes(32);
  const a = device(1);
  const b = device(2);
  const sa = start(url, key, a, extra);
  const sb = start(url, key, b);
  await until(() => sa.status().mailbox.state === 'live' && sb.status().mailbox.state === 'live');
  return { key, a, b, sa, sb };
}

/** A new server and campaign key; device 1 holds a generated campaign and has put it in the mailbox. */
async function campaignInMailbox(spec: { seed: number; people: number }) {
  const url = await serve();
  const key = randomBytes(32);
  const a = device(1);
  generateCampaign(a.doc, spec);
  const sa = start(url, key, a);
  await until(() => sa.status().latest === 'mailbox', 120_000);
  return { url, key, a, sa };
}

describe('mailbox sync', () => {
  it('a change reaches a member who is never online with its author; receipts say it was seen', async () => {
    const url = await serve();
    const key = randomBytes(32);
    const a = device(1);
    const b = device(2);
    let sa = start(url, key, a);
    await until(() => sa.status().mailbox.state === 'live');
    people(a.doc).set('p1', 'Ana Quispe');
    await until(() => sa.status().latest === 'mailbox');
    stop(sa);

    const sb = start(url, key, b);
    await until(() => people(b.doc).get('p1') === 'Ana Quispe');
    expect(sb.status().mailbox.state).toBe('live');
    await until(() => b.saved !== null && sb.status().latest !== 'this-device');
    // B's receipt is in the mailbox: A, relaunched, sees it was seen, and says so after another relaunch.
    await until(() => appends() >= 2); // A's entry and B's receipt
    stop(sb);
    sa = start(url, key, a);
    await until(() => sa.status().latest === 'seen' && sa.status().seenBy === 1);
    stop(sa);
    // Relaunched where no server answers: what it says comes from the saved state alone.
    sa = start('ws://127.0.0.1:9/mailbox', key, a);
    await until(() => sa.status().latest === 'seen' && sa.status().seenBy === 1);
    expect(sa.status().mailbox.state).not.toBe('live');
  });

  it('two members live through the relay only, attributed to the claimed device', async () => {
    const { a, b, sa } = await livePair(await serve());
    const origins: unknown[] = [];
    b.doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    people(a.doc).set('p1', 'one');
    await until(() => people(b.doc).get('p1') === 'one');
    people(b.doc).set('p2', 'two');
    await until(() => people(a.doc).get('p2') === 'two');
    expect(origins[0]).toMatchObject({ kind: 'peer', deviceId: a.deviceId });
    expect(sa.status().state).toBe('connected');
  });

  it('keeps the cursor: a restart downloads only the tail', async () => {
    const url = await serve();
    const { key, a, b, sa, ...pair } = await livePair(url);
    let sb = pair.sb;
    for (let i = 0; i < 10; i++) people(a.doc).set(`p${i}`, i);
    await until(() => people(b.doc).size === 10);
    await until(() => b.saved !== null && JSON.parse(new TextDecoder().decode(b.saved)).cursor >= 10);
    stop(sb);
    people(a.doc).set('tail', 1);
    await until(() => sa.status().latest === 'mailbox');
    const b2: MailboxDevice = { doc: new Y.Doc(), deviceId: b.deviceId, saved: b.saved };
    Y.applyUpdate(b2.doc, Y.encodeStateAsUpdate(b.doc)); // what B's store held
    const applied: Uint8Array[] = [];
    b2.doc.on('update', (u: Uint8Array) => applied.push(u));
    sb = start(url, key, b2);
    await until(() => people(b2.doc).get('tail') === 1);
    await until(() => sb.status().mailbox.state === 'live');
    expect(applied.length).toBe(1);
  });

  it('a forged or garbled entry is refused and counted; nothing else breaks', async () => {
    const url = await serve();
    const key = randomBytes(32);
    const a = device(1);
    const sa = start(url, key, a);
    await until(() => sa.status().mailbox.state === 'live');
    const keys = await deriveMailboxKeys(await campaignMailboxRoot(key));
    const other = await deriveMailboxKeys(await campaignMailboxRoot(randomBytes(32)));
    const w = await openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.appendCap }, {});
    await w.append(randomBytes(1024)); // garbage
    await w.append(await sealMailbox(other.sealKey, keys.mailboxId, 'entry', utf8('x'))); // wrong key
    await w.append(await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', utf8('not an entry')));
    w.close();
    await until(() => sa.status().rejected.count >= 3);
    people(a.doc).set('still', 'works');
    await until(() => sa.status().latest === 'mailbox');
  });

  it('quota: shown in status, nothing lost locally, and delivered once there is room', async () => {
    const url = await serve({ maxMailboxEntries: 3 });
    const key = randomBytes(32);
    const a = device(1);
    const b = device(2);
    const sa = start(url, key, a);
    await until(() => sa.status().mailbox.state === 'live');
    for (let i = 0; i < 6; i++) people(a.doc).set(`p${i}`, i);
    await until(() => sa.status().mailbox.error === 'quota');
    expect(sa.status().latest).toBe('this-device');
    expect(people(a.doc).size).toBe(6);
    // The compaction the quota triggered makes room; everything arrives at a fresh member.
    const sb = start(url, key, b);
    await until(() => people(b.doc).size === 6, 30_000);
    expect(sb.status().rejected.count).toBe(0);
  });

  it('a large campaign reaches a fresh member from the mailbox alone, after a snapshot compacted the log', async () => {
    const { url, key, a, sa } = await campaignInMailbox({ seed: 15, people: 8000 });
    for (let i = 0; i < 210; i++) people(a.doc).set(`extra${i}`, i);
    await until(() => sa.status().latest === 'mailbox', 60_000);
    // A reconnect catches up to the head and finds the log long: it uploads a snapshot.
    sa.reconnect();
    await waitFor(async () => (await snapshotCovers(url, key)) > 0, 60_000, 'no snapshot', 200);
    stop(sa);
    // The snapshot replaced the log: a fresh reader gets its parts and at most a short tail.
    expect(await tailAfterSnapshot(url, key)).toBeLessThan(10);

    const b = device(2);
    const t0 = performance.now();
    const sb = start(url, key, b);
    let sawProgress = false;
    sb.onStatus((s) => {
      if (s.mailbox.receiving) sawProgress = true;
    });
    await until(() => sb.status().mailbox.state === 'live', 120_000);
    const ms = performance.now() - t0;
    console.log(`8,000-person campaign joined from the mailbox in ${Math.round(ms)} ms`);
    expect(toHex(Y.encodeStateVector(b.doc))).toBe(toHex(Y.encodeStateVector(a.doc)));
    expect(people(b.doc).size).toBe(people(a.doc).size);
    expect(sawProgress).toBe(true);
  }, 300_000);

  it('a fresh member with a change of its own appends that change, not the campaign it downloaded', async () => {
    const { url, key, a, sa } = await campaignInMailbox({ seed: 16, people: 1500 });
    stop(sa);
    const campaignBytes = Y.encodeStateAsUpdate(a.doc).length;

    // B made something before its first sync (as a joining phone registers itself), and appends
    // nothing before its catch-up settled the room (membership first, as in the app).
    const b = device(2);
    people(b.doc).set('own', 'Bea Own Change');
    const mark = frames.length;
    const sb = start(url, key, b, { membership: { settle: async () => 'open' as const } });
    await until(
      () => people(b.doc).size === people(a.doc).size + 1 && sb.status().latest === 'mailbox',
      120_000,
    );
    const appended = frames
      .slice(mark)
      .map(decodeMessage)
      .filter((m) => m?.header.op === 'append')
      .reduce((n, m) => n + (m?.body.length ?? 0), 0);
    console.log(`fresh member appended ${appended} B after downloading a ${campaignBytes} B campaign`);
    expect(appended).toBeLessThan(campaignBytes / 10);
    // What it made did go out: a third device gets it from the mailbox.
    const c = device(3);
    start(url, key, c);
    await until(() => people(c.doc).get('own') === 'Bea Own Change', 120_000);
  }, 300_000);

  it('a device whose doc is missing part of the log never compacts it; once whole, it does', async () => {
    const url = await serve();
    const key = randomBytes(32);
    const keys = await deriveMailboxKeys(await campaignMailboxRoot(key));
    const writer = await openMailboxConnection(
      url,
      { mailboxId: keys.mailboxId, cap: keys.appendCap, create: { readVerifier: keys.readVerifier } },
      {},
    );
    const append = async (update: Uint8Array) => {
      for (const plain of encodeUpdateEntries('writer'.padEnd(22, 'W'), update))
        await writer.append(await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', plain));
    };
    // A change that builds on one the mailbox never got (lost with a phone before it was appended).
    const author = new Y.Doc();
    people(author).set('first', 'Ana');
    const first = Y.encodeStateAsUpdate(author);
    const sv = Y.encodeStateVector(author);
    people(author).set('second', 'Bea');
    await append(Y.encodeStateAsUpdate(author, sv)); // depends on `first`, which is withheld
    // A log long enough to compact.
    for (let i = 0; i < 210; i++) {
      const d = new Y.Doc();
      people(d).set(`filler${i}`, i);
      await append(Y.encodeStateAsUpdate(d));
    }
    const b = device(2);
    let sb = start(url, key, b);
    await until(() => sb.status().mailbox.state === 'live' && people(b.doc).size === 210, 60_000);
    expect(b.doc.store.pendingStructs).not.toBeNull();
    // B is caught up to a long log, the moment it would compact; it must not, for as long as it
    // lacks something (its snapshot would drop "Bea" for every member). Watched for 2 s.
    const watchUntil = Date.now() + 2_000;
    while (Date.now() < watchUntil) {
      expect(await snapshotCovers(url, key)).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
    }
    // The missing change arrives: B's doc is whole, and the next catch-up compacts.
    await append(first);
    await until(() => people(b.doc).get('second') === 'Bea');
    stop(sb);
    sb = start(url, key, b);
    await waitFor(async () => (await snapshotCovers(url, key)) > 0, 60_000, 'no snapshot once whole', 200);
    writer.close();
    // The snapshot holds everything: a fresh member gets both people and the fillers.
    const c = device(3);
    start(url, key, c);
    await until(() => people(c.doc).size === 212, 60_000);
    expect(people(c.doc).get('second')).toBe('Bea');
  }, 180_000);

  it('a large import made in one transaction reaches a live member in parts under the apply budget', async () => {
    const { a, b, sb } = await livePair(await serve());
    // 6,000 people in one transaction: one update of ~150,000 items, over the 100,000-item budget
    // a receiver applies in one go. Sent whole it would be refused for good; it goes in parts.
    generateCampaign(a.doc, { seed: 21, people: 6000 });
    await until(() => people(b.doc).size === people(a.doc).size, 120_000);
    expect(sb.status().rejected.count).toBe(0);
    expect(toHex(Y.encodeStateVector(b.doc))).toBe(toHex(Y.encodeStateVector(a.doc)));
  }, 300_000);

  it('the server sees no name, note, device name or key in any form', async () => {
    const { key, a, b } = await livePair(await serve(), { deviceName: 'Rosa Workbench Phone' });
    const secrets = ['Esperanza Villalobos', 'night shift grievance about forklifts'];
    people(a.doc).set('p1', secrets[0]);
    people(a.doc).set('n1', secrets[1]);
    await until(() => people(b.doc).get('n1') === secrets[1]);
    const keys = await deriveMailboxKeys(await campaignMailboxRoot(key));
    const needles = [...secrets, 'Rosa Workbench Phone', a.deviceId];
    const forms = (s: string) => [s, toBase64Url(utf8(s)), Buffer.from(s).toString('base64'), toHex(utf8(s))];
    const keyForms = [toBase64Url(key), Buffer.from(key).toString('base64'), toHex(key)];
    const all = Buffer.concat(frames.map((f) => Buffer.from(f))).toString('latin1');
    for (const n of needles) for (const f of forms(n)) expect(all.includes(f)).toBe(false);
    for (const f of keyForms) expect(all.includes(f)).toBe(false);
    expect(all.includes(keys.mailboxId)).toBe(true); // the capture does see the traffic
  });
});

/** Append requests the server received so far. */
function appends(): number {
  return frames.filter((f) => decodeMessage(f)?.header.op === 'append').length;
}

/** Entries a reader starting from 0 receives after the snapshot parts. */
async function tailAfterSnapshot(url: string, key: Uint8Array): Promise<number> {
  const keys = await deriveMailboxKeys(await campaignMailboxRoot(key));
  let entries = 0;
  let done = false;
  const c = await openMailboxConnection(
    url,
    { mailboxId: keys.mailboxId, cap: keys.readCap, since: 0 },
    {
      onEntry: () => {
        entries++;
      },
      onCaughtUp: () => {
        done = true;
      },
    },
  );
  await until(() => done, 60_000);
  c.close();
  return entries;
}

async function snapshotCovers(url: string, key: Uint8Array): Promise<number> {
  const keys = await deriveMailboxKeys(await campaignMailboxRoot(key));
  const c = await openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.readCap }, {});
  c.close();
  return c.snapshot?.covers ?? 0;
}
