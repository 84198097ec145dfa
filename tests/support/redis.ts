/**
 * A throwaway `redis-server` for tests: loopback only, a free port, its own temp directory, AOF
 * with fsync on every write (the durability production should use, docs/deploy.md), no RDB
 * snapshots. Stopped by PID; the directory is removed.
 *
 * What must stay true: a missing `redis-server` fails loudly in CI (`CI` set: `.ci/run` installs
 * it) and skips with a printed reason elsewhere; nothing here ever talks to a Redis it did not start.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** A running test Redis. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  pid: number;
  /** Its data directory (AOF). */
  dir: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
  stop(): Promise<void>;
  /** Kills it with SIGKILL (no shutdown save) and keeps its directory. */
  kill(): Promise<void>;
}

/** Path of `redis-server`, or null when it is not installed. */
export function findRedisServer(): string | null {
  const fromEnv = process.env.REDIS_SERVER_PATH;
  if (fromEnv) return fromEnv;
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : null;
}

/**
 * Whether Redis tests can run here. In CI a missing server throws (the test must not silently
 * vanish); locally it prints why the tests are skipped and returns false.
 */
export function redisAvailable(): boolean {
  if (findRedisServer() !== null) return true;
  const why = 'redis-server is not installed (apt-get install redis-server)';
  if (process.env.CI) throw new Error(`Redis tests cannot run in CI: ${why}`);
  console.warn(`Skipping Redis tests: ${why}`);
  return false;
}

/** One PING over a raw socket; true when the server answers +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = new Socket();
    let got = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('error', () => done(false));
    sock.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n')) done(got.startsWith('+PONG'));
    });
    sock.connect(port, '127.0.0.1', () => sock.write('PING\r\n'));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `redis-server` on a free loopback port and waits until it answers PING.
 *
 * @param opts.timeoutMs - How long to wait for PING (default 20 s: a loaded 2-core machine).
 * @param opts.dir - Reuse this data directory (a restart after `kill()`); default a fresh one.
 */
export async function startTestRedis(opts: { timeoutMs?: number; dir?: string } = {}): Promise<TestRedis> {
  const bin = findRedisServer();
  if (bin === null) throw new Error('redis-server is not installed');
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'shopfloor-redis-'));
  // A port taken between freePort() and the bind makes redis exit at once; retry a few times.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      bin,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        dir,
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
        // Thousands of load-test sockets share one subscriber connection; allow its output buffer.
        '--client-output-buffer-limit',
        'pubsub 256mb 128mb 60',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
    let up = false;
    while (Date.now() < deadline && child.exitCode === null) {
      if (await ping(port)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!up) {
      child.kill('SIGKILL');
      await exited(child);
      if (attempt < 4 && /in use/i.test(stderr)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start on port ${port}: ${stderr.trim() || 'no answer to PING'}`);
    }
    const pid = child.pid as number;
    let stopped: Promise<void> | undefined;
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      pid,
      dir,
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          process.kill(pid, 'SIGKILL');
          await exited(child);
        }
      },
      stop: () => {
        stopped ??= (async () => {
          if (child.exitCode === null && child.signalCode === null) {
            process.kill(pid, 'SIGTERM');
            const force = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited(child);
            clearTimeout(force);
          }
          rmSync(dir, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  }
  throw new Error('redis-server: no free port');
}
