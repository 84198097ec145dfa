/**
 * Everything the app does once a passphrase is accepted: opening the spaces, auto-lock, sync,
 * joining and leaving campaigns, member removal. Loaded on demand (app-state.ts imports it when
 * the user unlocks, sets up or restores, and prefetches it while the lock screen shows), so the
 * shell that draws the lock screen ships without Yjs, the domain or sync.
 *
 * What must stay true: this module is the only place that creates a `Session`, and it registers
 * `teardown` with app-state at load, so locking and the panic wipe can stop sync and drop the
 * stores synchronously, before anything else runs.
 */
import { StorageError } from '../storage/errors';
import type { SpaceStore } from '../storage/space-store';
import { createSpace, getSpace } from '../storage/spaces';
import type { Invite } from '../sync/members/invite';
import { database, lock, panicWipe, phase, registerTeardown, setPhase } from './app-state';
import { DEFAULT_GRACE_SECONDS, DEFAULT_IDLE_MINUTES, startAutoLock } from './auto-lock';
import { rekeyCampaign } from './membership';
import { rememberInviteMembership } from './membership-store';
import type { MembershipResult } from './membership-types';
import { markArriving, setCampaignServers } from './reach';
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

let stopAutoLock: (() => void) | null = null;
/** Campaign stores kept open after a rotation, closed on lock. */
const retiredStores: SpaceStore[] = [];

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

/**
 * Switches this device to another campaign space, at most once per target at a time: a device
 * that removes a member both moves itself and then sees its own rotation in the old room, and
 * the two requests must not open the new space twice.
 */
const switching = new Map<string, Promise<void>>();
function switchTo(
  spaceId: string,
  opts: { key?: Uint8Array; name?: string; state?: Uint8Array; retire?: boolean },
): Promise<void> {
  const p = phase();
  if (p.kind !== 'unlocked' || p.session.campaignMeta.id === spaceId) return Promise.resolve();
  let running = switching.get(spaceId);
  if (!running) {
    running = doSwitch(spaceId, opts).finally(() => switching.delete(spaceId));
    switching.set(spaceId, running);
  }
  return running;
}

async function doSwitch(
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
    retireActive(session);
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
  const settings = settingsOf(p.session);
  settings.set('deviceName', deviceName);
  rememberInvite(settings, invite);
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
  const settings = settingsOf(session);
  settings.set('deviceName', deviceName);
  rememberInvite(settings, invite);
  await session.personal.flush();
  history.replaceState(null, '', '#/home');
  enter(session);
}

/**
 * Keeps what a joined campaign needs from its invite: its servers (where its mailbox is), the
 * membership log's root and the invite's secret (to join the log once it arrives), and a mark that
 * it is still arriving, so Home and People say so instead of offering to add people.
 */
function rememberInvite(settings: ReturnType<typeof settingsOf>, invite: Invite) {
  if (invite.servers.length > 0) setCampaignServers(settings, invite.spaceId, invite.servers);
  if (invite.membership) rememberInviteMembership(settings, invite.spaceId, invite.membership);
  markArriving(settings, invite.spaceId);
}

/**
 * Removes a person with all their devices (admins only), in one signed step: the campaign moves to
 * a new room whose key is sealed to exactly the devices the membership log vouches for, this device
 * moves there, and keeps relaying the old room until lock so that the others find the key change.
 * The removed devices keep what they had and get nothing new.
 */
export function removePerson(personId: string): Promise<MembershipResult> {
  return rekey(personId);
}

/** Changes the campaign's key without removing anyone (admins; e.g. when the log asks for it). */
export function rotateCampaignKey(): Promise<MembershipResult> {
  return rekey(null);
}

async function rekey(personId: string | null): Promise<MembershipResult> {
  const p = phase();
  if (p.kind !== 'unlocked') return { ok: false, error: 'not-ready' };
  const session = p.session;
  const r = await rekeyCampaign(session, personId);
  if (!r.ok) return r;
  await Promise.all([session.campaign.flush(), session.personal.flush()]);
  await switchTo(r.rekeyed.newSpaceId, {
    key: r.rekeyed.newSpaceKey,
    name: session.campaignMeta.name,
    state: r.rekeyed.state,
    retire: true,
  });
  setSharingNotice('removed');
  return { ok: true };
}

export async function setup(input: SetupInput): Promise<void> {
  enter(await setupDevice(database(), input));
}

export async function restore(input: { passphrase: string; file: Uint8Array; backupPassphrase: string }) {
  enter(await restoreDevice(database(), input));
}

/**
 * Unlocks; the duress passphrase wipes everything silently and lands on first run. Once the
 * passphrase is accepted, a current home view (home-view.ts) is shown while the campaign loads.
 */
export async function unlock(passphrase: string): Promise<void> {
  try {
    enter(
      await unlockDevice(database(), passphrase, (view) => {
        if (phase().kind === 'locked') setPhase({ kind: 'opening', view });
      }),
    );
  } catch (err) {
    if (err instanceof StorageError && err.code === 'duress') {
      await panicWipe();
      return;
    }
    // The lock screen is gone once the view shows: the failure is shown in its place.
    if (phase().kind === 'opening')
      setPhase({
        kind: 'error',
        code: err instanceof StorageError ? err.code : ((err as Error).name ?? 'open-failed'),
      });
    throw err;
  }
}

/** Campaign stores kept open after a rotation, closed on lock. */
registerTeardown({
  /** Lock: timers and sync stop now; the stores are closed after the phase changed. */
  stop() {
    stopAutoLock?.();
    stopAutoLock = null;
    stopAllSync();
  },
  async close(session: Session) {
    await closeSession(session);
    for (const store of retiredStores.splice(0)) {
      await store.close();
      store.doc.destroy();
    }
  },
  /** Panic: nothing is flushed or closed, the retired stores are dropped with the database. */
  drop() {
    retiredStores.length = 0;
  },
});
