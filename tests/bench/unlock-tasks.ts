/**
 * Which main-thread tasks of an unlock are long, and what runs in them: a diagnostic, not part of
 * `npm run bench` (which prints the longest task only, tests/bench/unlock-browser.ts).
 *
 *   node --import tsx tests/bench/unlock-tasks.ts [--people 8000] [--rounds 2] [--rate 4]
 *     [--after 60] [--profile] [--peer 50] [--peer-after 20] <label>=<built app dir> [<label>=<dir> ...]
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
 * With `--peer N`, after the unlock rounds each build's phone invites a second phone, and `--rounds`
 * rounds of a change of about N people made on that peer are watched on home (unlock-peer.ts):
 * every task over 50 ms from the change until `--peer-after` seconds after home shows it.
 */
import type { CDPSession } from 'playwright-core';
import { startServer } from '../../src/server/server';
import { launchPhone, type Phone } from '../e2e/browser';
import { PASS_A, restoreTimed } from './mailbox-browser';
import { campaignBackup } from './mailbox-campaign';
import { startProfile, stopProfile } from './task-profile';
import { armUnlockTimer, lockNow, unlockResult } from './unlock-page';
import { peerRounds } from './unlock-peer';

const LONG = 600_000;

interface Args {
  people: number;
  rounds: number;
  rate: number;
  after: number;
  profile: boolean;
  /** People changed at once by a peer (0: no peer rounds). */
  peer: number;
  peerAfter: number;
  builds: { label: string; dir: string }[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    people: 8000,
    rounds: 2,
    rate: 4,
    after: 60,
    profile: false,
    peer: 0,
    peerAfter: 20,
    builds: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const num = () => Number(argv[++i]);
    if (arg === '--people') a.people = num();
    else if (arg === '--rounds') a.rounds = num();
    else if (arg === '--rate') a.rate = num();
    else if (arg === '--after') a.after = num();
    else if (arg === '--profile') a.profile = true;
    else if (arg === '--peer') a.peer = num();
    else if (arg === '--peer-after') a.peerAfter = num();
    else {
      const at = arg.indexOf('=');
      if (at < 1) throw new Error(`not a <label>=<dir>: ${arg}`);
      a.builds.push({ label: arg.slice(0, at), dir: arg.slice(at + 1) });
    }
  }
  if (a.builds.length === 0) throw new Error('give at least one <label>=<built app dir>');
  return a;
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
  const markAt = args.profile ? await startProfile(cdp, page) : 0;
  await page.getByLabel('Passphrase').fill(PASS_A);
  await page.getByRole('button', { name: 'Unlock' }).click();
  const r = await unlockResult(page);
  const t0 = r.painted - r.ms;
  // A measurement window, not a wait for a condition: the tasks the app runs after unlock.
  await page.waitForTimeout(args.after * 1000);
  const describe = args.profile ? await stopProfile(cdp, markAt) : null;
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const tasks = ((await page.evaluate('window.__tasks')) as [number, number][]).filter(
    ([s, d]) => s + d > t0,
  );
  await page.goto('about:blank');
  const lines: string[] = [];
  for (const [s, d] of tasks) {
    if (d <= 50) continue;
    lines.push(`    +${(s - t0).toFixed(0)} ms: ${d.toFixed(0)} ms${s < r.painted ? ' (before paint)' : ''}`);
    if (describe) lines.push(describe(s, s + d));
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
    await lockNow(phone.page);
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
    if (args.peer > 0) {
      const { people, peer, rounds, rate, peerAfter: after, profile } = args;
      await peerRounds(setups, { people, peer, rounds, rate, after, profile });
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
