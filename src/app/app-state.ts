/**
 * The app's top-level state machine: loading → first-run | locked → (opening) → unlocked → locked …
 * `opening`: the passphrase was accepted and the campaign's sealed home view is painted while the
 * campaign doc loads (home-view.ts); nothing can be edited until `unlocked`.
 * Holding the session only here means locking is one assignment: the stores, docs and the
 * non-extractable master key become unreachable.
 *
 * This is the shell's part: it opens the database, tells first run from locked, locks and wipes.
 * Everything that needs a session (opening spaces, sync, auto-lock) is in unlocked.ts, loaded
 * through load-unlocked.ts on the first unlock, setup or restore — and prefetched while the lock
 * screen shows — so the code that draws the lock screen does not carry Yjs, the domain or sync.
 */
import { createSignal } from 'solid-js';
import { unregisterAndClearCaches } from '../pwa/register';
import { DB_NAME, probeDataLoss, ShopfloorDb } from '../storage/db';
import { browserSecondCopyBackend } from '../storage/second-copy';
import { hasVault } from '../storage/vault';
import { wipeDatabase } from '../storage/wipe';
import type { HomeView } from './home-view';
import type { Session } from './session';

export type Phase =
  | { kind: 'loading' }
  | { kind: 'first-run' }
  | { kind: 'locked' }
  | { kind: 'opening'; view: HomeView }
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
  db ??= new ShopfloorDb(DB_NAME, { secondCopy: browserSecondCopyBackend() });
  return db;
}

/** Set when boot rebuilt the database from the second copy (the lock screen says so). */
const [recovered, setRecovered] = createSignal<{ rows: number; skipped: number } | null>(null);
/** Set when the browser threw the database away and there was no copy to rebuild it from. */
const [dataLost, setDataLost] = createSignal<{ message: string } | null>(null);

export { dataLost, recovered };

/**
 * Tells first run from locked. A database without a vault whose second copy has one is a database
 * the browser threw away: it is rebuilt from the copy first (see storage/second-copy.ts). Without
 * a copy, first run says that the browser discarded the data, when the browser says so. Then the
 * copy is brought in line with the database in the background (it may miss what a crash or a full
 * disk kept from it) — never when a rebuild failed, so the copy is not lost with the database.
 */
export async function boot(): Promise<void> {
  try {
    // Before Dexie opens the database: only the first open after a discard carries the news.
    const loss = await probeDataLoss(DB_NAME);
    const d = database();
    let found = await hasVault(d);
    if (!found) {
      const restored = await d.restoreFromSecondCopy();
      if (restored) {
        setRecovered(restored);
        found = await hasVault(d);
      } else if (loss) setDataLost(loss);
    }
    setPhase(found ? { kind: 'locked' } : { kind: 'first-run' });
    const started = performance.now();
    void d
      .reconcileSecondCopy()
      // A local timing mark (never sent anywhere), read by `npm run bench`.
      .then(() => performance.measure('shopfloor:second-copy-reconcile', { start: started }))
      .catch(() => {});
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
