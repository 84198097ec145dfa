/**
 * Runs sync for the unlocked session: the active campaign syncs with its members; a campaign this
 * device rotated away from keeps syncing until lock, only so that members who were offline can
 * still pick up the rotation record there (nothing new is written to it).
 *
 * Delivery runs over two paths (docs/mailbox.md): direct WebRTC, and the mailbox on the campaign's
 * servers (stored per campaign from its invite; default: the server that served the app), unless
 * the committee chose direct-only (`meta.directOnly`). The mailbox's opaque per-space state is
 * kept in the personal space. A rotated-away campaign keeps relaying directly only: its mailbox is
 * retired and its connection closed, so no server sees one device in the old and new mailbox.
 *
 * What must stay true: sync starts only once the device has a name (peers see only that name);
 * signaling defaults to the server that served the app and ICE servers to none.
 */
import { createSignal } from 'solid-js';
import type * as Y from 'yjs';
import { readCampaignMeta } from '../domain';
import type { SpaceStore } from '../storage';
import { activeMembers, listMembers } from '../sync/members/devices';
import type { SyncOptions, SyncSession, SyncStatus } from '../sync/options';
import { pageSocketUrl } from '../sync/server-urls';
import { campaignAuthorship } from './authorship';
import { followKeyChange, type OnMove, type RotationNotice } from './membership-follow';
import { type RoomGate, roomGate } from './membership-gate';
import { ensureMembership } from './membership-store';
import { claimOwnClients } from './own-clients';
import {
  campaignServers,
  clearArriving,
  forgetMailboxState,
  isArriving,
  isMarkedArriving,
  mailboxStateStore,
  mailboxUrl,
  reachOf,
} from './reach';
import { type Session, settingsOf } from './session';

/** The mailbox option of `startSync` (`null`: direct only). */
type MailboxOption = SyncOptions['mailbox'];

export interface NetworkSettings {
  signaling: string[];
  iceServers: RTCIceServer[];
}

