/**
 * The shared {@link MailboxStore}: Redis, so several server instances serve the same mailboxes
 * (`SHOPFLOOR_REDIS_URL`, docs/deploy.md). Live fan-out is redis-bus.ts.
 *
 * Why hashes + a sorted set and not Streams: every write must keep the byte count exact (quota), so
 * deleting entries (a snapshot's covered range, `delete`) must know their sizes. `HSTRLEN` gives a
 * hash field's size in O(1) without copying it; a Stream entry's size can only be learnt by reading
 * it back (XRANGE), which would pull up to the whole quota (256 MiB) into a script to install one
 * snapshot. The sorted set (score = seq) gives "entries after seq N" in order, as XRANGE would.
 *
 * What must stay true:
 * - Atomicity: each operation that changes state is one Lua script (redis-scripts.ts) that checks
 *   before it writes, so two instances can never both pass a quota check and a rejected operation
 *   changes nothing. A snapshot's parts are first pushed to a private staging list that expires by
 *   itself, then one script checks and swaps it in.
 * - Durability: a write is acknowledged when Redis replies, so it is exactly as durable as the
 *   Redis configuration makes it. Production must run with `appendonly yes` and
 *   `appendfsync always` (Redis then fsyncs the AOF before replying); the tests do.
 * - A command whose reply is lost with the connection is not re-sent (`autoResendUnfulfilledCommands`
 *   off): it rejects, and the client retries the whole request, rather than ioredis appending twice.
 * - Binary-safe: entries go in as Buffers and come back through the `…Buffer` command variants.
 */
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import * as lua from './redis-scripts';
import type { AppendResult, InstallResult, MailboxMeta, MailboxStore, Quota, StoredEntry } from './store';

/** Default key prefix; every key and channel the backend uses starts with it. */
export const DEFAULT_REDIS_PREFIX = 'shopfloor:mb:';

/** How long an unfinished snapshot staging list survives a crashed instance. */
const STAGING_TTL_SECONDS = 3600;
/** Mailboxes examined per sweep step. */
const SWEEP_BATCH = 500;

type Reply = [number, string | number];

/** The scripts as ioredis commands (defined in the constructor with `defineCommand`). */
interface ScriptCommands {
  mbCreate(...args: (string | number)[]): Promise<string[]>;
  mbAppend(...args: (string | number | Buffer)[]): Promise<Reply>;
  mbReadBuffer(...args: (string | number)[]): Promise<Buffer[]>;
  mbDelete(...args: (string | number)[]): Promise<number>;
  mbInstall(...args: (string | number)[]): Promise<Reply>;
  mbPutBlob(...args: (string | number | Buffer)[]): Promise<Reply>;
  mbRetire(...args: (string | number)[]): Promise<number>;
  mbTouch(...args: (string | number)[]): Promise<number>;
  mbSweepOne(...args: (string | number)[]): Promise<number>;
  mbPartBuffer(...args: (string | number)[]): Promise<Buffer | null>;
}

/** One snapshot part, if `covers` is still the installed snapshot (as the LMDB store offers). */
const READ_PART = `
if redis.call('HGET', KEYS[1], 'sc') ~= ARGV[1] then return false end
return redis.call('LINDEX', KEYS[2], ARGV[2])
`;

/** Options for {@link RedisMailboxStore}. */
export interface RedisStoreOptions {
  /** Key prefix (default {@link DEFAULT_REDIS_PREFIX}); lets several deployments share one Redis. */
  prefix?: string;
  /** Extra ioredis options (tests shorten timeouts). */
  redis?: RedisOptions;
}

