/**
 * The mailbox server over real WebSockets on 127.0.0.1: open and capabilities, roles, append,
 * catch-up (snapshot parts + tail), live push, snapshots, delete, blobs, retire.
 */
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/server/server';
import { mailboxServers } from '../../support/mailbox-servers';
import { waitFor } from '../../support/server';
import {
  type Caps,
  connectMailbox,
  createMailbox,
  type MailboxClient,
  newCaps,
  sealed,
} from './mailbox-client';

const { start, open, clients } = mailboxServers();

async function reader(server: RunningServer, caps: Caps, since = 0) {
  const { client, reply } = await open(server, caps, { since });
  expect(reply.header).toMatchObject({ op: 'opened', role: 'read' });
  return client;
}

/** Takes pushes until `caught-up`; returns them without it, and the caught-up head. */
async function catchUp(client: MailboxClient) {
  const got = [];
  for (;;) {
    const m = await client.next();
    if (m.header.op === 'caught-up') return { got, head: m.header.head };
    got.push(m);
  }
}

describe('open and capabilities', () => {
  it('creates with the append cap and create, then gives read and append roles by cap', async () => {
    const s = await start();
    const caps = newCaps();
    const created = await open(s, caps, { role: 'append', create: true });
    expect(created.reply.header).toEqual({ op: 'opened', rid: 1, role: 'append', head: 0, retired: false });
    const r = await open(s, caps, { role: 'read' });
    expect(r.reply.header).toMatchObject({ op: 'opened', role: 'read', head: 0 });
  });

  it('refuses an unknown mailbox without create, and creation with the read cap or a forged cap', async () => {
    const s = await start();
    const caps = newCaps();
    const unknown = await open(s, caps, { role: 'append' });
    expect(unknown.reply.header).toMatchObject({ op: 'error', code: 'unknown-mailbox' });
    await unknown.client.closed;
    const withRead = await open(s, caps, { role: 'read', create: true });
    expect(withRead.reply.header).toMatchObject({ op: 'error', code: 'forbidden' });
    expect((await withRead.client.closed).code).toBe(1008);
    const forged = await connectMailbox(s.url);
    clients.push(forged);
    const reply = await forged.request({
      op: 'open',
      mailbox: caps.id,
      cap: newCaps().appendCap,
      create: { readVerifier: caps.readVerifier },
    });
    expect(reply.header).toMatchObject({ op: 'error', code: 'forbidden' });
    // Nothing was created by any of them.
    expect((await open(s, caps, { role: 'append' })).reply.header).toMatchObject({ code: 'unknown-mailbox' });
  });

  it('refuses forged, short and malformed caps on an existing mailbox and changes nothing', async () => {
    const s = await start();
    const caps = newCaps();
    await createMailbox(s.url, caps);
    for (const cap of [
      newCaps().readCap,
      'short',
      caps.readCap.slice(0, 42),
      `${caps.readCap.slice(0, 42)}!`,
      42,
      null,
    ]) {
      const c = await connectMailbox(s.url);
      clients.push(c);
      const reply = await c.request({ op: 'open', mailbox: caps.id, cap });
      expect(['forbidden', 'bad-message']).toContain(reply.header.code);
      expect((await c.closed).code).toBe(1008);
    }
    const r = await reader(s, caps);
    expect(await catchUp(r)).toEqual({ got: [], head: 0 });
  });

  it('closes a socket whose first message is not open, or that sends a second open', async () => {
    const s = await start();
    const caps = newCaps();
    await createMailbox(s.url, caps);
    const a = await connectMailbox(s.url);
    clients.push(a);
    const reply = await a.request({ op: 'append' }, sealed(10, 1));
    expect(reply.header).toMatchObject({ op: 'error', code: 'bad-message' });
    expect((await a.closed).code).toBe(1008);
    const { client: b } = await open(s, caps, { role: 'append' });
    b.sendRaw(new Uint8Array([0, 0, 0, 1]));
    b.request({ op: 'open', mailbox: caps.id, cap: caps.appendCap }).catch(() => {});
    expect((await b.closed).code).toBe(1008);
  });

  it('an append-role socket cannot read, delete, snapshot, put a blob or retire', async () => {
    const s = await start();
    const caps = newCaps();
    const { client: a } = await open(s, caps, { role: 'append', create: true, since: 0 });
    expect((await a.request({ op: 'append' }, sealed(100, 1))).header).toMatchObject({
      op: 'appended',
      seq: 1,
    });
    for (const [header, body] of [
      [{ op: 'delete', seqs: [1] }, undefined],
      [{ op: 'snapshot-begin', covers: 1, parts: 1, bytes: 10 }, undefined],
      [{ op: 'put-blob' }, sealed(10, 1)],
      [{ op: 'retire' }, undefined],
    ] as const) {
      expect((await a.request(header, body)).header).toMatchObject({ op: 'error', code: 'forbidden' });
    }
    expect((await a.request({ op: 'get-blob' })).header).toMatchObject({ op: 'error', code: 'not-found' });
    expect(a.pending()).toEqual([]);
    const r = await reader(s, caps);
    const { got, head } = await catchUp(r);
    expect(got.map((m) => m.header)).toEqual([{ op: 'entry', seq: 1 }]);
    expect(head).toBe(1);
    expect((await open(s, caps)).reply.header).toMatchObject({ retired: false, head: 1 });
  });
});

