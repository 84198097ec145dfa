/**
 * One sync peer in its own Node process (wrtc allows one reliable peer per process), driven by the
 * test over IPC: `{id, cmd, args}` in, `{id, ok, result | error}` out, plus `{event:'status'}`.
 * Started by sync-harness.ts inside the test's private network namespace (loopback only).
 */
import { createHash } from 'node:crypto';
import wrtc from '@roamhq/wrtc';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { fromBase64Url } from '../../src/crypto';
import {
  checkRotations,
  type DeviceKeys,
  deviceIdForPublicKey,
  exportPublicKey,
  generateDeviceKeyPair,
  listMembers,
  registerMember,
  rotateSpaceKey,
  type SyncSession,
  type SyncStatus,
  startSync,
} from '../../src/sync';
import { generateCampaign } from '../fixtures/campaign-generator';

(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;

let doc = new Y.Doc();
let session: SyncSession | null = null;
let spaceKey = new Uint8Array(32);
let spaceId = '';
let deviceName = 'peer';
let deviceId = '';
let publicKey = '';
let keys: DeviceKeys | null = null;
let startOpts: Record<string, unknown> = {};
/** While set, "storing" is held: whenDurable waits for the `store` command (see `holdStore`). */
let storeGate: { promise: Promise<void>; open: () => void } | null = null;

const send = (m: unknown) => process.send?.(m);

/** What the membership-first gate (`start` with `gate`) last concluded from the rotations here. */
let followed = 'none';

/**
 * The gate of membership first, as an app would settle it (here with the unsigned rotations):
 * 'follow' retires the room once a rotation moved or removed this device; 'open' always lets content
 * through (a removed member who wants the returning device's edits, but follows the protocol).
 */
function membershipGate(mode: unknown): Pick<Parameters<typeof startSync>[0], 'membership'> {
  if (mode !== 'follow' && mode !== 'open') return {};
  return {
    membership: {
      settle: async () => {
        if (mode === 'open' || !keys) return 'open';
        const r = await checkRotations({ doc, spaceId, self: keys });
        if (r.kind !== 'none') followed = r.kind;
        return r.kind === 'none' ? 'open' : 'retired';
      },
    },
  };
}

/** JSON with object keys sorted at every level, so equal docs hash equally on every peer. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function digest(): { hash: string; people: number; sv: string } {
  const people = doc.getMap('people');
  return {
    hash: createHash('sha256').update(stable(people.toJSON())).digest('hex'),
    people: people.size,
    sv: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
  };
}

function waitUntil(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pred()) return resolve();
    const started = Date.now();
    const t = setInterval(() => {
      if (pred()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(t);
        reject(new Error(`timeout waiting for ${what}: ${JSON.stringify(session?.status())}`));
      }
    }, 10);
  });
}

const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
  async init(args) {
    spaceKey = fromBase64Url(args.spaceKey as string);
    spaceId = args.spaceId as string;
    deviceName = args.deviceName as string;
    const keyPair = await generateDeviceKeyPair();
    publicKey = await exportPublicKey(keyPair.publicKey);
    deviceId = await deviceIdForPublicKey(publicKey);
    keys = { deviceId, keyPair };
    doc = new Y.Doc();
    return { deviceId, publicKey };
  },
  register() {
    return registerMember(doc, { deviceId, deviceName, publicKey });
  },
  whoami() {
    return { deviceId, publicKey };
  },
  start(args) {
    startOpts = args;
    session = startSync({
      doc,
      spaceKey,
      spaceKind: 'campaign',
      signaling: args.signaling as string[],
      iceServers: [],
      deviceName,
      deviceId,
      peerOpts: { wrtc },
      ...(args.maxUpdateBytes ? { maxUpdateBytes: args.maxUpdateBytes as number } : {}),
      ...(args.knownCollections ? { knownCollections: args.knownCollections as string[] } : {}),
      ...(args.statePartBytes ? { statePartBytes: args.statePartBytes as number } : {}),
      ...membershipGate(args.gate),
      // This peer keeps no store; with `holdStore` the test decides when updates are "durable".
      whenDurable: () => storeGate?.promise ?? Promise.resolve(),
    });
    session.onStatus((status: SyncStatus) => send({ event: 'status', status }));
    return session.ready;
  },
  /** From now on, nothing counts as stored until `store`. */
  holdStore() {
    let open!: () => void;
    const promise = new Promise<void>((r) => {
      open = r;
    });
    storeGate = { promise, open };
  },
  store() {
    storeGate?.open();
    storeGate = null;
  },
  followed() {
    return followed;
  },
  stop() {
    session?.stop();
    session = null;
  },
  reconnect() {
    session?.reconnect();
  },
  status() {
    return session?.status() ?? null;
  },
  waitStatus(args) {
    const want = args as {
      state?: string;
      peers?: number;
      unsent?: boolean;
      rejectedAtLeast?: number;
      timeoutMs?: number;
    };
    return waitUntil(
      () => {
        const s = session?.status();
        if (!s) return false;
        if (want.state && s.state !== want.state) return false;
        if (want.peers !== undefined && s.peers.length < want.peers) return false;
        if (want.unsent !== undefined && s.unsentLocalChanges !== want.unsent) return false;
        if (want.rejectedAtLeast !== undefined && s.rejected.count < want.rejectedAtLeast) return false;
        return true;
      },
      want.timeoutMs ?? 15_000,
      JSON.stringify(want),
    ).then(() => session?.status());
  },
  /** Fills the doc with the project's seeded campaign (domain commands, realistic shapes). */
  generate(args) {
    const t0 = performance.now();
    generateCampaign(doc, {
      seed: (args.seed as number) ?? 1,
      people: args.people as number,
      units: 40,
      shifts: 3,
      conversations: (args.conversations as number) ?? 0,
    });
    return { ms: performance.now() - t0, bytes: Y.encodeStateAsUpdate(doc).length };
  },
  /** Every campaign name, person name and note text in the doc (for the signaling-frame check). */
  contentStrings() {
    const out = new Set<string>();
    const name = doc.getMap('meta').get('name');
    if (typeof name === 'string') out.add(name);
    for (const collection of ['people', 'conversations']) {
      for (const record of doc.getMap<unknown>(collection).values()) {
        const r = (record instanceof Y.Map ? record.toJSON() : record) as Record<string, unknown>;
        for (const field of ['name', 'notes', 'codeName']) {
          const v = r?.[field];
          if (typeof v === 'string' && v.length >= 4) out.add(v);
        }
      }
    }
    return [...out];
  },
  edit(args) {
    const at = performance.timeOrigin + performance.now();
    const people = doc.getMap<Y.Map<unknown>>('people');
    doc.transact(() => {
      let p = people.get(args.id as string);
      if (!p) {
        p = new Y.Map();
        people.set(args.id as string, p);
      }
      p.set(args.field as string, args.value);
    });
    return { at };
  },
  write(args) {
    // Writes into any top-level map (used to play a misbehaving peer).
    doc.getMap(args.collection as string).set(args.key as string, args.value);
    return digest();
  },
  digest() {
    return digest();
  },
  async members() {
    const list = await listMembers(doc);
    return {
      active: list.members.filter((m) => m.removedAt === undefined).length,
      invalid: list.invalid.length,
    };
  },
  get(args) {
    const p = doc.getMap<Y.Map<unknown>>('people').get(args.id as string);
    return p ? p.toJSON() : null;
  },
  topLevel() {
    return [...doc.share.keys()];
  },
  waitPeople(args) {
    const t0 = performance.now();
    return waitUntil(
      () => doc.getMap('people').size >= (args.count as number),
      (args.timeoutMs as number) ?? 30_000,
      'people',
    ).then(() => ({ ms: performance.now() - t0, ...digest() }));
  },
  /** Resolves when people[id][field] === value, with the wall-clock time it was first seen. */
  waitValue(args) {
    const read = () =>
      doc
        .getMap<Y.Map<unknown>>('people')
        .get(args.id as string)
        ?.get(args.field as string);
    const now = () => performance.timeOrigin + performance.now();
    if (read() === args.value) return { at: now() };
    return new Promise((resolve, reject) => {
      const target = doc;
      const check = () => {
        if (read() !== args.value) return;
        target.off('afterTransaction', check);
        clearTimeout(timer);
        resolve({ at: now() });
      };
      const timer = setTimeout(
        () => {
          target.off('afterTransaction', check);
          reject(new Error(`timeout waiting for ${String(args.id)}.${String(args.field)}`));
        },
        (args.timeoutMs as number) ?? 15_000,
      );
      target.on('afterTransaction', check);
    });
  },
  async rotate(args) {
    if (!keys) throw new Error('init first');
    const r = await rotateSpaceKey({ doc, spaceId, self: keys, remove: args.remove as string[] });
    return {
      newSpaceId: r.newSpaceId,
      newSpaceKey: Buffer.from(r.newSpaceKey).toString('base64url'),
      removed: r.rotation.removed,
    };
  },
  async checkRotation() {
    if (!keys) throw new Error('init first');
    const r = await checkRotations({ doc, spaceId, self: keys });
    if (r.kind === 'moved') {
      return {
        kind: r.kind,
        by: r.by.deviceId,
        newSpaceId: r.newSpaceId,
        newSpaceKey: Buffer.from(r.newSpaceKey).toString('base64url'),
      };
    }
    return { kind: r.kind };
  },
  /** Leaves the current space for the rotated one: the doc's full state moves to a new doc. */
  move(args) {
    session?.stop();
    const next = new Y.Doc();
    Y.applyUpdate(next, Y.encodeStateAsUpdate(doc));
    doc = next;
    spaceId = args.newSpaceId as string;
    spaceKey = fromBase64Url(args.newSpaceKey as string);
    return handlers.start?.(startOpts);
  },
};

process.on('message', async (m: { id: number; cmd: string; args?: Record<string, unknown> }) => {
  try {
    const handler = handlers[m.cmd];
    if (!handler) throw new Error(`unknown command ${m.cmd}`);
    const result = await handler(m.args ?? {});
    send({ id: m.id, ok: true, result: result ?? null });
  } catch (e) {
    send({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
process.on('disconnect', () => process.exit(0));
send({ event: 'ready' });
