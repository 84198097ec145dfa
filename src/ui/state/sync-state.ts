/**
 * Runs sync for the unlocked session: the active campaign syncs with its members; a campaign this
 * device rotated away from keeps syncing until lock, only so that members who were offline can
 * still pick up the rotation record there (nothing new is written to it).
 *
 * What must stay true: sync starts only once the device has a name (peers see only that name);
 * signaling defaults to the server that served the app and ICE servers to none.
 */
import { createSignal } from 'solid-js';
import type { SpaceStore } from '../../storage';
import { activeMembers, forkState, listMembers, registerMember } from '../../sync/members';
import type { SyncSession, SyncStatus } from '../../sync/options';
import { rerunGuard } from '../../sync/rerun-guard';
import { checkRotations } from '../../sync/rotation';
import { type Session, settingsOf } from './session';

export interface NetworkSettings {
  signaling: string[];
  iceServers: RTCIceServer[];
}

export function defaultSignaling(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/signal`;
}

/** Signaling URLs and ICE servers from settings; a malformed entry is dropped, never guessed at. */
export function networkSettings(settings: { get(key: string): unknown }): NetworkSettings {
  const rawSignal = settings.get('signaling');
  const signaling = Array.isArray(rawSignal)
    ? rawSignal.filter((u): u is string => typeof u === 'string' && /^wss?:\/\/[^\s]+$/.test(u))
    : [];
  const rawIce = settings.get('iceServers');
  const iceServers = Array.isArray(rawIce)
    ? rawIce.filter(
        (s): s is RTCIceServer =>
          !!s &&
          typeof s === 'object' &&
          typeof (s as RTCIceServer).urls === 'string' &&
          /^(stun|turns?):/.test((s as { urls: string }).urls),
      )
    : [];
  return { signaling: signaling.length > 0 ? signaling : [defaultSignaling()], iceServers };
}

export type RotationNotice =
  | { kind: 'removed' }
  | { kind: 'moved'; by: string }
  | { kind: 'conflict' }
  | null;

const OFFLINE: SyncStatus = {
  state: 'offline',
  peers: [],
  lastSyncedAt: null,
  unsentLocalChanges: false,
  rejected: { count: 0, lastReason: null },
};

const [status, setStatus] = createSignal<SyncStatus>(OFFLINE);
const [rotationNotice, setRotationNotice] = createSignal<RotationNotice>(null);

/** A notice that must survive the screen remount a campaign switch causes (e.g. after removing someone). */
const [sharingNotice, setSharingNotice] = createSignal<'removed' | null>(null);

export { rotationNotice, setSharingNotice, sharingNotice, status as syncStatus };

let active: { session: SyncSession; store: SpaceStore; stopWatch: () => void } | null = null;
const retired: SyncSession[] = [];
let onVisible: (() => void) | null = null;

/**
 * Starts (or restarts) sync of the session's campaign. `onMove` is called when another member
 * rotated the key and this device was re-invited to the new space.
 */
export async function startCampaignSync(
  session: Session,
  onMove: (newSpaceId: string, newSpaceKey: Uint8Array, state: Uint8Array) => void,
): Promise<void> {
  stopActive();
  const settings = settingsOf(session);
  const deviceName = String(settings.get('deviceName') ?? '').trim();
  if (!deviceName) {
    setStatus(OFFLINE);
    return;
  }
  const doc = session.campaign.doc;
  await registerMember(doc, { deviceId: session.deviceId, deviceName, publicKey: session.device.publicKey });
  await session.campaign.flush();
  const net = networkSettings(settings);
  // y-webrtc and the sync engine load only when sync starts, keeping them out of the first paint.
  const { startSync } = await import('../../sync/session');
  const sync = startSync({
    doc,
    spaceKey: session.campaignMeta.key,
    spaceKind: 'campaign',
    signaling: net.signaling,
    iceServers: net.iceServers,
    deviceName,
    deviceId: session.deviceId,
    // Persist, then announce: local edits go out, and peers' updates are acknowledged, only once stored.
    whenDurable: () => session.campaign.flush(),
  });
  setStatus(sync.status());
  const off = sync.onStatus(setStatus);

  // One check at a time; a rotation that arrives during a check is checked right after it (a
  // change dropped while busy would leave this device behind in the old room for good).
  const watch = rerunGuard(async () => {
    const r = await checkRotations({ doc, spaceId: session.campaignMeta.id, self: session.device });
    if (r.kind === 'removed') setRotationNotice({ kind: 'removed' });
    else if (r.kind === 'conflict') setRotationNotice({ kind: 'conflict' });
    else if (r.kind === 'moved') {
      setRotationNotice({ kind: 'moved', by: r.by.deviceName });
      onMove(r.newSpaceId, r.newSpaceKey, forkState(doc));
      return true;
    }
    return false;
  });
  const rotations = doc.getMap('rotations');
  const observer = () => void watch();
  rotations.observe(observer);
  void watch();
  active = {
    session: sync,
    store: session.campaign,
    stopWatch: () => {
      off();
      rotations.unobserve(observer);
    },
  };
  if (!onVisible) {
    onVisible = () => {
      if (document.visibilityState === 'visible') {
        active?.session.resume();
        for (const r of retired) r.resume();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
  }
}

/** Keeps the current campaign's sync running as a relay (see the module comment) and forgets it. */
export function retireActive(): void {
  if (!active) return;
  active.stopWatch();
  retired.push(active.session);
  active = null;
}

function stopActive() {
  if (!active) return;
  active.stopWatch();
  active.session.stop();
  active = null;
}

/** Stops every sync (on lock and wipe). */
export function stopAllSync(): void {
  stopActive();
  for (const r of retired.splice(0)) r.stop();
  if (onVisible) document.removeEventListener('visibilitychange', onVisible);
  onVisible = null;
  setStatus(OFFLINE);
  setRotationNotice(null);
}

/** Active (not removed) members of the campaign, checked (self-certifying ids). */
export async function campaignMembers(session: Session) {
  return activeMembers(await listMembers(session.campaign.doc));
}

export function reconnectSync(): void {
  active?.session.reconnect();
}
