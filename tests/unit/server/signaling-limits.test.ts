/**
 * The signaling server's abuse limits (docs/threat-model.md, "The signaling server cannot be
 * monopolised"): connections per address, publishing only to subscribed topics, the fan-out byte
 * budget per sender, and no room size in relayed messages; then a bounded loopback load test of all
 * of them at their defaults. Clients connect from several loopback addresses (127.0.0.x) so the
 * per-address cap can be told apart from the total.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, type ServerOptions, startServer } from '../../../src/server/server';
import { WebSocket } from '../../../src/server/ws';
import { waitFor } from '../../support/server';

const running: RunningServer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(opts: ServerOptions = {}): Promise<RunningServer & { ws: string }> {
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    root: 'does-not-exist',
    mailbox: false,
    ...opts,
  });
  running.push(server);
  return { ...server, ws: `${server.url.replace('http', 'ws')}signal` };
}

/** A raw client: every text frame it receives, and how it closed. */
interface Peer {
  ws: WebSocket;
  frames: string[];
  /** Bytes of every frame received. */
  bytes: () => number;
  closed: Promise<number>;
  send(message: unknown): void;
}

/** Opens a socket from `from` (a loopback address); rejects with the HTTP status when refused. */
function open(url: string, from = '127.0.0.1'): Promise<Peer> {
  const ws = new WebSocket(url, { localAddress: from });
  sockets.push(ws);
  const frames: string[] = [];
  let bytes = 0;
  ws.on('message', (data) => {
    const text = data.toString();
    bytes += Buffer.byteLength(text);
    frames.push(text);
  });
  ws.on('error', () => {});
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({ ws, frames, bytes: () => bytes, closed, send: (m) => ws.send(JSON.stringify(m)) }),
    );
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Resolves once the server has handled everything `p` sent so far (its pong arrived). */
async function sync(p: Peer): Promise<void> {
  const pongs = () => p.frames.filter((f) => f === '{"type":"pong"}').length;
  const before = pongs();
  p.send({ type: 'ping' });
  await waitFor(() => pongs() > before, 10_000);
}

const publishes = (p: Peer, data?: string) =>
  p.frames.filter(
    (f) => f.startsWith('{"type":"publish"') && (data === undefined || f.includes(`"${data}"`)),
  );

describe('connections per address', () => {
  it('refuses upgrades past the cap with 429, per address, and frees a slot when one closes', async () => {
    const lines: string[] = [];
    const s = await start({ maxConnectionsPerAddress: 3, log: (l) => lines.push(l) });
    const mine = [await open(s.ws), await open(s.ws), await open(s.ws)];
    await expect(open(s.ws)).rejects.toThrow('HTTP 429');
    // Another address is not affected.
    const other = await open(s.ws, '127.0.0.2');
    other.send({ type: 'subscribe', topics: ['t'] });
    other.send({ type: 'publish', topic: 't', data: 'hello' });
    await waitFor(() => publishes(other, 'hello').length === 1);
    mine[0]?.ws.close();
    await waitFor(() => s.signaling.connectionCount() === 3);
    await open(s.ws);
    expect(s.signaling.counters().refusedPerAddress).toBe(1);
    expect(lines.some((l) => /per-address limit/.test(l))).toBe(true);
    for (const line of lines) expect(line).not.toMatch(/127\.0\.0\.|::1/);
  });

  it('counts concurrent upgrades, so a burst of them cannot overshoot the cap', async () => {
    const s = await start({ maxConnectionsPerAddress: 5 });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => open(s.ws)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(s.signaling.connectionCount()).toBe(5);
  });
});

