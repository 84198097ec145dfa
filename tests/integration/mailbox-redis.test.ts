/**
 * The mailbox on Redis: two real server instances sharing one redis-server (loopback, started by
 * the test), with clients on different instances converging; plus the Redis store's own traps
 * (atomic quota across connections, binary bytes, nothing left behind by a rejected write).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxConfigFromEnv } from '../../src/server/config';
import { openBackend } from '../../src/server/mailbox/backend';
import { openRedisMailbox, type RedisMailboxBackend } from '../../src/server/mailbox/redis-backend';
import { RedisMailboxStore } from '../../src/server/mailbox/redis-store';
import { type RunningServer, startServer } from '../../src/server/server';
import { newTestMailbox, type TestMailbox, TestMailboxClient } from '../support/mailbox-client';
import { redisAvailable, startTestRedis, type TestRedis } from '../support/redis';
import { runMailboxStoreContract } from '../unit/server/mailbox-store-contract';

const enabled = redisAvailable();
const QUOTA = { maxBytes: 1 << 20, maxEntries: 1000 };

// The shared store contract, each test under its own key prefix on one redis-server.
let contractRedis: Promise<TestRedis> | undefined;
if (enabled) {
  runMailboxStoreContract('redis', async () => {
    contractRedis ??= startTestRedis();
    const { url } = await contractRedis;
    const store = new RedisMailboxStore(url, { prefix: `contract:${randomBytes(6).toString('hex')}:` });
    return { store, cleanup: () => store.close() };
  });
  afterAll(async () => {
    await (await contractRedis)?.stop();
  });
}

describe.runIf(enabled)('Redis store durability', () => {
  it('keeps every acknowledged append, snapshot and blob across kill -9 of redis-server', async () => {
    const first = await startTestRedis();
    let second: TestRedis | undefined;
    try {
      const store = new RedisMailboxStore(first.url);
      const id = newTestMailbox().id;
      await store.create({ id, appendVerifier: 'a', readVerifier: 'r', lastOpenDay: 7 });
      const acked = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.append(id, new Uint8Array([i, 0, 10]), QUOTA)),
      );
      expect(acked.every((r) => r.ok)).toBe(true);
      expect(await store.installSnapshot(id, 20, [new Uint8Array([1, 2, 3])], QUOTA)).toEqual({ ok: true });
      expect(await store.putBlob(id, new Uint8Array([4, 5]), QUOTA)).toEqual({ ok: true });
      const meta = await store.get(id);
      store.redis.disconnect();
      await first.kill();

      second = await startTestRedis({ dir: first.dir });
      const again = new RedisMailboxStore(second.url);
      try {
        expect(await again.get(id)).toEqual(meta);
        const entries = await again.readEntries(id, 0, 100);
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 21));
        expect(Array.from(entries[0]?.bytes ?? [])).toEqual([20, 0, 10]);
        expect((await again.readSnapshot(id)).map((p) => Array.from(p))).toEqual([[1, 2, 3]]);
        expect(Array.from((await again.getBlob(id)) ?? [])).toEqual([4, 5]);
      } finally {
        await again.close();
      }
    } finally {
      await (second ?? first).stop();
    }
  });
});

describe.runIf(enabled)('mailbox on Redis', () => {
  let redis: TestRedis;
  const backends: RedisMailboxBackend[] = [];
  const servers: RunningServer[] = [];
  const clients: TestMailboxClient[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    for (let i = 0; i < 2; i++) {
      const backend = await openRedisMailbox(redis.url);
      backends.push(backend);
      servers.push(
        await startServer({ port: 0, root: 'dist', mailbox: { store: backend.store, bus: backend.bus } }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(backends.map((b) => b.close()));
    await redis?.stop();
  }, 60_000);

  const open = async (
    server: RunningServer,
    box: TestMailbox,
    opts: { role: 'read' | 'append'; since?: number; create?: boolean },
  ) => {
    const { client, opened } = await TestMailboxClient.open(server.url, box, opts);
    clients.push(client);
    return { client, opened };
  };

  const entry = (n: number) => {
    const bytes = randomBytes(1024);
    bytes.writeUInt32BE(n, 0);
    return new Uint8Array(bytes);
  };

  it('pushes entries appended on one instance live to a reader on the other, in seq order', async () => {
    const [one, two] = servers as [RunningServer, RunningServer];
    const box = newTestMailbox();
    const { client: appender } = await open(two, box, { role: 'append', create: true });
    const { client: reader } = await open(one, box, { role: 'read', since: 0 });
    await reader.until(() => reader.caughtUp, 30_000, 'caught-up');

    const sent = Array.from({ length: 25 }, (_, i) => entry(i));
    const seqs: number[] = [];
    for (const bytes of sent) seqs.push(await appender.append(bytes));
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));

    await reader.until(() => reader.entries.length >= 25, 30_000, '25 live entries');
    expect(reader.entries.map((e) => e.seq)).toEqual(seqs);
    expect(reader.entries.map((e) => Buffer.from(e.bytes).toString('hex'))).toEqual(
      sent.map((b) => Buffer.from(b).toString('hex')),
    );
    expect(reader.errors).toEqual([]);

    // A reader that catches up later on instance 1 sees what was appended on instance 2.
    const { client: late, opened } = await open(one, box, { role: 'read', since: 10 });
    expect(opened.head).toBe(25);
    await late.until(() => late.caughtUp, 30_000, 'late caught-up');
    expect(late.entries.map((e) => e.seq)).toEqual(seqs.slice(10));
    expect(Buffer.from(late.entries[0]?.bytes ?? []).equals(Buffer.from(sent[10] as Uint8Array))).toBe(true);
  });

  it('gives two appenders on different instances distinct seqs, and both readers the same full sequence', async () => {
    const [one, two] = servers as [RunningServer, RunningServer];
    const box = newTestMailbox();
    const { client: a } = await open(one, box, { role: 'append', create: true });
    const { client: b } = await open(two, box, { role: 'append' });
    const { client: r1 } = await open(one, box, { role: 'read', since: 0 });
    const { client: r2 } = await open(two, box, { role: 'read', since: 0 });
    await r1.until(() => r1.caughtUp, 30_000, 'r1 caught-up');
    await r2.until(() => r2.caughtUp, 30_000, 'r2 caught-up');

    const perAppender = 40;
    const run = async (client: TestMailboxClient, tag: number) => {
      // Several in flight at once on each socket, both sockets at once.
      return Promise.all(Array.from({ length: perAppender }, (_, i) => client.append(entry(tag * 1000 + i))));
    };
    const [seqA, seqB] = await Promise.all([run(a, 1), run(b, 2)]);
    const all = [...seqA, ...seqB].sort((x, y) => x - y);
    expect(new Set(all).size).toBe(2 * perAppender);
    expect(all).toEqual(Array.from({ length: 2 * perAppender }, (_, i) => i + 1));

    const total = 2 * perAppender;
    await r1.until(() => r1.entries.length >= total, 30_000, 'r1 all entries');
    await r2.until(() => r2.entries.length >= total, 30_000, 'r2 all entries');
    expect(r1.entries.map((e) => e.seq)).toEqual(all);
    expect(r2.entries.map((e) => e.seq)).toEqual(all);
    for (let i = 0; i < total; i++) {
      expect(Buffer.from(r1.entries[i]?.bytes ?? []).equals(Buffer.from(r2.entries[i]?.bytes ?? []))).toBe(
        true,
      );
    }
    expect([...r1.errors, ...r2.errors]).toEqual([]);
  });

  it('enforces the quota atomically across instances: exactly maxEntries appends succeed', async () => {
    const [b1, b2] = backends as [RedisMailboxBackend, RedisMailboxBackend];
    const box = newTestMailbox();
    await b1.store.create({ id: box.id, appendVerifier: 'a', readVerifier: 'r', lastOpenDay: 1 });
    const quota = { maxBytes: 1 << 20, maxEntries: 30 };
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 ? b1 : b2).store.append(box.id, new Uint8Array([i]), quota),
      ),
    );
    const seqs = results.flatMap((r) => (r.ok ? [r.seq] : []));
    expect(seqs.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'quota')).toBe(true);
    const meta = await b2.store.get(box.id);
    expect(meta).toMatchObject({ head: 30, entries: 30, bytes: 30 });
  });

  it('stores bytes exactly (CR, LF, NUL, high bytes) and leaves no staging key after a refused snapshot', async () => {
    const [b1] = backends as [RedisMailboxBackend];
    const box = newTestMailbox();
    await b1.store.create({ id: box.id, appendVerifier: 'a', readVerifier: 'r', lastOpenDay: 1 });
    const tricky = new Uint8Array([0, 13, 10, 255, 0x80, 36, 42, 0]);
    expect(await b1.store.append(box.id, tricky, QUOTA)).toEqual({ ok: true, seq: 1 });
    const [read] = await b1.store.readEntries(box.id, 0, 10);
    expect(Array.from(read?.bytes ?? [])).toEqual(Array.from(tricky));

    const before = await b1.store.get(box.id);
    expect(await b1.store.installSnapshot(box.id, 5, [tricky], QUOTA)).toEqual({
      ok: false,
      code: 'stale-snapshot',
    });
    expect(
      await b1.store.installSnapshot(box.id, 1, [new Uint8Array(600), new Uint8Array(600)], {
        maxBytes: 1000,
        maxEntries: 10,
      }),
    ).toEqual({ ok: false, code: 'quota' });
    expect(await b1.store.get(box.id)).toEqual(before);
    expect(await b1.store.redis.keys(`${b1.store.prefix}stage:*`)).toEqual([]);

    expect(await b1.store.installSnapshot(box.id, 1, [tricky, tricky], QUOTA)).toEqual({ ok: true });
    expect((await b1.store.readSnapshot(box.id)).map((p) => Array.from(p))).toEqual([
      Array.from(tricky),
      Array.from(tricky),
    ]);
    expect(await b1.store.get(box.id)).toMatchObject({
      entries: 0,
      bytes: 16,
      snapshot: { covers: 1, parts: 2 },
    });
    expect(await b1.store.redis.ttl(`${b1.store.prefix}s:${box.id}`)).toBe(-1);
  });

  it('is chosen by SHOPFLOOR_REDIS_URL; a bad URL is refused without echoing it', async () => {
    const config = mailboxConfigFromEnv({ SHOPFLOOR_REDIS_URL: redis.url });
    expect(config).toMatchObject({ redisUrl: redis.url });
    const backend = await openBackend(config === false ? { dataDir: 'unused' } : config);
    try {
      expect(backend.store).toBeInstanceOf(RedisMailboxStore);
    } finally {
      await backend.close();
    }
    expect(() => mailboxConfigFromEnv({ SHOPFLOOR_REDIS_URL: 'http://user:secret@host' })).toThrow(
      /^SHOPFLOOR_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/,
    );
    expect(mailboxConfigFromEnv({})).not.toHaveProperty('redisUrl');
  });

  it('keeps deployments apart by key prefix', async () => {
    const other = await openRedisMailbox(redis.url, { prefix: 'other:' });
    try {
      const box = newTestMailbox();
      await backends[0]?.store.create({ id: box.id, appendVerifier: 'a', readVerifier: 'r', lastOpenDay: 1 });
      expect(await other.store.get(box.id)).toBeNull();
      expect(await backends[1]?.store.get(box.id)).not.toBeNull();
    } finally {
      await other.close();
    }
  });
});