export function defaultSignaling(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return pageSocketUrl('signal', loc);
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

export type { RotationNotice } from './membership-follow';

/**
 * No session runs (not named yet, locked, between two rooms): nothing is known to have left this
 * phone, so nothing is said to have (the Sharing screen says the changes are only here).
 */
const OFFLINE: SyncStatus = {
  state: 'offline',
  peers: [],
  lastSyncedAt: null,
  unsentLocalChanges: true,
  rejected: { count: 0, lastReason: null },
  mailbox: { state: 'off', error: null, receiving: null },
  latest: 'this-device',
  seenBy: 0,
};

const [status, setStatus] = createSignal<SyncStatus>(OFFLINE);
/** True while the active campaign was just joined and has not arrived yet (reach.ts `isArriving`). */
const [arriving, setArriving] = createSignal(false);
const [rotationNotice, setRotationNotice] = createSignal<RotationNotice>(null);

/** A notice that must survive the screen remount a campaign switch causes (e.g. after removing someone). */
const [sharingNotice, setSharingNotice] = createSignal<'removed' | null>(null);

export {
  arriving as campaignArriving,
  rotationNotice,
  setSharingNotice,
  sharingNotice,
  status as syncStatus,
};

interface ActiveSync {
  session: SyncSession;
  store: SpaceStore;
  options: SyncOptions;
  gate: RoomGate;
  stopWatch: () => void;
}
let active: ActiveSync | null = null;
/** Rotated-away campaigns still relaying directly (the session may be swapped once its mailbox retires). */
const retired: { current: SyncSession }[] = [];
let onVisible: (() => void) | null = null;

/**
 * Starts (or restarts) sync of the session's campaign. `onMove` is called when another member
 * rotated the key and this device was re-invited to the new space.
 */
export async function startCampaignSync(session: Session, onMove: OnMove): Promise<void> {
  stopActive();
  const settings = settingsOf(session);
  markArriving(session, settings);
  const deviceName = String(settings.get('deviceName') ?? '').trim();
  if (!deviceName) {
    setStatus(OFFLINE);
    return;
  }
  const doc = session.campaign.doc;
  // This device's whole list of sessions, this one's added, is signed again (own-clients.ts): a
  // record another member tampered with is repaired here.
  await claimOwnClients(session, deviceName);
  // The membership log is settled (founded, joined) and key changes are followed before anything
  // is sent: a device the log moved or removed never syncs the old room's news from here.
  await ensureMembership(session);
  await Promise.all([session.campaign.flush(), session.personal.flush()]);
  if (await followKeyChange(session, onMove, setRotationNotice)) return;
  const net = networkSettings(settings);
  const spaceId = session.campaignMeta.id;
  const directOnly = readCampaignMeta(doc).directOnly === true;
  const mailbox = directOnly ? null : mailboxOption(session, settings, spaceId);
  // y-webrtc and the sync engine load only when sync starts, keeping them out of the first paint.
  const { startSync } = await import('../sync/session');
  // Membership first: every peer and every mailbox catch-up settles the log before content.
  const gate = roomGate(session, onMove, setRotationNotice);
  // Verified authorship: entries are signed, and others' checked against the verified log.
  const author = campaignAuthorship(session);
  const options = {
    ...campaignSyncOptions(session, doc, { net, deviceName, mailbox }),
    membership: gate,
    authorship: author.authorship,
  };
  const sync = startSync(options);
  const stopArriving = watchArriving(session, sync);
  setStatus(sync.status());
  const off = sync.onStatus(setStatus);
  const stopRotations = watchRotations(gate, doc);
  const stopDirectOnly = watchDirectOnly(session, onMove, doc, { sync, directOnly });
  active = {
    session: sync,
    store: session.campaign,
    options,
    gate,
    stopWatch: () => {
      off();
      author.stop();
      stopArriving();
      stopRotations();
      stopDirectOnly();
    },
  };
  resumeWhenVisible();
}

/**
 * Decided before anything is awaited, so a just-joined campaign never paints the empty state
 * ("No coworkers yet") while sync is still starting (or waits for this device's name).
 */
function markArriving(session: Session, settings: ReturnType<typeof settingsOf>): void {
  setArriving(
    isArriving({
      marked: isMarkedArriving(settings, session.campaignMeta.id),
      initialized: readCampaignMeta(session.campaign.doc).createdAt !== undefined,
      status: OFFLINE,
    }),
  );
}

/** The campaign's mailbox servers, with its opaque per-space state kept in the personal space. */
function mailboxOption(
  session: Session,
  settings: ReturnType<typeof settingsOf>,
  spaceId: string,
): MailboxOption {
  return {
    urls: campaignServers(settings, spaceId).map(mailboxUrl),
    ...mailboxStateStore(settings, spaceId, () => session.personal.flush()),
  };
}

function campaignSyncOptions(
  session: Session,
  doc: Y.Doc,
  { net, deviceName, mailbox }: { net: NetworkSettings; deviceName: string; mailbox: MailboxOption },
): SyncOptions {
  return {
    doc,
    spaceKey: session.campaignMeta.key,
    spaceKind: 'campaign',
    signaling: net.signaling,
    iceServers: net.iceServers,
    deviceName,
    deviceId: session.deviceId,
    // Persist, then announce: local edits go out, and peers' updates are acknowledged, only once stored.
    whenDurable: () => session.campaign.flush(),
    mailbox,
  };
}

/**
 * Follows the campaign's key rotations (removed, conflict, or moved to a new space: `onMove`).
 * One check at a time, shared with the room's gate; a rotation that arrives during a check is
 * checked right after it (a change dropped while busy would leave this device behind for good).
 */
function watchRotations(gate: RoomGate, doc: Y.Doc): () => void {
  const maps = [doc.getMap('rotations'), doc.getMap('membership')];
  const observer = () => void gate.follow();
  for (const m of maps) m.observe(observer);
  void gate.follow();
  return () => {
    for (const m of maps) m.unobserve(observer);
  };
}

/** The committee's direct-only choice can arrive from a member: restart with or without the mailbox. */
function watchDirectOnly(
  session: Session,
  onMove: OnMove,
  doc: Y.Doc,
  { sync, directOnly }: { sync: SyncSession; directOnly: boolean },
): () => void {
  const meta = doc.getMap('meta');
  const onMeta = () => {
    if ((readCampaignMeta(doc).directOnly === true) !== directOnly && active?.session === sync)
      void startCampaignSync(session, onMove);
  };
  meta.observe(onMeta);
  return () => meta.unobserve(onMeta);
}

/** Once per page: back in view, every running session (active and rotated-away) resumes. */
function resumeWhenVisible(): void {
  if (onVisible) return;
  onVisible = () => {
    if (document.visibilityState === 'visible') {
      active?.session.resume();
      for (const r of retired) r.current.resume();
    }
  };
  document.addEventListener('visibilitychange', onVisible);
}

/**
 * Keeps relaying the current campaign directly (see the module comment) and forgets it. Its
 * mailbox first gets what is still pending (the rotation record, so members who were offline find
 * it there), bounded in time; then the connection is closed and the mailbox retired, so removed
 * devices can add nothing and no server sees this device in both the old and the new mailbox.
 */
export function retireActive(session?: Session): void {
  if (!active) return;
  const old = active;
  active = null;
  old.gate.retire(); // a rotated-away room carries only membership records from now on
  old.stopWatch();
  // Until the new room's session reports, the status names no peer of the room it left (those
  // links may reach removed devices; they now carry only membership records).
  setStatus((s) => ({ ...s, state: s.state === 'offline' ? 'offline' : 'connecting', peers: [] }));
  setArriving(false);
  const parked = { current: old.session };
  retired.push(parked);
  void (async () => {
    const box = old.options.mailbox;
    if (!box) return;
    await settled(old.session, RETIRE_WAIT_MS);
    const { startSync, retireMailbox } = (await import(
      '../sync/session'
    )) as typeof import('../sync/session') & {
      retireMailbox?: (spaceKey: Uint8Array, urls: readonly string[]) => Promise<unknown>;
    };
    if (!retired.includes(parked)) return; // locked meanwhile
    old.session.stop();
    parked.current = startSync({ ...old.options, mailbox: null });
    await retireMailbox(old.options.spaceKey, box.urls).catch(() => {});
    if (session) {
      forgetMailboxState(settingsOf(session), old.store.spaceId);
      await session.personal.flush().catch(() => {});
    }
  })();
}

/** How long a rotated-away campaign's mailbox may take to get what is pending before it is retired. */
const RETIRE_WAIT_MS = 30_000;

/** Resolves once nothing of this device waits for the mailbox, the mailbox is unreachable, or at `ms`. */
function settled(sync: SyncSession, ms: number): Promise<void> {
  const done = (s: SyncStatus) => {
    const r = reachOf(s);
    return r.latest !== 'this-device' || ['off', 'offline', 'error'].includes(r.mailbox.state);
  };
  if (done(sync.status())) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(finish, ms);
    const off = sync.onStatus((s) => {
      if (done(s)) finish();
    });
  });
}