describe('append, catch-up and live', () => {
  it('acknowledges appends in order and catches a reader up from since, bytes intact', async () => {
    const s = await start();
    const caps = newCaps();
    const { client: a } = await open(s, caps, { role: 'append', create: true });
    const replies = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => a.request({ op: 'append' }, sealed(1024, i))),
    );
    expect(replies.map((r) => r.header.seq)).toEqual([1, 2, 3, 4, 5]);
    const r = await reader(s, caps, 2);
    const { got, head } = await catchUp(r);
    expect(got.map((m) => [m.header.seq, m.body.length, m.body[0]])).toEqual([
      [3, 1024, 3],
      [4, 1024, 4],
      [5, 1024, 5],
    ]);
    expect(head).toBe(5);
  });

  it('pushes live entries to other readers in order, never to the appending socket', async () => {
    const s = await start();
    const caps = newCaps();
    await createMailbox(s.url, caps);
    const r1 = await reader(s, caps);
    const r2 = await reader(s, caps);
    await catchUp(r1);
    await catchUp(r2);
    const seqs = [];
    for (let i = 1; i <= 20; i++) seqs.push((await r1.request({ op: 'append' }, sealed(64, i))).header.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const pushed = [];
    for (let i = 0; i < 20; i++) pushed.push(await r2.next());
    expect(pushed.map((m) => [m.header.op, m.header.seq, m.body[0]])).toEqual(
      seqs.map((q) => ['entry', q, q]),
    );
    // r1 (the appender) got only its acknowledgements: a round trip proves nothing else is queued.
    await r1.request({ op: 'get-blob' });
    expect(r1.pending()).toEqual([]);
  });

  it('delivers entries appended during a catch-up exactly once and in order', async () => {
    const s = await start();
    const caps = newCaps();
    const { client: a } = await open(s, caps, { role: 'append', create: true });
    for (let i = 1; i <= 40; i++) void a.request({ op: 'append' }, sealed(300, i));
    const r = await reader(s, caps);
    const more = Array.from({ length: 40 }, (_, i) => a.request({ op: 'append' }, sealed(300, 41 + i)));
    await Promise.all(more);
    const seen: number[] = [];
    while (seen.length < 80) {
      const m = await r.next();
      if (m.header.op === 'entry') seen.push(m.header.seq as number);
    }
    expect(seen).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });
});

