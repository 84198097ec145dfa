/**
 * Mailbox load test on loopback: one server in this process (LMDB by default, `--redis` for a
 * throwaway redis-server), N mailboxes × M WebSocket clients each (readers and appenders), a fixed
 * number of appends spread over a few seconds. Reports the process's memory, relay latency (append
 * sent → entry received by a reader of that mailbox), completeness and errors.
 *
 *   node --expose-gc --import tsx tests/load/mailbox-load.ts [--redis] [--mailboxes 1000]
 *     [--clients 5] [--appends 10] [--seconds 8] [--max-seconds 60] [--server-process]
 *
 * What must stay true: bounded in count and time (a hard deadline ends the run and reports it as
 * incomplete), loopback only, and everything it starts is closed at the end, failure or not.
 * Memory is the whole process's (the clients live here too), so it overstates the server's; with
 * `serverProcess` (`--server-process`) the server runs in its own process (mailbox-server.ts) and
 * its memory is reported alone too: after start, its peak RSS (the kernel's high-water mark) and
 * after every client closed, while it still runs.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openRedisMailbox, type RedisMailboxBackend } from '../../src/server/mailbox/redis-backend';
import { type RunningServer, startServer } from '../../src/server/server';
import { newTestMailbox, TestMailboxClient } from '../support/mailbox-client';
import { startTestRedis, type TestRedis } from '../support/redis';

/** Options for {@link runMailboxLoad}. */
export interface MailboxLoadOptions {
  mailboxes?: number;
  clientsPerMailbox?: number;
  /** Of the clients, how many only append (the rest read from seq 0, live). Default 2. */
  appendersPerMailbox?: number;
  appendsPerMailbox?: number;
  entryBytes?: number;
  /** Appends are spread at random over this many seconds. */
  appendSeconds?: number;
  /** Hard bound for the whole run. */
  maxSeconds?: number;
  redis?: boolean;
  /** Run the server in its own process and report its memory alone (`serverMemory`). */
  serverProcess?: boolean;
  log?: (line: string) => void;
}

interface Memory {
  rssMB: number;
  heapMB: number;
}

/** What {@link runMailboxLoad} measured. */
export interface MailboxLoadReport {
  backend: 'lmdb' | 'redis';
  mailboxes: number;
  sockets: number;
  fdLimit: number | null;
  appends: number;
  deliveriesExpected: number;
  deliveries: number;
  errors: number;
  errorSamples: string[];
  complete: boolean;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  memory: { before: Memory; peak: Memory; afterClose: Memory };
  /** The server's own process (with `serverProcess`), else null. */
  serverMemory: { before: Memory; peakRssMB: number; afterClients: Memory } | null;
  seconds: { connect: number; appends: number; drain: number; total: number };
}

const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

function memory(): Memory {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMB: mb(m.rss), heapMB: mb(m.heapUsed) };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, i)] as number) * 10) / 10;
}

/** The soft open-file limit this process runs under (what `ulimit -n` shows), or null. */
export function fdLimit(): number | null {
  const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim();
  return /^\d+$/.test(out) ? Number(out) : null;
}

/** The server in its own process (mailbox-server.ts). */
interface ServerChild {
  url: string;
  /** Memory after a GC in the server's process. */
  mem(): Promise<Memory>;
  /** The process's peak RSS so far (VmHWM), in MB; NaN where /proc is missing. */
  peakRssMB(): number;
  close(): Promise<void>;
}

