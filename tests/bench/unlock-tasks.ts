/**
 * Which main-thread tasks of an unlock are long, and what runs in them: a diagnostic, not part of
 * `npm run bench` (which prints the longest task only, tests/bench/unlock-browser.ts).
 *
 *   node --import tsx tests/bench/unlock-tasks.ts [--people 8000] [--rounds 2] [--rate 4]
 *     [--after 60] [--profile] <label>=<built app dir> [<label>=<dir> ...]
 *
 * Each build is served by the app's own server and gets its own phone (real Chromium, 360×780),
 * which restores the same seeded campaign (3.75 conversations a person) from a backup file and locks
 * (which stores the home view unlock paints first). Then,
 * round after round, each phone in turn (the order reversed every other round, so neither build
 * always goes first) is reloaded to the lock screen, its CPU slowed `--rate`× (CDP
 * `Emulation.setCPUThrottlingRate`), unlocked, and watched for `--after` seconds after home counts
 * every person. Printed per unlock: submit → home painted, the longest task during it and after it,
 * how many tasks were over 100 ms, and every task over 50 ms with its start (ms after submit).
 * With `--profile`, a CPU profile (1 ms samples) runs during the unlock and each listed task gets the
 * functions that ran in it (self time, and time inside); build with `--minify false` for readable
 * names. The profiler slows the page a little: compare builds within one mode.
 */
import type { CDPSession } from 'playwright-core';
import { startServer } from '../../src/server/server';
import { launchPhone, type Phone } from '../e2e/browser';
import { PASS_A, restoreTimed } from './mailbox-browser';
import { campaignBackup } from './mailbox-campaign';
import { armUnlockTimer, unlockResult } from './unlock-page';

const LONG = 600_000;

