/**
 * Harness for real-WebRTC sync tests: a private network namespace with only loopback (so ICE can
 * use nothing but 127.0.0.1 and nothing leaves the machine), and child processes inside it
 * (`nsenter -t <pid> -n node --import tsx <script>`), each driven over Node IPC.
 *
 * Needs root (CI runs as root) and util-linux `unshare`/`nsenter`; `namespaceSupport()` says why
 * not otherwise, and the tests skip with that message.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { until } from '../support/wait';

const ROOT = resolve(import.meta.dirname, '../..');

/** `null` when network namespaces can be used here, else the reason they cannot. */
export function namespaceSupport(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (run as root, as CI does, to create a network namespace)';
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && command -v nsenter'], {
    encoding: 'utf8',
  });
  if (probe.error || probe.status !== 0)
    return `unshare -n / ip / nsenter unavailable: ${probe.error?.message ?? probe.stderr}`;
  return null;
}

/** A child process driven by `{id, cmd, args}` messages. */
export class Child {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: Record<string, unknown>) => void>();
  private stderr = '';
  /** Latest `{event:'status'}` payload. */
  lastStatus: unknown = null;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    proc.on('message', (m: Record<string, unknown>) => {
      if (m.event === 'status') this.lastStatus = m.status;
      if (typeof m.id === 'number') {
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.ok) w?.resolve(m.result);
        else w?.reject(new Error(`${name}: ${String(m.error)}`));
      }
      for (const l of this.listeners) l(m);
    });
    proc.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (${code}): ${this.stderr}`));
      this.waiting.clear();
    });
  }

  /** Resolves with the first message matching `pred`. */
  waitMessage(
    pred: (m: Record<string, unknown>) => boolean,
    timeoutMs = 20_000,
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(on);
        reject(new Error(`${this.name}: no message in ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      const on = (m: Record<string, unknown>) => {
        if (!pred(m)) return;
        clearTimeout(timer);
        this.listeners.delete(on);
        resolve(m);
      };
      this.listeners.add(on);
    });
  }

  /** Runs a command in the child. */
  call<T = unknown>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: ${cmd} timed out after ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.send({ id, cmd, args });
    });
  }

  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
  }
}

/** A network namespace with loopback up, kept alive by a `sleep` process. */
export class Netns {
  private readonly children: ChildProcess[] = [];

  private constructor(private readonly holder: ChildProcess) {}

  static async create(): Promise<Netns> {
    const holder = spawn('unshare', ['-n', 'sh', '-c', 'ip link set lo up && echo up && exec sleep 900'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      holder.stdout?.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`unshare exited with ${code}`)));
    });
    return new Netns(holder);
  }

  /** Spawns a process inside the namespace. */
  spawn(
    command: string,
    args: string[],
    opts: { ipc?: boolean; env?: Record<string, string> } = {},
  ): ChildProcess {
    const proc = spawn('nsenter', ['-t', String(this.holder.pid), '-n', command, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...opts.env },
      stdio: opts.ipc ? ['ignore', 'inherit', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(proc);
    return proc;
  }

  /** Starts a tsx script from tests/integration inside the namespace and waits for its ready event. */
  async node(name: string, script: string): Promise<{ child: Child; ready: Record<string, unknown> }> {
    const proc = this.spawn(
      process.execPath,
      ['--import', 'tsx', resolve(ROOT, 'tests/integration', script)],
      { ipc: true },
    );
    const child = new Child(name, proc);
    const ready = await child.waitMessage((m) => m.event === 'ready', 30_000);
    return { child, ready };
  }

  /** Starts y-webrtc's own signaling server (bin/server.js) and resolves with its ws:// URL. */
  async stockServer(port: number): Promise<string> {
    const proc = this.spawn(process.execPath, [resolve(ROOT, 'node_modules/y-webrtc/bin/server.js')], {
      env: { PORT: String(port) },
    });
    await new Promise<void>((resolve, reject) => {
      proc.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('Signaling server running')) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`stock server exited with ${code}`)));
    });
    return `ws://127.0.0.1:${port}`;
  }

  close(): void {
    for (const c of this.children) if (c.exitCode === null) c.kill('SIGKILL');
    if (this.holder.exitCode === null) this.holder.kill('SIGKILL');
  }
}

/**
 * A loopback namespace running the project's signaling server (sync-server.ts), which records every
 * frame it receives. Peers are started one at a time, each after the server saw it subscribe
 * (avoiding offer glare).
 */
export class SignalingRoom {
  private constructor(
    readonly ns: Netns,
    readonly server: Child,
    readonly signaling: string[],
  ) {}

  static async create(): Promise<SignalingRoom> {
    const ns = await Netns.create();
    const s = await ns.node('server', 'sync-server.ts');
    return new SignalingRoom(ns, s.child, [`ws://127.0.0.1:${s.ready.port}/signal`]);
  }

  /** Subscribes to a room (not the empty ones a leaving peer sends) the server recorded so far. */
  async subscribes(): Promise<number> {
    const frames = await this.server.call<string[]>('frames');
    return frames.filter((f) => f.includes('"subscribe"') && !f.includes('"topics":[]')).length;
  }

  /** Starts `peer` on this room's signaling server and waits until the server saw it subscribe. */
  async start(peer: Child, extra: Record<string, unknown> = {}): Promise<void> {
    const before = await this.subscribes();
    await peer.call('start', { signaling: this.signaling, ...extra });
    await until(
      'subscribed',
      () => this.subscribes(),
      (n) => n > before,
      10_000,
    );
  }

  close(): void {
    this.ns.close();
  }
}
