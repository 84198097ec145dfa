/**
 * The app's top-level state machine: loading → first-run | locked → unlocked → locked …
 * Holding the session only here means locking is one assignment: the stores, docs and the
 * non-extractable master key become unreachable.
 *
 * This is the shell's part: it opens the database, tells first run from locked, locks and wipes.
 * Everything that needs a session (opening spaces, sync, auto-lock) is in unlocked.ts, loaded
 * through load-unlocked.ts on the first unlock, setup or restore — and prefetched while the lock
 * screen shows — so the code that draws the lock screen does not carry Yjs, the domain or sync.
 */
import { createSignal } from 'solid-js';
import { unregisterAndClearCaches } from '../../pwa/register';
import { ShopfloorDb } from '../../storage/db';
import { hasVault } from '../../storage/vault';
import { wipeDatabase } from '../../storage/wipe';
import type { Session } from './session';

export type Phase =
  | { kind: 'loading' }
  | { kind: 'first-run' }
  | { kind: 'locked' }
  | { kind: 'unlocked'; session: Session }
  | { kind: 'error'; code: string };

const [phase, setPhase] = createSignal<Phase>({ kind: 'loading' });

export { phase, setPhase };

/** What unlocked.ts registers when it loads, so that lock and panic can stop it synchronously. */
export interface Teardown {
  /** Stops timers and sync. */
  stop(): void;
  /** Flushes and closes the session's stores. */
  close(session: Session): Promise<void>;
  /** Forgets open stores without closing them (panic: the database is deleted next). */
  drop(): void;
}

let db: ShopfloorDb | null = null;
let teardown: Teardown | null = null;

export function registerTeardown(t: Teardown): void {
  teardown = t;
}

export function database(): ShopfloorDb {
  db ??= new ShopfloorDb();
  return db;
}

export async function boot(): Promise<void> {
  try {
    setPhase((await hasVault(database())) ? { kind: 'locked' } : { kind: 'first-run' });
  } catch (err) {
    setPhase({ kind: 'error', code: (err as { name?: string }).name ?? 'open-failed' });
  }
}

export async function lock(): Promise<void> {
  const current = phase();
  if (current.kind !== 'unlocked') return;
  teardown?.stop();
  setPhase({ kind: 'locked' });
  await teardown?.close(current.session);
}

/**
 * Panic wipe: the wrapped keys go first (crypto-shredding), then every IndexedDB database, Cache
 * Storage, the service worker registration and web storage. Works offline. Ends on first run.
 */
export async function panicWipe(): Promise<void> {
  teardown?.stop();
  teardown?.drop();
  const current = phase();
  setPhase({ kind: 'loading' });
  if (current.kind === 'unlocked') {
    current.session.personal.doc.destroy();
    current.session.campaign.doc.destroy();
  }
  const target = database();
  db = null;
  await wipeDatabase(target).catch(() => {});
  const others = (await indexedDB.databases?.().catch(() => [])) ?? [];
  await Promise.all(
    others.map(
      (info) =>
        new Promise<void>((resolve) => {
          if (!info.name) return resolve();
          const req = indexedDB.deleteDatabase(info.name);
          req.onsuccess = req.onerror = req.onblocked = () => resolve();
        }),
    ),
  );
  await unregisterAndClearCaches().catch(() => {});
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {}
  history.replaceState(null, '', location.pathname);
  setPhase({ kind: 'first-run' });
}

export function currentSession(): Session | null {
  const p = phase();
  return p.kind === 'unlocked' ? p.session : null;
}
