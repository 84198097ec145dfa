/**
 * Chooses and opens the mailbox backend: the embedded LMDB store with an in-process bus, or Redis
 * (store and pub/sub bus) when several instances share the mailboxes (`SHOPFLOOR_REDIS_URL`).
 * The one place a deployment's backend choice is made.
 */
import { join } from 'node:path';
import { createMemoryBus } from './bus';
import { openLmdbStore } from './lmdb-store';
import { openRedisMailbox } from './redis-backend';
import type { MailboxBus, MailboxStore } from './store';

/** Where the backend keeps its data. */
export interface BackendConfig {
  /** Data directory; the store lives in `<dataDir>/mailbox`. */
  dataDir: string;
  /** When set, Redis at this URL holds the mailboxes instead (`dataDir` is then unused). */
  redisUrl?: string;
}

/** An opened backend. `close()` closes the store and the bus (idempotent). */
export interface MailboxBackend {
  store: MailboxStore;
  bus: MailboxBus;
  close(): Promise<void>;
}

/**
 * Opens the backend the configuration names.
 *
 * @example
 * const { store, bus, close } = await openBackend({ dataDir: './data' });
 */
export async function openBackend(config: BackendConfig): Promise<MailboxBackend> {
  if (config.redisUrl !== undefined) return openRedisMailbox(config.redisUrl);
  const store = openLmdbStore(join(config.dataDir, 'mailbox'));
  const bus = createMemoryBus();
  let closed: Promise<void> | undefined;
  return {
    store,
    bus,
    close: () => {
      closed ??= Promise.all([bus.close(), store.close()]).then(() => {});
      return closed;
    },
  };
}
