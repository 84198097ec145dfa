import { describe, expect, it } from 'vitest';
import {
  arrivingView,
  campaignServers,
  cleanServers,
  clearArriving,
  inviteServers,
  isArriving,
  isMarkedArriving,
  mailboxStateStore,
  mailboxUrl,
  markArriving,
  reachOf,
  setCampaignServers,
} from '../../../src/app/reach';
import type { SyncStatus } from '../../../src/sync/options';

const BASE = {
  state: 'connecting',
  peers: [],
  lastSyncedAt: null,
  unsentLocalChanges: false,
  rejected: { count: 0, lastReason: null },
} as unknown as SyncStatus;
const withReach = (extra: Record<string, unknown>, base: Partial<SyncStatus> = {}): SyncStatus =>
  ({ ...BASE, ...base, ...extra }) as SyncStatus;
const OWN = 'https://app.example/';

describe('campaign servers', () => {
  it('keeps only http(s) base URLs, normalized, without duplicates, credentials or junk', () => {
    expect(
      cleanServers([
        'https://a.example',
        'https://a.example/',
        'http://127.0.0.1:8080/shop',
        'javascript:alert(1)',
        'wss://x.example/mailbox',
        'https://user:pw@b.example/',
        'not a url',
        42,
      ]),
    ).toEqual(['https://a.example/', 'http://127.0.0.1:8080/shop/']);
    expect(cleanServers('https://a.example/')).toEqual([]);
  });

  it('prefers the campaign’s list, then the device’s, then the server the app came from', () => {
    const s = new Map<string, unknown>();
    expect(campaignServers(s, 'space-1', OWN)).toEqual([OWN]);
    s.set('servers', ['https://device.example/']);
    expect(campaignServers(s, 'space-1', OWN)).toEqual(['https://device.example/']);
    setCampaignServers(s, 'space-1', ['https://campaign.example']);
    expect(campaignServers(s, 'space-1', OWN)).toEqual(['https://campaign.example/']);
    expect(campaignServers(s, 'space-2', OWN)).toEqual(['https://device.example/']);
    setCampaignServers(s, 'space-1', ['', 'ftp://x']);
    expect(campaignServers(s, 'space-1', OWN)).toEqual(['https://device.example/']);
  });

  it('invites carry this app’s server first, then the campaign’s', () => {
    const s = new Map<string, unknown>();
    expect(inviteServers(s, 'sp', OWN)).toEqual([OWN]);
    setCampaignServers(s, 'sp', ['https://other.example/', OWN]);
    expect(inviteServers(s, 'sp', OWN)).toEqual([OWN, 'https://other.example/']);
  });

  it('turns a server into its mailbox WebSocket URL', () => {
    expect(mailboxUrl('https://a.example/')).toBe('wss://a.example/mailbox');
    expect(mailboxUrl('http://127.0.0.1:5173/')).toBe('ws://127.0.0.1:5173/mailbox');
    expect(mailboxUrl('https://a.example/shop/')).toBe('wss://a.example/shop/mailbox');
  });
});

describe('mailbox state blob', () => {
  it('is kept in the settings map per space, as a copy, flushed on save', async () => {
    const s = new Map<string, unknown>();
    let flushes = 0;
    const store = mailboxStateStore(s, 'sp', async () => {
      flushes++;
    });
    expect(await store.load()).toBeNull();
    const blob = new Uint8Array([1, 2, 3]);
    await store.save(blob);
    blob[0] = 9;
    expect(await store.load()).toEqual(new Uint8Array([1, 2, 3]));
    expect(flushes).toBe(1);
    s.set('mailboxState:sp', 'garbage');
    expect(await store.load()).toBeNull();
  });
});

