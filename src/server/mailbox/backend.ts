/**
 * Chooses and opens the mailbox backend: today the embedded LMDB store with an in-process bus.
 * The one place a deployment's backend choice (e.g. Redis for several instances) is made.
 */
import { join } from 'node:path';
import { createMemoryBus } from './bus';
import { openLmdbStore } from './lmdb-store';
import type { MailboxBus, MailboxStore } from './store';

/** Where the backend keeps its data. */
export interface BackendConfig {
  /** Data directory; the store lives in `<dataDir>/mailbox`. */
  dataDir: string;
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