async function spawnServer(sockets: number, redisUrl: string | undefined): Promise<ServerChild> {
  const script = fileURLToPath(new URL('./mailbox-server.ts', import.meta.url));
  const args = ['--expose-gc', '--import', 'tsx', script, '--sockets', String(sockets)];
  if (redisUrl) args.push('--redis-url', redisUrl);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let wake: (() => void) | null = null;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      wake?.();
      resolve();
    }),
  );
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    lines.push(l);
    wake?.();
  });
  /** The next line starting with `tag`, within 60 s. */
  const next = async (tag: string): Promise<string> => {
    const until = performance.now() + 60_000;
    for (;;) {
      const i = lines.findIndex((l) => l.startsWith(`${tag} `));
      if (i !== -1) return (lines.splice(i, 1)[0] as string).slice(tag.length + 1);
      if (exited) throw new Error(`load server exited before ${tag}`);
      const wait = until - performance.now();
      if (wait <= 0) throw new Error(`load server sent no ${tag} in 60 s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  };
  try {
    const url = await next('URL');
    return {
      url,
      async mem() {
        child.stdin?.write('mem\n');
        const [rss, heap] = (await next('MEM')).split(' ').map(Number);
        return { rssMB: rss ?? Number.NaN, heapMB: heap ?? Number.NaN };
      },
      peakRssMB() {
        try {
          const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
          return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : Number.NaN;
        } catch {
          return Number.NaN;
        }
      },
      async close() {
        if (!exited) child.stdin?.end('close\n');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exit;
        clearTimeout(timer);
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

/** Runs `tasks` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Runs the load test and returns its figures; closes everything it started.
 *
 * @example
 * const report = await runMailboxLoad({ mailboxes: 50, clientsPerMailbox: 5 });
 */
export async function runMailboxLoad(opts: MailboxLoadOptions = {}): Promise<MailboxLoadReport> {
  const mailboxes = opts.mailboxes ?? 1000;
  const perBox = opts.clientsPerMailbox ?? 5;
  const appendersPerBox = Math.min(opts.appendersPerMailbox ?? 2, perBox - 1);
  const readersPerBox = perBox - appendersPerBox;
  const appendsPerBox = opts.appendsPerMailbox ?? 10;
  const entryBytes = Math.max(16, opts.entryBytes ?? 1024);
  const appendMs = (opts.appendSeconds ?? 8) * 1000;
  const log = opts.log ?? (() => {});
  const sockets = mailboxes * perBox;
  const limit = fdLimit();
  // Client and server ends of every socket live in this process.
  if (limit !== null && limit < 2 * sockets + 256) {
    throw new Error(
      `open-file limit ${limit} is too low for ${sockets} sockets; run \`ulimit -n ${2 * sockets + 1024}\``,
    );
  }

  const started = performance.now();
  const deadline = started + (opts.maxSeconds ?? 60) * 1000;
  const left = () => Math.max(0, deadline - performance.now());
  const errors: string[] = [];
  const error = (what: string) => {
    errors.push(what);
  };
  let redis: TestRedis | null = null;
  let backend: RedisMailboxBackend | null = null;
  let server: RunningServer | null = null;
  let child: ServerChild | null = null;
  let serverMemory: MailboxLoadReport['serverMemory'] = null;
  const clients: TestMailboxClient[] = [];
  const peak: Memory = { rssMB: 0, heapMB: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.rssMB = Math.max(peak.rssMB, mb(m.rss));
    peak.heapMB = Math.max(peak.heapMB, mb(m.heapUsed));
  }, 250);
  const latencies = new Float64Array(mailboxes * appendsPerBox * readersPerBox);
  let deliveries = 0;
  let appendsDone = 0;
  const times = { connect: 0, appends: 0, drain: 0, total: 0 };
  let before: Memory = { rssMB: 0, heapMB: 0 };
  let afterClose: Memory = { rssMB: 0, heapMB: 0 };

  try {
    if (opts.redis) redis = await startTestRedis();
    if (opts.serverProcess) {
      child = await spawnServer(sockets, redis?.url);
    } else {
      if (redis) backend = await openRedisMailbox(redis.url);
      server = await startServer({
        port: 0,
        root: 'dist',
        maxConnections: sockets + 100,
        mailbox: {
          ...(backend ? { store: backend.store, bus: backend.bus } : {}),
          limits: { maxConnectionsPerAddress: sockets + 100, maxConnections: sockets + 100 },
        },
      });
    }
    before = memory();
    const serverBefore = child ? await child.mem() : null;
    log(`server up (${opts.redis ? 'redis' : 'lmdb'}); opening ${sockets} sockets…`);

    // Connect: per mailbox, the first appender creates it, then the others join.
    const t0 = performance.now();
    const readers: TestMailboxClient[][] = [];
    const appenders: TestMailboxClient[][] = [];
    const base = child?.url ?? (server as RunningServer).url;
    await pool(
      Array.from({ length: mailboxes }, (_, i) => i),
      Math.max(1, Math.floor(200 / perBox)),
      async (i) => {
        if (left() === 0) return;
        const box = newTestMailbox();
        const mine: TestMailboxClient[] = [];
        const theirs: TestMailboxClient[] = [];
        try {
          for (let a = 0; a < appendersPerBox; a++) {
            const { client } = await TestMailboxClient.open(base, box, { role: 'append', create: a === 0 });
            clients.push(client);
            mine.push(client);
          }
          for (let r = 0; r < readersPerBox; r++) {
            const { client } = await TestMailboxClient.open(base, box, { role: 'read', since: 0 });
            client.keepEntries = false;
            let last = 0;
            client.onEntry = (entry) => {
              if (entry.seq !== last + 1) error(`reader got seq ${entry.seq} after ${last}`);
              last = entry.seq;
              const sentAt = new DataView(entry.bytes.buffer, entry.bytes.byteOffset, 8).getFloat64(0);
              if (deliveries < latencies.length) latencies[deliveries] = entry.at - sentAt;
              deliveries++;
            };
            clients.push(client);
            theirs.push(client);
          }
        } catch (err) {
          error(`connect: ${(err as Error).message}`);
        }
        appenders[i] = mine;
        readers[i] = theirs;
      },
    );
    times.connect = (performance.now() - t0) / 1000;
    log(`connected ${clients.length} sockets in ${times.connect.toFixed(1)} s`);

    // Appends: a fixed number per mailbox, round-robin over its appenders, at random moments.
    const t1 = performance.now();
    const sends: Promise<void>[] = [];
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < mailboxes; i++) {
      const mine = appenders[i] ?? [];
      if (mine.length === 0) continue;
      for (let n = 0; n < appendsPerBox; n++) {
        const client = mine[n % mine.length] as TestMailboxClient;
        sends.push(
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              const bytes = new Uint8Array(entryBytes);
              new DataView(bytes.buffer).setFloat64(0, performance.now());
              client.append(bytes).then(
                () => {
                  appendsDone++;
                  resolve();
                },
                (err: Error) => {
                  error(err.message);
                  resolve();
                },
              );
            }, Math.random() * Math.min(appendMs, left()));
            timers.push(timer);
          }),
        );
      }
    }
    await Promise.race([Promise.all(sends), new Promise((r) => setTimeout(r, left()))]);
    for (const t of timers) clearTimeout(t);
    times.appends = (performance.now() - t1) / 1000;

    // Drain: every reader has every entry of its mailbox, or the deadline passed.
    const t2 = performance.now();
    const expected = appendsDone * readersPerBox;
    while (deliveries < expected && left() > 0) await new Promise((r) => setTimeout(r, 50));
    times.drain = (performance.now() - t2) / 1000;
    for (const c of clients) c.errors.forEach(error);
    if (child && serverBefore) {
      await Promise.all(clients.map((c) => c.close()));
      serverMemory = { before: serverBefore, peakRssMB: child.peakRssMB(), afterClients: await child.mem() };
    }
  } finally {
    clearInterval(sampler);
    await Promise.all(clients.map((c) => c.close()));
    await child?.close();
    await server?.close();
    await backend?.close();
    await redis?.stop();
    clients.length = 0;
    afterClose = memory();
  }

  const expected = appendsDone * readersPerBox;
  const sorted = latencies.slice(0, Math.min(deliveries, latencies.length)).sort();
  times.total = (performance.now() - started) / 1000;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    backend: opts.redis ? 'redis' : 'lmdb',
    mailboxes,
    sockets,
    fdLimit: limit,
    appends: appendsDone,
    deliveriesExpected: expected,
    deliveries,
    errors: errors.length + (mailboxes * appendsPerBox - appendsDone),
    errorSamples: errors.slice(0, 5),
    complete: appendsDone === mailboxes * appendsPerBox && deliveries === expected,
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: round(sorted.length ? (sorted[sorted.length - 1] as number) : Number.NaN),
    },
    memory: { before, peak, afterClose },
    serverMemory,
    seconds: {
      connect: round(times.connect),
      appends: round(times.appends),
      drain: round(times.drain),
      total: round(times.total),
    },
  };
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runMailboxLoad({
    redis: process.argv.includes('--redis'),
    serverProcess: process.argv.includes('--server-process'),
    mailboxes: arg('mailboxes', 1000),
    clientsPerMailbox: arg('clients', 5),
    appendsPerMailbox: arg('appends', 10),
    appendSeconds: arg('seconds', 8),
    maxSeconds: arg('max-seconds', 60),
    log: (line) => console.log(line),
  }).then(
    (report) => {
      console.log(JSON.stringify(report, null, 2));
      process.exit(report.complete && report.errors === 0 ? 0 : 1);
    },
    (err: unknown) => {
      console.error(`mailbox load test failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
