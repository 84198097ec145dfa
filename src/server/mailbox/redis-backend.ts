/**
 * Opens the Redis mailbox backend: one command connection (the store, and the bus's publisher)
 * and one subscriber connection (the bus), per server instance.
 */
import type { RedisOptions } from 'ioredis';
import { RedisMailboxBus } from './redis-bus';
import { mailboxRedisOptions, RedisMailboxStore } from './redis-store';

/** The store and bus for `startServer({ mailbox })`, and one close for both. */
export interface RedisMailboxBackend {
  store: RedisMailboxStore;
  bus: RedisMailboxBus;
  /** Closes the bus, then the store (which owns the shared command connection). */
  close(): Promise<void>;
}

/**
 * Connects to Redis at `url` and waits until it answers, so a wrong URL fails at startup.
 *
 * @example
 * const { store, bus } = await openRedisMailbox(process.env.SHOPFLOOR_REDIS_URL);
 * await startServer({ mailbox: { store, bus } });
 */
export async function openRedisMailbox(
  url: string,
  opts: { prefix?: string; redis?: RedisOptions; log?: (line: string) => void } = {},
): Promise<RedisMailboxBackend> {
  const store = new RedisMailboxStore(url, opts);
  const subscriber = store.redis.duplicate(mailboxRedisOptions(opts.redis));
  // Errors reach callers as rejected commands; without a listener ioredis would also print each
  // reconnect attempt. One line per outage (no address: the URL may hold a password).
  let down = false;
  for (const conn of [store.redis, subscriber]) {
    conn.on('error', () => {
      if (!down) opts.log?.('mailbox: lost the Redis connection, reconnecting');
      down = true;
    });
    conn.on('ready', () => {
      down = false;
    });
  }
  const bus = new RedisMailboxBus(
    store.redis,
    subscriber,
    opts.prefix === undefined ? {} : { prefix: opts.prefix },
  );
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= bus.close().then(() => store.close());
    return closed;
  };
  try {
    await Promise.all([store.redis.ping(), subscriber.ping()]);
  } catch (err) {
    store.redis.disconnect();
    subscriber.disconnect();
    throw new Error(`cannot reach Redis (${(err as Error).name})`);
  }
  return { store, bus, close };
}
