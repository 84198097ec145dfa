/**
 * Reach: where a campaign's servers are, where its latest changes are, and whether a joined
 * campaign is still arriving. Pure functions over settings and a sync status, so the Sharing,
 * Home and People screens say the same thing and the logic is tested without a browser.
 *
 * What must stay true: a server list comes only from this device's settings or from an invite
 * handed over in person; anything that is not a plain http(s) URL is dropped, never guessed at.
 * The mailbox state blob is kept in the personal space (encrypted like every setting), never in
 * localStorage.
 */
import type { SyncStatus } from '../sync/options';
import { serverSocketUrl } from '../sync/server-urls';

/** A settings map (the personal space's `settings` Y.Map, or a plain Map in tests). */
export interface SettingsLike {
  get(key: string): unknown;
  set(key: string, value: unknown): unknown;
  delete(key: string): unknown;
}

/** The mailbox part of a sync status, as the UI reads it. */
export interface MailboxView {
  state: 'off' | 'connecting' | 'catching-up' | 'live' | 'offline' | 'error';
  error: string | null;
  receiving: { received: number; total: number } | null;
}

/** Where the latest changes of this device are. */
export interface Reach {
  mailbox: MailboxView;
  latest: 'this-device' | 'mailbox' | 'seen';
  seenBy: number;
}

const MAILBOX_STATES = new Set<MailboxView['state']>([
  'off',
  'connecting',
  'catching-up',
  'live',
  'offline',
  'error',
]);

/**
 * Reads the delivery fields of a status defensively: a status without them (an engine that runs
 * without a mailbox) reads as mailbox off, latest = seen when a peer confirmed, else this device.
 */
export function reachOf(status: SyncStatus): Reach {
  const raw = status as SyncStatus & Partial<Reach>;
  const m = raw.mailbox;
  const state = m && MAILBOX_STATES.has(m.state) ? m.state : 'off';
  const r = m?.receiving;
  const receiving =
    r && Number.isFinite(r.received) && Number.isFinite(r.total) && r.total > 0
      ? { received: Math.max(0, Math.min(r.received, r.total)), total: r.total }
      : null;
  const latest =
    raw.latest === 'this-device' || raw.latest === 'mailbox' || raw.latest === 'seen'
      ? raw.latest
      : status.unsentLocalChanges
        ? 'this-device'
        : 'seen';
  const seenBy = typeof raw.seenBy === 'number' && raw.seenBy >= 0 ? Math.floor(raw.seenBy) : 0;
  return { mailbox: { state, error: m?.error ?? null, receiving }, latest, seenBy };
}

/** Keeps only http(s) base URLs, normalized to end in `/`, without query, fragment or duplicates. */
export function cleanServers(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list.slice(0, 8)) {
    if (typeof item !== 'string' || item.length > 500) continue;
    let url: URL;
    try {
      url = new URL(item.trim());
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (url.username || url.password) continue;
    const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    const base = `${url.origin}${path}`;
    if (!out.includes(base)) out.push(base);
  }
  return out;
}

/** This app's own server as a base URL: the origin that served it. */
export function ownServer(loc: Pick<Location, 'origin'> = location): string {
  return `${loc.origin}/`;
}

const serversKey = (spaceId: string) => `servers:${spaceId}`;
const stateKey = (spaceId: string) => `mailboxState:${spaceId}`;
const arrivingKey = (spaceId: string) => `arriving:${spaceId}`;

/**
 * The campaign's servers: those stored for it (from its invite, or edited under Advanced), else
 * the device-wide list, else the server that served the app.
 */
export function campaignServers(settings: SettingsLike, spaceId: string, own = ownServer()): string[] {
  const mine = cleanServers(settings.get(serversKey(spaceId)));
  if (mine.length > 0) return mine;
  const all = cleanServers(settings.get('servers'));
  return all.length > 0 ? all : [own];
}

/** Stores the campaign's server list (an empty list falls back to the defaults). */
export function setCampaignServers(settings: SettingsLike, spaceId: string, servers: unknown): void {
  const clean = cleanServers(servers);
  if (clean.length > 0) settings.set(serversKey(spaceId), clean);
  else settings.delete(serversKey(spaceId));
}

/** The servers an invite made on this device carries: this app's server first, then the campaign's. */
export function inviteServers(settings: SettingsLike, spaceId: string, own = ownServer()): string[] {
  return cleanServers([own, ...campaignServers(settings, spaceId, own)]);
}

/** The mailbox WebSocket URL of a server base URL (`https://h/p/` → `wss://h/p/mailbox`). */
export function mailboxUrl(base: string): string {
  return serverSocketUrl(base, 'mailbox');
}

/** The opaque per-space mailbox state blob, kept in the personal space. */
export function mailboxStateStore(
  settings: SettingsLike,
  spaceId: string,
  flush: () => Promise<void>,
): { load(): Promise<Uint8Array | null>; save(state: Uint8Array): Promise<void> } {
  return {
    async load() {
      const v = settings.get(stateKey(spaceId));
      return v instanceof Uint8Array ? v : null;
    },
    async save(state) {
      settings.set(stateKey(spaceId), state.slice());
      await flush();
    },
  };
}

/** Forgets a space's mailbox state (after its mailbox was retired). */
export function forgetMailboxState(settings: SettingsLike, spaceId: string): void {
  settings.delete(stateKey(spaceId));
}

/** Marks a just-joined campaign as arriving until its first catch-up. */
export function markArriving(settings: SettingsLike, spaceId: string): void {
  settings.set(arrivingKey(spaceId), true);
}

export function isMarkedArriving(settings: SettingsLike, spaceId: string): boolean {
  return settings.get(arrivingKey(spaceId)) === true;
}

export function clearArriving(settings: SettingsLike, spaceId: string): void {
  settings.delete(arrivingKey(spaceId));
}

/**
 * Whether a campaign is still arriving: it was just joined (or has no campaign record at all, which
 * a campaign created on a device always has) and has not yet caught up with the mailbox or synced
 * with a member while holding the campaign.
 */
export function isArriving(opts: { marked: boolean; initialized: boolean; status: SyncStatus }): boolean {
  if (!opts.marked && opts.initialized) return false;
  const reach = reachOf(opts.status);
  const caughtUp = reach.mailbox.state === 'live' || opts.status.lastSyncedAt !== null;
  return !(opts.initialized && caughtUp);
}

/** What the arriving notice says: a percentage, receiving without one, or waiting. */
export type ArrivingView = { kind: 'percent'; percent: number } | { kind: 'receiving' } | { kind: 'waiting' };

export function arrivingView(status: SyncStatus): ArrivingView {
  const reach = reachOf(status);
  const r = reach.mailbox.receiving;
  if (r) return { kind: 'percent', percent: Math.min(99, Math.floor((r.received / r.total) * 100)) };
  if (status.state === 'connected' || reach.mailbox.state === 'catching-up') return { kind: 'receiving' };
  return { kind: 'waiting' };
}