describe('publishing', () => {
  it('a socket not subscribed to a topic cannot publish to it, and nobody learns a room size', async () => {
    const s = await start();
    const members = [await open(s.ws), await open(s.ws)];
    for (const m of members) m.send({ type: 'subscribe', topics: ['room'] });
    await Promise.all(members.map(sync));
    const outsider = await open(s.ws, '127.0.0.2');
    outsider.send({ type: 'publish', topic: 'room', data: 'spam' });
    await sync(outsider);
    await Promise.all(members.map(sync));
    expect(members.flatMap((m) => publishes(m))).toEqual([]);
    expect(s.signaling.counters().publishesUnsubscribed).toBe(1);

    // Subscribed, the outsider's publish goes through: without a count of the room's members.
    outsider.send({ type: 'subscribe', topics: ['room'] });
    outsider.send({ type: 'publish', topic: 'room', data: 'hi', clients: 1000 });
    for (const p of [...members, outsider]) await waitFor(() => publishes(p, 'hi').length === 1);
    for (const p of [...members, outsider])
      expect(publishes(p, 'hi')).toEqual(['{"type":"publish","topic":"room","data":"hi"}']);
  });
});

describe('fan-out budget', () => {
  it('drops a sender’s publishes over its byte budget, closes it (1008) on sustained abuse, and spares others', async () => {
    const lines: string[] = [];
    // Each relay of a 100-byte publish to 4 sockets costs about 400 bytes: the burst allows 5.
    const s = await start({ fanoutBurstBytes: 2000, fanoutBytesPerSecond: 10, log: (l) => lines.push(l) });
    const room = await Promise.all(Array.from({ length: 4 }, () => open(s.ws)));
    for (const p of room) p.send({ type: 'subscribe', topics: ['room'] });
    await Promise.all(room.map(sync));
    const [flooder, honest] = room as [Peer, Peer];
    const pad = 'x'.repeat(50);
    for (let i = 0; i < 8; i++) flooder.send({ type: 'publish', topic: 'room', data: `f${i}-${pad}` });
    await sync(flooder);
    expect(publishes(honest).length).toBe(5);
    expect(s.signaling.counters().publishesOverBudget).toBe(3);
    expect(flooder.ws.readyState).toBe(WebSocket.OPEN); // dropped, not yet closed
    // Another sender in the same room has a budget of its own.
    honest.send({ type: 'publish', topic: 'room', data: 'honest' });
    await waitFor(() => room.every((p) => p === flooder || publishes(p, 'honest').length === 1));
    // Dropping a whole burst's worth more closes the flooder.
    for (let i = 0; i < 10; i++) flooder.send({ type: 'publish', topic: 'room', data: `g${i}-${pad}` });
    expect(await flooder.closed).toBe(1008);
    expect(s.signaling.counters().closedOverBudget).toBe(1);
    expect(lines.filter((l) => /fan-out budget/.test(l))).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/\(\d+ open\)$/);
  });

  it('refills: a sender that pauses is not closed for a burst a while ago', async () => {
    // A slow refill (2 bytes a millisecond), so the third publish of a round is dropped even when a
    // loaded machine spreads the three over a long while: it would need about 190 ms of refill.
    const s = await start({ fanoutBurstBytes: 1000, fanoutBytesPerSecond: 2_000 });
    const a = await open(s.ws);
    a.send({ type: 'subscribe', topics: ['t'] });
    const data = 'y'.repeat(420);
    for (let round = 0; round < 5; round++) {
      // Three publishes of ~460 bytes: the third is over the 1000-byte burst and dropped.
      for (let i = 0; i < 3; i++) a.send({ type: 'publish', topic: 't', data });
      await sync(a);
      // What two publishes took refills in about 460 ms; the wait only has to be at least that long.
      await new Promise((r) => setTimeout(r, 700));
    }
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    expect(publishes(a)).toHaveLength(10);
    expect(s.signaling.counters()).toMatchObject({ publishesOverBudget: 5, closedOverBudget: 0 });
  });
});