describe('reach of a status', () => {
  it('reads an engine status without mailbox fields as mailbox off', () => {
    expect(reachOf(BASE)).toEqual({
      mailbox: { state: 'off', error: null, receiving: null },
      latest: 'seen',
      seenBy: 0,
    });
    expect(reachOf({ ...BASE, unsentLocalChanges: true }).latest).toBe('this-device');
  });

  it('passes the engine’s fields through and rejects nonsense', () => {
    const r = reachOf(
      withReach({
        mailbox: { state: 'error', error: 'quota', receiving: null },
        latest: 'mailbox',
        seenBy: 2,
      }),
    );
    expect(r).toEqual({
      mailbox: { state: 'error', error: 'quota', receiving: null },
      latest: 'mailbox',
      seenBy: 2,
    });
    const bad = reachOf(
      withReach({
        mailbox: { state: 'exploded', error: null, receiving: { received: 5, total: 0 } },
        seenBy: -1,
      }),
    );
    expect(bad.mailbox.state).toBe('off');
    expect(bad.mailbox.receiving).toBeNull();
    expect(bad.seenBy).toBe(0);
  });
});

describe('a joined campaign arriving', () => {
  const catchingUp = (received: number, total: number) =>
    withReach({ mailbox: { state: 'catching-up', error: null, receiving: { received, total } } });
  const live = withReach({ mailbox: { state: 'live', error: null, receiving: null } });

  it('arrives once it holds the campaign record and caught up (mailbox or a member)', () => {
    expect(isArriving({ marked: true, initialized: false, status: catchingUp(1, 10) })).toBe(true);
    expect(isArriving({ marked: true, initialized: true, status: catchingUp(5, 10) })).toBe(true);
    expect(isArriving({ marked: true, initialized: true, status: live })).toBe(false);
    expect(isArriving({ marked: true, initialized: true, status: { ...BASE, lastSyncedAt: 1 } })).toBe(false);
    // The mailbox was empty: still waiting for a member, never "add people".
    expect(isArriving({ marked: true, initialized: false, status: live })).toBe(true);
    // A campaign made on this device always has its record: never arriving.
    expect(isArriving({ marked: false, initialized: true, status: BASE })).toBe(false);
  });

  it('shows a percentage below 100, receiving, or waiting', () => {
    expect(arrivingView(catchingUp(1, 3))).toEqual({ kind: 'percent', percent: 33 });
    expect(arrivingView(catchingUp(10, 10))).toEqual({ kind: 'percent', percent: 99 });
    expect(
      arrivingView(withReach({ mailbox: { state: 'catching-up', error: null, receiving: null } })),
    ).toEqual({
      kind: 'receiving',
    });
    expect(arrivingView({ ...BASE, state: 'connected' })).toEqual({ kind: 'receiving' });
    expect(arrivingView(withReach({ mailbox: { state: 'offline', error: null, receiving: null } }))).toEqual({
      kind: 'waiting',
    });
  });

  it('keeps the mark in settings until cleared', () => {
    const s = new Map<string, unknown>();
    expect(isMarkedArriving(s, 'sp')).toBe(false);
    markArriving(s, 'sp');
    expect(isMarkedArriving(s, 'sp')).toBe(true);
    clearArriving(s, 'sp');
    expect(isMarkedArriving(s, 'sp')).toBe(false);
  });
});

describe('the committee’s direct-only choice', () => {
  it('is stored in the campaign meta, read only as a stored true, and written only on change', async () => {
    const Y = await import('yjs');
    const { initCampaign, readCampaignMeta, setDirectOnly } = await import('../../../src/domain');
    const doc = new Y.Doc();
    initCampaign(doc, { name: 'Local 9', by: 'dev-1' });
    expect(readCampaignMeta(doc).directOnly).toBeUndefined();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(setDirectOnly(doc, true, { by: 'dev-1' }).ok).toBe(true);
    expect(readCampaignMeta(doc).directOnly).toBe(true);
    setDirectOnly(doc, true, { by: 'dev-1' });
    expect(updates).toBe(1);
    setDirectOnly(doc, false, { by: 'dev-1' });
    expect(readCampaignMeta(doc).directOnly).toBeUndefined();
    doc.getMap('meta').set('directOnly', 'yes');
    expect(readCampaignMeta(doc).directOnly).toBeUndefined();
  });
});