interface Args {
  people: number;
  rounds: number;
  rate: number;
  after: number;
  profile: boolean;
  builds: { label: string; dir: string }[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { people: 8000, rounds: 2, rate: 4, after: 60, profile: false, builds: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const num = () => Number(argv[++i]);
    if (arg === '--people') a.people = num();
    else if (arg === '--rounds') a.rounds = num();
    else if (arg === '--rate') a.rate = num();
    else if (arg === '--after') a.after = num();
    else if (arg === '--profile') a.profile = true;
    else {
      const at = arg.indexOf('=');
      if (at < 1) throw new Error(`not a <label>=<dir>: ${arg}`);
      a.builds.push({ label: arg.slice(0, at), dir: arg.slice(at + 1) });
    }
  }
  if (a.builds.length === 0) throw new Error('give at least one <label>=<built app dir>');
  return a;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Marks the profile: a named busy loop whose first sample is at the page time it returns. */
const SYNC_MARK = `(function __unlockTasksSyncMark() {
  const t = performance.now();
  while (performance.now() - t < 30) {}
  return t;
})()`;

/** A profile's samples as [page time (ms), node id], aligned by the sync mark. */
function sampleTimes(profile: Profile, markAt: number): [number, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let t = profile.startTime;
  const raw: [number, number][] = profile.samples.map((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    return [t / 1000, id];
  });
  const mark = raw.find(([, id]) => byId.get(id)?.callFrame.functionName === '__unlockTasksSyncMark');
  const offset = mark ? markAt - mark[0] : 0;
  return raw.map(([ms, id]) => [ms + offset, id]);
}

const frameName = (n: ProfileNode) => {
  const f = n.callFrame;
  const file = f.url.split('/').pop() || '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
};

/** The functions that ran in [from, to]: top self time and top time inside (ms, 1 ms samples). */
function attribute(profile: Profile, samples: [number, number][], from: number, to: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inside = new Map<string, number>();
  for (const [ms, id] of samples) {
    if (ms < from || ms > to) continue;
    const node = byId.get(id);
    if (!node) continue;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + 1);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n?.callFrame.url) continue;
      const k = frameName(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inside.set(k, (inside.get(k) ?? 0) + 1);
    }
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // Frames in nearly every sample (the event loop's and the framework's trunk) say nothing.
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .filter(([, n]) => m === self || n < 0.8 * total)
      .sort((x, y) => y[1] - x[1])
      .slice(0, k)
      .map(([name, n]) => `${n} ${name}`)
      .join(' · ');
  return `      self: ${top(self, 6)}\n      inside (below the trunk): ${top(inside, 14)}`;
}

interface Unlock {
  ms: number;
  during: number;
  after: number;
  over100: number;
  lines: string[];
}

/** One unlock of one phone at `rate`: figures and the list of tasks over 50 ms. */
async function unlockOnce(phone: Phone, cdp: CDPSession, base: string, args: Args): Promise<Unlock> {
  const { page } = phone;
  await page.goto(base);
  await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor({ timeout: LONG });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: args.rate });
  await armUnlockTimer(page, args.people);
  let markAt = 0;
  if (args.profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    markAt = (await page.evaluate(SYNC_MARK)) as number;
  }
  await page.getByLabel('Passphrase').fill(PASS_A);
  await page.getByRole('button', { name: 'Unlock' }).click();
  const r = await unlockResult(page);
  const t0 = r.painted - r.ms;
  // A measurement window, not a wait for a condition: the tasks the app runs after unlock.
  await page.waitForTimeout(args.after * 1000);
  const profile = args.profile ? ((await cdp.send('Profiler.stop')) as { profile: Profile }).profile : null;
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const tasks = ((await page.evaluate('window.__tasks')) as [number, number][]).filter(
    ([s, d]) => s + d > t0,
  );
  await page.goto('about:blank');
  const samples = profile ? sampleTimes(profile, markAt) : [];
  const lines: string[] = [];
  for (const [s, d] of tasks) {
    if (d <= 50) continue;
    lines.push(`    +${(s - t0).toFixed(0)} ms: ${d.toFixed(0)} ms${s < r.painted ? ' (before paint)' : ''}`);
    if (profile) lines.push(attribute(profile, samples, s, s + d));
  }
  const longest = (keep: (s: number) => boolean) =>
    tasks.filter(([s]) => keep(s)).reduce((m, [, d]) => Math.max(m, d), 0);
  return {
    ms: r.ms,
    during: longest((s) => s < r.painted),
    after: longest((s) => s >= r.painted),
    over100: tasks.filter(([, d]) => d > 100).length,
    lines,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const file = await campaignBackup(args.people);
  const setups = [];
  for (const b of args.builds) {
    const server = await startServer({ port: 0, host: '127.0.0.1', root: b.dir });
    const phone = await launchPhone();
    const cdp = await phone.context.newCDPSession(phone.page);
    const restored = await restoreTimed(phone, server.url, file, args.people);
    console.log(`${b.label}: restored ${args.people} people in ${restored} ms (${b.dir})`);
    // Locking stores the home view that the next unlocks paint first (as after a day's use).
    await phone.page.locator('.safety-button').click();
    await phone.page.locator('.safety-lock').click();
    await phone.page.locator('#unlock-pass').waitFor({ timeout: LONG });
    await phone.page.goto('about:blank');
    setups.push({ ...b, server, phone, cdp, results: [] as Unlock[] });
  }
  try {
    for (let round = 0; round < args.rounds; round++) {
      const order = round % 2 === 0 ? setups : [...setups].reverse();
      for (const s of order) {
        const u = await unlockOnce(s.phone, s.cdp, s.server.url, args);
        s.results.push(u);
        console.log(
          `round ${round + 1} ${s.label}: submit → painted ${u.ms.toFixed(0)} ms; longest task during ` +
            `${u.during.toFixed(0)} ms, in the ${args.after} s after ${u.after.toFixed(0)} ms; ` +
            `${u.over100} over 100 ms (CPU ${args.rate}×${args.profile ? ', profiled' : ''})`,
        );
        for (const line of u.lines) console.log(line);
      }
    }
    for (const s of setups) {
      const f = (k: 'ms' | 'during' | 'after' | 'over100') =>
        s.results.map((u) => u[k].toFixed(0)).join(' / ');
      console.log(
        `${s.label}: painted ${f('ms')} ms; longest during ${f('during')} ms; after ${f('after')} ms; over 100 ms: ${f('over100')}`,
      );
    }
  } finally {
    for (const s of setups) {
      await s.phone.close().catch(() => {});
      await s.server.close();
    }
  }
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
