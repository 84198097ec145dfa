/**
 * The mailbox's figures for `npm run bench` (docs/mailbox.md), each with a same-run baseline:
 * - a fresh join of the big campaign from the mailbox alone, and the catch-up of 50 edits made
 *   while a phone was away, in real Chromium (mailbox-browser.ts);
 * - edit-to-visible latency between two Chromium phones through the relay vs direct WebRTC
 *   (mailbox-latency.ts, inside a loopback-only network namespace when this runs as root; without
 *   one the direct path is skipped and the reason printed);
 * - the load test (tests/load/mailbox-load.ts, the server in its own process): relay latency and
 *   the server's memory at 1,000 mailboxes × 5 clients (`--quick`: 200) against the same at 100
 *   (`--quick`: 20).
 * Figures, not assertions: a part that fails prints why and the others still run.
 */
import { resolve } from 'node:path';
import { startServer } from '../../src/server/server';
import { Netns, namespaceSupport } from '../integration/sync-harness';
import { type MailboxLoadReport, runMailboxLoad } from '../load/mailbox-load';
import { appBuild } from './app-build';
import { benchMailboxBrowser } from './mailbox-browser';
import { type EditLatency, measureEditLatency } from './mailbox-latency';
import { median, percentile, record } from './report';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs every mailbox figure; `quick` uses smaller sizes. */
export async function benchMailbox(opts: { quick?: boolean } = {}): Promise<void> {
  const quick = opts.quick ?? false;
  await part('fresh join and catch-up', () => joinAndCatchUp(quick));
  await part('relay vs direct latency', () => relayVsDirect(quick ? 10 : 20));
  await part('load test', () => load(quick));
}

async function part(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    console.log(`mailbox ${name}: not measured (${(err as Error).stack ?? String(err)})`);
  }
}

async function joinAndCatchUp(quick: boolean): Promise<void> {
  const server = await startServer({ port: 0, host: '127.0.0.1', root: await appBuild() });
  try {
    const people = quick ? 1000 : 8000;
    await benchMailboxBrowser(server, {
      people,
      conversations: quick ? 3750 : 30_000,
      edits: 50,
      catchUps: quick ? 1 : 3,
    });
  } finally {
    await server.close();
  }
}

/** Runs mailbox-latency.ts inside a fresh loopback-only namespace and returns its samples. */
async function latencyInNamespace(root: string, edits: number): Promise<EditLatency> {
  const ns = await Netns.create();
  try {
    const proc = ns.spawn(process.execPath, [
      '--import',
      'tsx',
      resolve(ROOT, 'tests/bench/mailbox-latency.ts'),
      root,
      String(edits),
    ]);
    let out = '';
    let err = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => proc.kill('SIGTERM'), 20 * 60_000);
      proc.once('exit', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    const line = out.split('\n').find((l) => l.startsWith('BENCH-RESULT '));
    if (code !== 0 || !line) throw new Error(`latency script exited with ${code}: ${err}`);
    return JSON.parse(line.slice('BENCH-RESULT '.length)) as EditLatency;
  } finally {
    ns.close();
  }
}

async function relayVsDirect(edits: number): Promise<void> {
  const root = await appBuild();
  const why = namespaceSupport();
  let result: EditLatency;
  if (why) {
    console.log(`mailbox latency: direct WebRTC skipped (${why}); the relay alone is measured`);
    result = await measureEditLatency(root, edits, { direct: false });
  } else {
    result = await latencyInNamespace(root, edits);
  }
  if (result.directSkipped) console.log(`mailbox latency: direct not measured (${result.directSkipped})`);
  if (result.directNote) console.log(`mailbox latency: ${result.directNote}`);
  const direct = result.direct;
  const label = `median of ${result.relay.length} edits, quick add on A → B's home counts it, two Chromium phones`;
  record({
    figure: `mailbox: edit-to-visible latency through the relay (no RTCPeerConnection on B), ${label}`,
    value: median(result.relay),
    unit: 'ms',
    ...(direct ? { baseline: median(direct) } : {}),
    note: direct
      ? 'baseline: the same over direct WebRTC only (campaign set to direct only, loopback-only namespace)'
      : 'direct not measured',
  });
  record({
    figure: 'mailbox: edit-to-visible latency through the relay, p95',
    value: percentile(result.relay, 95),
    unit: 'ms',
    ...(direct ? { baseline: percentile(direct, 95) } : {}),
  });
  if (direct) {
    console.log(`mailbox latency: direct samples ${direct.map((x) => x.toFixed(0)).join(', ')}`);
    console.log(`mailbox latency: relay samples ${result.relay.map((x) => x.toFixed(0)).join(', ')}`);
  }
}

async function load(quick: boolean): Promise<void> {
  const big = quick ? 200 : 1000;
  const small = quick ? 20 : 100;
  const run = (mailboxes: number) =>
    runMailboxLoad({
      mailboxes,
      clientsPerMailbox: 5,
      maxSeconds: quick ? 60 : 180,
      serverProcess: true,
      log: (l) => console.log(`  ${l}`),
    });
  const base = await run(small);
  const full = await run(big);
  const label = (r: MailboxLoadReport) =>
    `${r.mailboxes.toLocaleString('en')} mailboxes × 5 clients (${r.sockets.toLocaleString('en')} sockets, ${r.backend})`;
  const status = (r: MailboxLoadReport) =>
    `${r.deliveries}/${r.deliveriesExpected} deliveries, ${r.errors} errors${r.complete ? '' : ', INCOMPLETE'}`;
  const note = `baseline: ${label(base)}; ${status(full)} vs ${status(base)}`;
  record({
    figure: `mailbox load: relay latency p50 (append sent → entry at a reader), ${label(full)}`,
    value: full.latencyMs.p50,
    unit: 'ms',
    baseline: base.latencyMs.p50,
    note,
  });
  record({
    figure: `mailbox load: relay latency p95, ${label(full)}`,
    value: full.latencyMs.p95,
    unit: 'ms',
    baseline: base.latencyMs.p95,
    note,
  });
  // The server's own process: its peak, and what it still holds once every client left.
  const server = (r: MailboxLoadReport) =>
    r.serverMemory ?? {
      before: { rssMB: NaN, heapMB: NaN },
      peakRssMB: NaN,
      afterClients: { rssMB: NaN, heapMB: NaN },
    };
  record({
    figure: `mailbox load: the server's peak RSS during the run (its own process), ${label(full)}`,
    value: server(full).peakRssMB,
    unit: 'MB',
    baseline: server(base).peakRssMB,
    note: `server before ${server(full).before.rssMB} MB RSS / ${server(full).before.heapMB} MB heap; after every client closed ${server(full).afterClients.rssMB} MB RSS / ${server(full).afterClients.heapMB} MB heap`,
  });
  // The clients' process: its memory is theirs only now that the server runs apart.
  record({
    figure: `mailbox load: peak RSS of the clients' process during the run, ${label(full)}`,
    value: full.memory.peak.rssMB,
    unit: 'MB',
    baseline: base.memory.peak.rssMB,
    note: `before ${full.memory.before.rssMB} MB, after close ${full.memory.afterClose.rssMB} MB`,
  });
  record({
    figure: `mailbox load: the clients' process JS heap after every client closed (before the run ${full.memory.before.heapMB} MB), ${label(full)}`,
    value: full.memory.afterClose.heapMB,
    unit: 'MB',
    baseline: base.memory.afterClose.heapMB,
  });
  console.log(`mailbox load: ${label(full)}: ${status(full)}; ${JSON.stringify(full.seconds)} s`);
}