/**
 * Tracks whether the active campaign is still arriving, and forgets the mark once it has arrived
 * (caught up with the mailbox or synced with a member, holding the campaign record).
 */
function watchArriving(session: Session, sync: SyncSession): () => void {
  const settings = settingsOf(session);
  const spaceId = session.campaignMeta.id;
  const doc = session.campaign.doc;
  const check = () => {
    const marked = isMarkedArriving(settings, spaceId);
    const now = isArriving({
      marked,
      initialized: readCampaignMeta(doc).createdAt !== undefined,
      status: sync.status(),
    });
    setArriving(now);
    if (!now && marked) {
      clearArriving(settings, spaceId);
      void session.personal.flush().catch(() => {});
    }
    return now;
  };
  if (!check()) return () => {};
  const offStatus = sync.onStatus(() => void check());
  const onUpdate = () => void check();
  doc.on('update', onUpdate);
  return () => {
    offStatus();
    doc.off('update', onUpdate);
  };
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
  for (const r of retired.splice(0)) r.current.stop();
  if (onVisible) document.removeEventListener('visibilitychange', onVisible);
  onVisible = null;
  setStatus(OFFLINE);
  setArriving(false);
  setRotationNotice(null);
}

/** Active (not removed) members of the campaign, checked (self-certifying ids). */
export async function campaignMembers(session: Session) {
  return activeMembers(await listMembers(session.campaign.doc));
}

export function reconnectSync(): void {
  active?.session.reconnect();
}