describe('bounded loopback load test at the default limits', () => {
  it('one address cannot take every slot: 200 attempts get the cap of 32, another address still connects', async () => {
    const s = await start();
    const t0 = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => open(s.ws)));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter(
      (r) => r.status === 'rejected' && /HTTP 429/.test(String(r.reason)),
    ).length;
    expect(ok).toBe(s.signaling.limits.maxConnectionsPerAddress);
    expect(refused).toBe(200 - ok);
    const organizer = await open(s.ws, '127.0.0.2');
    organizer.send({ type: 'subscribe', topics: ['campaign'] });
    organizer.send({ type: 'publish', topic: 'campaign', data: 'announce' });
    await waitFor(() => publishes(organizer, 'announce').length === 1, 10_000);
    console.info(
      `signaling load: 200 upgrades from one address in ${Math.round(performance.now() - t0)} ms: ${ok} accepted, ${refused} refused (429); another address connected`,
    );
  }, 60_000);

  it('a flood publisher to a 50-subscriber room is cut off within its budget while a pair in another room keeps talking', async () => {
    const s = await start({ maxConnectionsPerAddress: 64 });
    const { fanoutBurstBytes, fanoutBytesPerSecond } = s.signaling.limits;
    const subscribers = await Promise.all(Array.from({ length: 50 }, () => open(s.ws)));
    for (const p of subscribers) p.send({ type: 'subscribe', topics: ['big-room'] });
    await Promise.all(subscribers.map(sync));
    const [alice, bob] = [await open(s.ws, '127.0.0.3'), await open(s.ws, '127.0.0.4')];
    for (const p of [alice, bob]) p.send({ type: 'subscribe', topics: ['small-room'] });
    await Promise.all([sync(alice), sync(bob)]);

    const flooder = await open(s.ws, '127.0.0.2');
    flooder.send({ type: 'subscribe', topics: ['big-room'] });
    await sync(flooder);
    const t0 = performance.now();
    // 200 messages of 44 KiB (the old measurement: 8.8 MiB in), within the message-rate burst.
    const payload = 'z'.repeat(44 * 1024);
    let sentBytes = 0;
    for (let i = 0; i < 200; i++) {
      const text = JSON.stringify({ type: 'publish', topic: 'big-room', data: `${i}:${payload}` });
      sentBytes += Buffer.byteLength(text);
      flooder.ws.send(text);
    }
    // Meanwhile the pair in the other room takes turns, 20 round trips.
    for (let i = 0; i < 20; i++) {
      alice.send({ type: 'publish', topic: 'small-room', data: `a${i}` });
      await waitFor(() => publishes(bob, `a${i}`).length === 1, 10_000);
      bob.send({ type: 'publish', topic: 'small-room', data: `b${i}` });
      await waitFor(() => publishes(alice, `b${i}`).length === 1, 10_000);
    }
    expect(await flooder.closed).toBe(1008);
    const elapsed = (performance.now() - t0) / 1000;
    await Promise.all(subscribers.map(sync));

    const c = s.signaling.counters();
    const received = subscribers.reduce(
      (n, p) => n + publishes(p).reduce((m, f) => m + Buffer.byteLength(f), 0),
      0,
    );
    // Everything relayed for the flooder fits its burst plus what refilled while it ran.
    expect(received).toBeLessThanOrEqual(fanoutBurstBytes + fanoutBytesPerSecond * elapsed);
    expect(c.fanoutBytesOut).toBeLessThanOrEqual(
      fanoutBurstBytes + fanoutBytesPerSecond * elapsed + 64 * 1024,
    );
    expect(c.closedOverBudget).toBe(1);
    expect(c.publishesOverBudget).toBeGreaterThan(0);
    expect(alice.ws.readyState).toBe(WebSocket.OPEN);
    expect(bob.ws.readyState).toBe(WebSocket.OPEN);
    const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.info(
      `signaling load: flooder sent ${mib(sentBytes)} MiB to a 51-socket room; server relayed ${mib(c.fanoutBytesOut)} MiB ` +
        `(${mib(received)} MiB reached the 50 subscribers; ${(c.fanoutBytesOut / sentBytes).toFixed(1)}x, was ~96x) in ${elapsed.toFixed(1)} s; ` +
        `${c.publishesOverBudget} publishes dropped, flooder closed 1008; 20 round trips in the other room all delivered`,
    );
  }, 60_000);
});
