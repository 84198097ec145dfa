/**
 * The app's top-level state machine: loading → first-run | locked → unlocked → locked …
 * Holding the session only here means locking is one assignment: the stores, docs and the
 * non-extractable master key become unreachable.
 */
import { createSignal } from 'solid-js';
import { unregisterAndClearCaches } from '../../pwa/register';
import {
  createSpace,
  getSpace,
  hasVault,
  ShopfloorDb,
  type SpaceStore,
  StorageError,
  wipeDatabase,
} from '../../storage';
import type { Invite } from '../../sync/invite';
import { rotateSpaceKey } from '../../sync/rotation';
import { DEFAULT_GRACE_SECONDS, DEFAULT_IDLE_MINUTES, startAutoLock } from './auto-lock';
import {
  closeSession,
  openCampaign,
  restoreDevice,
  type Session,
  type SetupInput,
  settingsOf,
  setupDevice,
  unlockDevice,
} from './session';
import { retireActive, setSharingNotice, startCampaignSync, stopAllSync } from './sync-state';

export type Phase =
  | { kind: 'loading' }
  | { kind: 'first-run' }
  | { kind: 'locked' }
  | { kind: 'unlocked'; session: Session }
  | { kind: 'error'; code: string };

const [phase, setPhase] = createSignal<Phase>({ kind: 'loading' });

export { phase };

let db: ShopfloorDb | null = null;
let stopAutoLock: (() => void) | null = null;

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

function armAutoLock(session: Session) {
  const settings = settingsOf(session);
  const idle = Number(settings.get('lockAfterMinutes') ?? DEFAULT_IDLE_MINUTES);
  const grace = Number(settings.get('lockGraceSeconds') ?? DEFAULT_GRACE_SECONDS);
  stopAutoLock?.();
  stopAutoLock = startAutoLock({
    idleMinutes: Number.isFinite(idle) ? idle : DEFAULT_IDLE_MINUTES,
    graceSeconds: Number.isFinite(grace) ? grace : DEFAULT_GRACE_SECONDS,
    lock: () => void lock(),
  });
}

function enter(session: Session) {
  armAutoLock(session);
  // Unlocking always lands on the campaign home (invite links keep their route to finish joining).
  if (!location.hash.startsWith('#/join/')) history.replaceState(null, '', '#/home');
  dispatchEvent(new HashChangeEvent('hashchange'));
  setPhase({ kind: 'unlocked', session });
  void startCampaignSync(session, moveToRotatedSpace);
  // Once a day: a local snapshot to restore from, and the activity log trimmed to its window.
  void session.campaign.maintain().catch(() => {});
}

/** Restarts the auto-lock timers after their settings changed. */
export function restartAutoLock(): void {
  const p = phase();
  if (p.kind === 'unlocked') armAutoLock(p.session);
}

/** Restarts sync after its settings (device name, servers) changed. */
export async function restartSync(): Promise<void> {
  const p = phase();
  if (p.kind === 'unlocked') await startCampaignSync(p.session, moveToRotatedSpace);
}

/** Campaign stores kept open after a rotation, closed on lock. */
const retiredStores: SpaceStore[] = [];

async function switchTo(
  spaceId: string,
  opts: { key?: Uint8Array; name?: string; state?: Uint8Array; retire?: boolean },
) {
  const p = phase();
  if (p.kind !== 'unlocked') return;
  const session = p.session;
  const exists = await getSpace(session.vault, spaceId).then(
    () => true,
    () => false,
  );
  if (!exists) {
    if (!opts.key) throw new StorageError('unknown-space', { id: spaceId });
    await createSpace(session.vault, { kind: 'campaign', id: spaceId, key: opts.key, name: opts.name ?? '' });
  }
  if (opts.retire) {
    retireActive();
    retiredStores.push(session.campaign);
  } else {
    await session.campaign.close();
  }
  const next = await openCampaign(session, spaceId, opts.state);
  setPhase({ kind: 'unlocked', session: next });
  await startCampaignSync(next, moveToRotatedSpace);
}

/** Another member removed someone and re-invited this device to the rotated space: follow. */
async function moveToRotatedSpace(newSpaceId: string, newSpaceKey: Uint8Array, state: Uint8Array) {
  const p = phase();
  if (p.kind !== 'unlocked') return;
  await switchTo(newSpaceId, { key: newSpaceKey, name: p.session.campaignMeta.name, state, retire: true });
}

/** Joins a campaign from an invite: stores its key, makes it active and starts syncing it. */
export async function joinCampaign(invite: Invite, deviceName: string): Promise<void> {
  const p = phase();
  if (p.kind !== 'unlocked') return;
  settingsOf(p.session).set('deviceName', deviceName);
  await p.session.personal.flush();
  await switchTo(invite.spaceId, { key: invite.spaceKey, name: invite.name });
  history.replaceState(null, '', '#/home');
  dispatchEvent(new HashChangeEvent('hashchange'));
}

/** First run from an invite: a new vault whose first campaign is the invited one. */
export async function setupAndJoin(passphrase: string, invite: Invite, deviceName: string): Promise<void> {
  const session = await setupDevice(database(), {
    passphrase,
    campaignName: invite.name,
    join: { spaceId: invite.spaceId, spaceKey: invite.spaceKey },
  });
  settingsOf(session).set('deviceName', deviceName);
  await session.personal.flush();
  history.replaceState(null, '', '#/home');
  enter(session);
}

/**
 * Removes members: rotates the campaign to a new room and key re-shared (sealed) to the remaining
 * members, moves this device there, and keeps relaying the old room until lock so that the others
 * find the rotation. The removed devices keep what they had and get nothing new.
 */
export async function removeMembers(deviceIds: string[]): Promise<void> {
  const p = phase();
  if (p.kind !== 'unlocked') return;
  const session = p.session;
  const rotated = await rotateSpaceKey({
    doc: session.campaign.doc,
    spaceId: session.campaignMeta.id,
    self: session.device,
    remove: deviceIds,
  });
  await session.campaign.flush();
  await switchTo(rotated.newSpaceId, {
    key: rotated.newSpaceKey,
    name: session.campaignMeta.name,
    state: rotated.newState,
    retire: true,
  });
  setSharingNotice('removed');
}

export async function setup(input: SetupInput): Promise<void> {
  enter(await setupDevice(database(), input));
}

export async function restore(input: { passphrase: string; file: Uint8Array; backupPassphrase: string }) {
  enter(await restoreDevice(database(), input));
}

/** Unlocks; the duress passphrase wipes everything silently and lands on first run. */
export async function unlock(passphrase: string): Promise<void> {
  try {
    enter(await unlockDevice(database(), passphrase));
  } catch (err) {
    if (err instanceof StorageError && err.code === 'duress') {
      await panicWipe();
      return;
    }
    throw err;
  }
}

export async function lock(): Promise<void> {
  const current = phase();
  if (current.kind !== 'unlocked') return;
  stopAutoLock?.();
  stopAutoLock = null;
  stopAllSync();
  setPhase({ kind: 'locked' });
  await closeSession(current.session);
  for (const store of retiredStores.splice(0)) {
    await store.close();
    store.doc.destroy();
  }
}

/**
 * Panic wipe: the wrapped keys go first (crypto-shredding), then every IndexedDB database, Cache
 * Storage, the service worker registration and web storage. Works offline. Ends on first run.
 */
export async function panicWipe(): Promise<void> {
  stopAutoLock?.();
  stopAutoLock = null;
  stopAllSync();
  retiredStores.length = 0;
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