/** ioredis options every mailbox connection uses (see the header: no silent re-sends). */
export function mailboxRedisOptions(extra: RedisOptions = {}): RedisOptions {
  return {
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 2,
    connectTimeout: 10_000,
    ...extra,
  };
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function parseMeta(id: string, h: Record<string, string>): MailboxMeta | null {
  if (h.av === undefined || h.rv === undefined) return null;
  const n = (v: string | undefined) => Number(v ?? 0);
  return {
    id,
    appendVerifier: h.av,
    readVerifier: h.rv,
    head: n(h.head),
    bytes: n(h.bytes),
    entries: n(h.entries),
    snapshot: h.sc === undefined ? null : { covers: n(h.sc), parts: n(h.sp), bytes: n(h.sb) },
    lastOpenDay: n(h.lod),
    retiredDay: h.rd === undefined ? null : n(h.rd),
  };
}

function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

/**
 * A {@link MailboxStore} on Redis.
 *
 * @example
 * const store = new RedisMailboxStore('redis://127.0.0.1:6379');
 * const meta = await store.create({ id, appendVerifier, readVerifier, lastOpenDay: today });
 */
export class RedisMailboxStore implements MailboxStore {
  /** The command connection (shared with the bus's publisher by redis-backend.ts). */
  readonly redis: Redis;
  readonly prefix: string;
  private readonly cmd: ScriptCommands;
  private readonly ownsConnection: boolean;
  private closed: Promise<void> | undefined;

  /** @param target - A `redis://` URL, or an ioredis connection the caller keeps owning. */
  constructor(target: string | Redis, opts: RedisStoreOptions = {}) {
    this.prefix = opts.prefix ?? DEFAULT_REDIS_PREFIX;
    this.ownsConnection = typeof target === 'string';
    this.redis = typeof target === 'string' ? new Redis(target, mailboxRedisOptions(opts.redis)) : target;
    const define = (name: string, script: string, numberOfKeys: number, readOnly = false) => {
      if (!(name in this.redis)) this.redis.defineCommand(name, { lua: script, numberOfKeys, readOnly });
    };
    define('mbCreate', lua.CREATE, 2);
    define('mbAppend', lua.APPEND, 3);
    define('mbRead', lua.READ, 2, true);
    define('mbDelete', lua.DELETE, 3);
    define('mbInstall', lua.INSTALL, 5);
    define('mbPutBlob', lua.PUT_BLOB, 2);
    define('mbRetire', lua.RETIRE, 2);
    define('mbTouch', lua.TOUCH, 2);
    define('mbSweepOne', lua.SWEEP_ONE, 7);
    define('mbPart', READ_PART, 2, true);
    this.cmd = this.redis as unknown as ScriptCommands;
  }

  /** The key of one part of mailbox `id` (m, e, q, s, b: see redis-scripts.ts). */
  private key(kind: 'm' | 'e' | 'q' | 's' | 'b', id: string): string {
    return `${this.prefix}${kind}:${id}`;
  }

  private get openIndex(): string {
    return `${this.prefix}open`;
  }

  private get retiredIndex(): string {
    return `${this.prefix}retired`;
  }

  async get(id: string): Promise<MailboxMeta | null> {
    return parseMeta(id, await this.redis.hgetall(this.key('m', id)));
  }

  async create(
    meta: Pick<MailboxMeta, 'id' | 'appendVerifier' | 'readVerifier' | 'lastOpenDay'>,
  ): Promise<MailboxMeta> {
    const flat = await this.cmd.mbCreate(
      this.key('m', meta.id),
      this.openIndex,
      meta.id,
      meta.appendVerifier,
      meta.readVerifier,
      meta.lastOpenDay,
    );
    const parsed = parseMeta(meta.id, pairs(flat));
    if (!parsed) throw new Error('mailbox meta unreadable after create');
    return parsed;
  }

  async append(id: string, bytes: Uint8Array, quota: Quota): Promise<AppendResult> {
    const [ok, value] = await this.cmd.mbAppend(
      this.key('m', id),
      this.key('e', id),
      this.key('q', id),
      toBuffer(bytes),
      quota.maxBytes,
      quota.maxEntries,
    );
    if (ok === 1) return { ok: true, seq: Number(value) };
    return { ok: false, code: String(value) as 'quota' | 'retired' | 'unknown-mailbox' };
  }

  async readEntries(id: string, afterSeq: number, limit: number): Promise<StoredEntry[]> {
    if (limit <= 0) return [];
    const flat = await this.cmd.mbReadBuffer(
      this.key('e', id),
      this.key('q', id),
      Math.floor(afterSeq),
      limit,
    );
    const out: StoredEntry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      out.push({ seq: Number((flat[i] as Buffer).toString()), bytes: toBytes(flat[i + 1] as Buffer) });
    }
    return out;
  }

  async readSnapshot(id: string): Promise<Uint8Array[]> {
    return (await this.redis.lrangeBuffer(this.key('s', id), 0, -1)).map(toBytes);
  }

  /** One part of the installed snapshot, or null if `covers` is no longer the installed one. */
  async readSnapshotPart(id: string, covers: number, index: number): Promise<Uint8Array | null> {
    const part = await this.cmd.mbPartBuffer(this.key('m', id), this.key('s', id), covers, index);
    return part ? toBytes(part) : null;
  }

  async installSnapshot(
    id: string,
    covers: number,
    parts: readonly Uint8Array[],
    quota: Quota,
  ): Promise<InstallResult> {
    const stage = `${this.prefix}stage:${id}:${randomBytes(12).toString('hex')}`;
    let total = 0;
    if (parts.length > 0) {
      const staging = this.redis.multi();
      for (const part of parts) {
        staging.rpush(stage, toBuffer(part));
        total += part.length;
      }
      staging.expire(stage, STAGING_TTL_SECONDS);
      const results = await staging.exec();
      const failed = results?.find(([err]) => err !== null);
      if (!results || failed) {
        await this.redis.del(stage).catch(() => {});
        throw failed?.[0] ?? new Error('snapshot staging failed');
      }
    }
    const [ok, code] = await this.cmd.mbInstall(
      this.key('m', id),
      this.key('e', id),
      this.key('q', id),
      this.key('s', id),
      stage,
      covers,
      parts.length,
      total,
      quota.maxBytes,
      quota.keepBytes ?? 0,
      quota.keepEntries ?? 0,
    );
    if (ok === 1) return { ok: true };
    if (code === 'staging-lost') throw new Error('snapshot staging expired before install');
    return { ok: false, code: String(code) as 'stale-snapshot' | 'quota' | 'retired' | 'unknown-mailbox' };
  }

  async deleteEntries(id: string, seqs: readonly number[]): Promise<number> {
    const valid = [...new Set(seqs)].filter((s) => Number.isSafeInteger(s) && s > 0);
    if (valid.length === 0) return 0;
    return this.cmd.mbDelete(this.key('m', id), this.key('e', id), this.key('q', id), ...valid);
  }

  async putBlob(
    id: string,
    bytes: Uint8Array,
    quota: Quota,
  ): Promise<{ ok: true } | { ok: false; code: 'quota' }> {
    const [ok] = await this.cmd.mbPutBlob(
      this.key('m', id),
      this.key('b', id),
      toBuffer(bytes),
      quota.maxBytes,
    );
    // An unknown mailbox has no quota left, as in the LMDB store.
    return ok === 1 ? { ok: true } : { ok: false, code: 'quota' };
  }

  async getBlob(id: string): Promise<Uint8Array | null> {
    const blob = await this.redis.getBuffer(this.key('b', id));
    return blob ? toBytes(blob) : null;
  }

  async retire(id: string, day: number): Promise<void> {
    await this.cmd.mbRetire(this.key('m', id), this.retiredIndex, id, day);
  }

  async touch(id: string, day: number): Promise<void> {
    await this.cmd.mbTouch(this.key('m', id), this.openIndex, id, day);
  }

  async sweep(idleBeforeDay: number, retiredBeforeDay: number): Promise<number> {
    let deleted = 0;
    for (const [index, before] of [
      [this.openIndex, idleBeforeDay],
      [this.retiredIndex, retiredBeforeDay],
    ] as const) {
      // Each batch is re-read from the start: deleted ids leave the index. A batch that deletes
      // nothing (every candidate was opened meanwhile) ends the pass; the next sweep goes on.
      for (;;) {
        const ids = await this.redis.zrangebyscore(index, '-inf', `(${before}`, 'LIMIT', 0, SWEEP_BATCH);
        if (ids.length === 0) break;
        let progress = 0;
        for (const id of ids) {
          const gone = await this.cmd.mbSweepOne(
            this.key('m', id),
            this.key('e', id),
            this.key('q', id),
            this.key('s', id),
            this.key('b', id),
            this.openIndex,
            this.retiredIndex,
            id,
            idleBeforeDay,
            retiredBeforeDay,
          );
          if (gone === 1) deleted += 1;
          if (gone !== 0) progress += 1;
        }
        if (progress === 0 || ids.length < SWEEP_BATCH) break;
      }
    }
    return deleted;
  }

  async close(): Promise<void> {
    this.closed ??= this.ownsConnection ? this.redis.quit().then(() => undefined) : Promise.resolve();
    return this.closed;
  }
}
