/**
 * The load test's server in a process of its own (tests/load/mailbox-load.ts `serverProcess`), so
 * the server's memory is measured without the clients': the real server (`startServer`, LMDB in a
 * temporary directory, or the Redis at `--redis-url`) on loopback, with connection caps raised to
 * `--sockets` + 100 (one address opens every socket here).
 *
 * Speaks lines: prints `URL <url>` once listening; on stdin `mem` it collects garbage and prints
 * `MEM <rssMB> <heapMB>`; on stdin `close` (or the end of stdin) it closes the server and exits.
 */
import { createInterface } from 'node:readline';
import { openRedisMailbox } from '../../src/server/mailbox/redis-backend';
import { startServer } from '../../src/server/server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const sockets = Number(arg('sockets') ?? 5000);
const redisUrl = arg('redis-url');
const backend = redisUrl ? await openRedisMailbox(redisUrl) : null;
const cap = sockets + 100;
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  root: 'dist',
  maxConnections: cap,
  mailbox: {
    ...(backend ? { store: backend.store, bus: backend.bus } : {}),
    limits: { maxConnectionsPerAddress: cap, maxConnections: cap },
  },
});
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.close();
  await backend?.close();
  process.exit(0);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'mem') {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    process.stdout.write(`MEM ${mb(m.rss)} ${mb(m.heapUsed)}\n`);
  } else if (line === 'close') void close();
});
process.stdin.on('end', () => void close());
process.stdout.write(`URL ${server.url}\n`);
