/**
 * Sync figures for `npm run bench` (over real WebRTC between Node peers, loopback-only namespace):
 * time for a fresh peer to receive the 8,000-person campaign (target under 5 s), and
 * edit-to-visible latency on the other peer (median, p95); and the 30,000-person first sync (about
 * 68 MB, which reaches the newcomer only because step 2 goes in parts under the 32 MiB per-update
 * limit: state-split.ts). Needs root like the integration tests; without it, records nothing and
 * says why.
 *
 * Wire into tests/bench/run.ts:
 *   import { benchSyncWebrtc } from '../integration/sync-bench';
 *   await benchSyncWebrtc(record, { runs: quick ? 1 : 3 });
 */
import { randomBytes } from 'node:crypto';
import { type Child, Netns, namespaceSupport } from './sync-harness';

/** The shape of tests/bench/report.ts `record`. */
type Record = (f: {
  figure: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
  note?: string;
}) => void;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) =>
  sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

async function subscribes(server: Child): Promise<number> {
  const frames = await server.call<string[]>('frames');
  return frames.filter((f) => f.includes('"subscribe"') && !f.includes('"topics":[]')).length;
}

async function startAfterSubscribe(server: Child, peer: Child, signaling: string[]): Promise<void> {
  const before = await subscribes(server);
  await peer.call('start', { signaling });
  for (let i = 0; i < 200 && (await subscribes(server)) <= before; i++)
    await new Promise((r) => setTimeout(r, 25));
}

/** Runs the sync benchmark and records its figures. */
export async function benchSyncWebrtc(
  record: Record,
  opts: { runs?: number; people?: number; conversations?: number; latency?: boolean; targetMs?: number } = {},
): Promise<void> {
  const why = namespaceSupport();
  if (why) {
    console.log(`sync over WebRTC: skipped (${why})`);
    return;
  }
  const people = opts.people ?? 8000;
  const ns = await Netns.create();
  try {
    const { child: server, ready } = await ns.node('server', 'sync-server.ts');
    const signaling = [`ws://127.0.0.1:${ready.port}/signal`];
    const fresh: number[] = [];
    let bytes = 0;
    const latencies: number[] = [];
    for (let run = 0; run < (opts.runs ?? 3); run++) {
      const space = {
        spaceKey: randomBytes(32).toString('base64url'),
        spaceId: randomBytes(16).toString('base64url'),
      };
      const [a, b] = await Promise.all([ns.node('a', 'sync-peer.ts'), ns.node('b', 'sync-peer.ts')]);
      try {
        await a.child.call('init', { ...space, deviceName: 'Bench organizer' });
        await b.child.call('init', { ...space, deviceName: 'Bench newcomer' });
        // Generating 30,000 people takes seconds, minutes on a loaded machine: scaled like the wait.
        const generateMs = Math.max(60_000, people * 10);
        bytes = (
          await a.child.call<{ bytes: number }>(
            'generate',
            { people, conversations: opts.conversations ?? people / 4, seed: 42 },
            generateMs,
          )
        ).bytes;
        await startAfterSubscribe(server, a.child, signaling);
        const t0 = Date.now();
        await b.child.call('start', { signaling });
        const timeoutMs = Math.max(60_000, people * 10);
        await b.child.call('waitPeople', { count: people, timeoutMs }, timeoutMs + 5_000);
        fresh.push(Date.now() - t0);
        for (let i = 0; i < (opts.latency === false ? 0 : 50); i++) {
          const [from, to] = i % 2 === 0 ? [a.child, b.child] : [b.child, a.child];
          const seen = to.call<{ at: number }>('waitValue', { id: 'bench-latency', field: 'n', value: i });
          const edit = await from.call<{ at: number }>('edit', { id: 'bench-latency', field: 'n', value: i });
          latencies.push((await seen).at - edit.at);
        }
      } finally {
        a.child.kill();
        b.child.kill();
      }
    }
    const median = pct(fresh, 50);
    const target = opts.targetMs;
    record({
      figure: `sync: fresh peer receives ${people.toLocaleString('en')} people (${(bytes / 1e6).toFixed(1)} MB) over WebRTC`,
      value: median,
      unit: 'ms',
      ...(target !== undefined ? { target: `< ${target} ms`, ok: median < target } : {}),
      note: 'Node peers (@roamhq/wrtc) on loopback, from start of sync to the last person applied',
    });
    if (latencies.length > 0) {
      record({ figure: 'sync: edit-to-visible latency, median', value: pct(latencies, 50), unit: 'ms' });
      record({ figure: 'sync: edit-to-visible latency, p95', value: pct(latencies, 95), unit: 'ms' });
    }
  } finally {
    ns.close();
  }
}