describe('snapshots, delete, blobs, retire', () => {
  async function upload(c: MailboxClient, covers: number, parts: Uint8Array[]) {
    const begin = await c.request({
      op: 'snapshot-begin',
      covers,
      parts: parts.length,
      bytes: parts.reduce((n, p) => n + p.length, 0),
    });
    if (begin.header.op !== 'ok') return begin;
    for (const [index, part] of parts.entries()) {
      expect(
        (await c.request({ op: 'snapshot-part', upload: begin.header.upload, index }, part)).header.op,
      ).toBe('ok');
    }
    return c.request({ op: 'snapshot-commit', upload: begin.header.upload });
  }

  it('a fresh reader gets the snapshot parts and then the tail; stale snapshots are refused', async () => {
    const s = await start();
    const caps = newCaps();
    await createMailbox(s.url, caps);
    const { client: m } = await open(s, caps);
    for (let i = 1; i <= 10; i++) await m.request({ op: 'append' }, sealed(100, i));
    expect((await upload(m, 11, [sealed(10, 0)])).header).toMatchObject({
      op: 'error',
      code: 'stale-snapshot',
    });
    const done = await upload(m, 7, [sealed(4096, 200), sealed(1024, 201)]);
    expect(done.header).toMatchObject({ op: 'snapshot-done', covers: 7 });
    expect((await upload(m, 6, [sealed(10, 0)])).header).toMatchObject({
      op: 'error',
      code: 'stale-snapshot',
    });
    const { client: fresh, reply } = await open(s, caps, { since: 0 });
    expect(reply.header).toMatchObject({ head: 10, snapshot: { covers: 7, parts: 2, bytes: 5120 } });
    const { got, head } = await catchUp(fresh);
    expect(got.map((x) => [x.header.op, x.header.index ?? x.header.seq, x.body[0]])).toEqual([
      ['snapshot-part', 0, 200],
      ['snapshot-part', 1, 201],
      ['entry', 8, 8],
      ['entry', 9, 9],
      ['entry', 10, 10],
    ]);
    expect(head).toBe(10);
    // A reader already past the snapshot gets only the tail.
    const { got: tail } = await catchUp(await reader(s, caps, 8));
    expect(tail.map((x) => x.header.seq)).toEqual([9, 10]);
    // A reader a few entries behind the snapshot reads the covered entries still kept, not the
    // whole snapshot again.
    const { got: behind } = await catchUp(await reader(s, caps, 3));
    expect(behind.map((x) => [x.header.op, x.header.seq])).toEqual(
      [4, 5, 6, 7, 8, 9, 10].map((q) => ['entry', q]),
    );
  });

  it('a reader behind the kept entries gets the snapshot, then the tail', async () => {
    // An entry quota of 16 keeps at most 2 covered entries (an eighth of the quota).
    const s = await start({ limits: { maxMailboxEntries: 16 } });
    const caps = newCaps();
    await createMailbox(s.url, caps);
    const { client: m } = await open(s, caps);
    for (let i = 1; i <= 10; i++) await m.request({ op: 'append' }, sealed(100, i));
    expect((await upload(m, 7, [sealed(1024, 200)])).header).toMatchObject({ op: 'snapshot-done' });
    const { got } = await catchUp(await reader(s, caps, 3));
    expect(got.map((x) => [x.header.op, x.header.index ?? x.header.seq])).toEqual([
      ['snapshot-part', 0],
      ['entry', 8],
      ['entry', 9],
      ['entry', 10],
    ]);
    const { got: kept } = await catchUp(await reader(s, caps, 5));
    expect(kept.map((x) => x.header.seq)).toEqual([6, 7, 8, 9, 10]);
  });

  it('one upload per mailbox (busy); an upload dies with its socket; unknown uploads are not-found', async () => {
    const s = await start();
    const caps = newCaps();
    await createMailbox(s.url, caps);
    const { client: a } = await open(s, caps);
    const { client: b } = await open(s, caps);
    await a.request({ op: 'append' }, sealed(10, 1));
    const begin = await a.request({ op: 'snapshot-begin', covers: 1, parts: 2, bytes: 20 });
    expect(begin.header.op).toBe('ok');
    expect((await b.request({ op: 'snapshot-begin', covers: 1, parts: 1, bytes: 10 })).header.code).toBe(
      'busy',
    );
    expect(
      (await b.request({ op: 'snapshot-part', upload: begin.header.upload, index: 0 }, sealed(10, 1))).header
        .code,
    ).toBe('not-found');
    expect((await a.request({ op: 'snapshot-commit', upload: begin.header.upload })).header.code).toBe(
      'bad-message',
    );
    a.ws.close();
    await a.closed;
    await waitFor(() => s.mailbox?.stats().uploads === 0);
    expect((await b.request({ op: 'snapshot-begin', covers: 1, parts: 1, bytes: 10 })).header.op).toBe('ok');
  });

  it('deletes entries, stores and returns a blob, and retire refuses further appends', async () => {
    const s = await start();
    const caps = newCaps();
    await createMailbox(s.url, caps);
    const { client: m } = await open(s, caps);
    for (let i = 1; i <= 4; i++) await m.request({ op: 'append' }, sealed(10, i));
    expect((await m.request({ op: 'delete', seqs: [1, 3, 99] })).header).toMatchObject({
      op: 'ok',
      deleted: 2,
    });
    expect((await m.request({ op: 'delete', seqs: [] })).header.code).toBe('bad-message');
    expect(
      (await m.request({ op: 'delete', seqs: Array.from({ length: 1001 }, (_, i) => i + 1) })).header.code,
    ).toBe('bad-message');
    expect((await m.request({ op: 'put-blob' }, sealed(1000, 7))).header.op).toBe('ok');
    const { client: a } = await open(s, caps, { role: 'append' });
    const blob = await a.request({ op: 'get-blob' });
    expect([blob.header.op, blob.body.length, blob.body[0]]).toEqual(['blob', 1000, 7]);
    expect((await m.request({ op: 'retire' })).header.op).toBe('ok');
    expect((await a.request({ op: 'append' }, sealed(10, 1))).header).toMatchObject({
      op: 'error',
      code: 'retired',
    });
    // Nor may anyone who still derives the capabilities (a removed device) thin or replace it.
    expect((await m.request({ op: 'delete', seqs: [2] })).header).toMatchObject({
      op: 'error',
      code: 'retired',
    });
    expect((await m.request({ op: 'snapshot-begin', covers: 4, parts: 1, bytes: 10 })).header).toMatchObject({
      op: 'error',
      code: 'retired',
    });
    const { got } = await catchUp(await reader(s, caps));
    expect(got.map((x) => x.header.seq)).toEqual([2, 4]);
    expect((await open(s, caps)).reply.header.retired).toBe(true);
  });
});
