/**
 * The main-thread tasks a peer's change causes on a big campaign's home (tests/bench/unlock-tasks.ts
 * `--peer`): each build's organizer phone (A, the restored campaign) invites a second phone (B),
 * which joins from the mailbox; then, round after round (the builds' order reversed every other
 * round), B moves about `--peer` people (a people search, "Change these N people", set shift: one
 * transaction) to another shift while A shows home with its CPU slowed `--rate`×. Timed on A from
 * B's apply until home's "By shift" breakdown shows the change, and every task over 50 ms from
 * B's apply until `--peer-after` seconds after it arrived is listed. The change reaches A over
 * whichever path is up (WebRTC or the mailbox), as it would for a user.
 */
import type { CDPSession, Page } from 'playwright-core';
import * as Y from 'yjs';
import type { RunningServer } from '../../src/server/server';
import { changesLeftPhone, goto, inviteLink, nameDevice, unlock } from '../e2e/app-model';
import { launchPhone, type Phone, screenshot } from '../e2e/browser';
import { generateCampaign } from '../fixtures/campaign-generator';
import { joinTimed, PASS_A } from './mailbox-browser';
import { startProfile, stopProfile } from './task-profile';

const LONG = 600_000;
/** Longest wait for a peer's change to show on home. */
const LONG_CHANGE = 90_000;

/** What the peer rounds need of each build. */
export interface PeerSetup {
  label: string;
  server: RunningServer;
  phone: Phone;
  cdp: CDPSession;
}

/** Options of {@link peerRounds}. */
export interface PeerArgs {
  people: number;
  /** About how many people B changes at once. */
  peer: number;
  rounds: number;
  rate: number;
  /** Seconds watched after the change arrived. */
  after: number;
  /** Tell what ran in each listed task (a CPU profile, as unlock-tasks.ts `--profile`). */
  profile: boolean;
}

interface PeerResult {
  arrived: number;
  longest: number;
  over100: number;
  lines: string[];
}

/** Name parts (3 letters) that about `n` of the campaign's people share, closest to `n` first. */
function queries(people: number, n: number): string[] {
  const doc = new Y.Doc();
  generateCampaign(doc, { seed: 42, people, units: 40, shifts: 3, conversations: 0 });
  const names = Object.values(doc.getMap('people').toJSON() as Record<string, { name?: string }>);
  doc.destroy();
  const count = new Map<string, number>();
  for (const { name = '' } of names) {
    const parts = new Set<string>();
    const low = name.toLowerCase();
    for (let i = 0; i + 3 <= low.length; i++)
      if (/^[a-z]{3}$/.test(low.slice(i, i + 3))) parts.add(low.slice(i, i + 3));
    for (const p of parts) count.set(p, (count.get(p) ?? 0) + 1);
  }
  return [...count.entries()]
    .filter(([, c]) => c >= n * 0.6 && c <= n * 1.2)
    .sort((a, b) => Math.abs(a[1] - n) - Math.abs(b[1] - n))
    .slice(0, 12)
    .map(([q]) => q);
}

/** B's People list filtered to about `n` people; returns how many. */
async function filterAbout(page: Page, tries: string[], n: number): Promise<number> {
  await goto(page, 'people');
  const search = page.getByRole('searchbox', { name: /phone number or tag/ });
  for (const q of tries) {
    await search.fill(q);
    // The count reads "N of 8,000" once the search ran.
    await page.getByTestId('people-count').filter({ hasText: / of / }).waitFor({ timeout: LONG });
    const text = (await page.getByTestId('people-count').textContent()) ?? '';
    const found = Number(text.split(' of ')[0]?.replace(/[^0-9]/g, ''));
    if (found >= n * 0.6 && found <= n * 1.6) return found;
  }
  throw new Error(`no search found about ${n} people (tried ${tries.join(', ')})`);
}

/** B moves the listed people to shift `index` (0-based) in one change; resolves once applied. */
async function moveShift(page: Page, index: number): Promise<void> {
  await goto(page, 'people');
  await page.getByRole('button', { name: /^Change these .* people$/ }).click({ timeout: LONG_CHANGE });
  await page.locator('#bulk-kind').selectOption('setShift');
  await page.locator('#bulk-value').selectOption({ index });
  await page.getByRole('button', { name: 'Review…' }).click();
  await page.getByTestId('bulk-apply').click();
  await page.getByText(/Changed [0-9,]+ people\./).waitFor({ timeout: LONG_CHANGE });
  await page.getByRole('button', { name: /^Change these .* people$/ }).click(); // closes the panel
}

const byShift = 'section[aria-labelledby="dash-shifts-title"]';

/** One round on one build: B's change, watched on A. */
async function peerOnce(a: PeerSetup, b: Page, shift: number, args: PeerArgs): Promise<PeerResult> {
  const page = a.phone.page;
  await goto(page, 'home');
  await page.locator(byShift).waitFor({ timeout: LONG_CHANGE });
  const before = await page.locator(byShift).textContent();
  await a.cdp.send('Emulation.setCPUThrottlingRate', { rate: args.rate });
  await page.evaluate(`(() => {
    const tasks = [];
    window.__peerTasks = tasks;
    window.__peerObserver?.disconnect();
    window.__peerObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
    });
    window.__peerObserver.observe({ type: 'longtask' });
  })()`);
  const markAt = args.profile ? await startProfile(a.cdp, page) : 0;
  const t0 = (await page.evaluate('performance.now()')) as number;
  await moveShift(b, shift).catch(async (err) => {
    await screenshot(b, 'bench-peer-change-fail');
    throw err;
  });
  // Waits on the condition (the breakdown shows the change), then a fixed measurement window.
  const arrivedAt = (await page
    .evaluate(`new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error('the change did not reach home in ${LONG_CHANGE / 1000} s')), ${LONG_CHANGE});
      const check = () => {
        const el = document.querySelector('${byShift}');
        if (el && el.textContent !== ${JSON.stringify(before)}) resolve(performance.now());
        else requestAnimationFrame(check);
      };
      check();
    })`)
    .catch(async (err) => {
      await screenshot(page, 'bench-peer-arrival-fail');
      throw err;
    })) as number;
  await page.waitForTimeout(args.after * 1000);
  const describe = args.profile ? await stopProfile(a.cdp, markAt) : null;
  await a.cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const tasks = ((await page.evaluate('window.__peerTasks')) as [number, number][]).filter(
    ([s, d]) => s + d > t0,
  );
  const lines = tasks
    .filter(([, d]) => d > 50)
    .flatMap(([s, d]) => [
      `    +${(s - t0).toFixed(0)} ms: ${d.toFixed(0)} ms`,
      ...(describe ? [describe(s, s + d)] : []),
    ]);
  return {
    arrived: arrivedAt - t0,
    longest: tasks.reduce((m, [, d]) => Math.max(m, d), 0),
    over100: tasks.filter(([, d]) => d > 100).length,
    lines,
  };
}

/**
 * For each build: A unlocks and invites B, B joins (both stay online); then `rounds` rounds of
 * B's change watched on A (see the header). Prints each round and a summary per build.
 */
export async function peerRounds(setups: PeerSetup[], args: PeerArgs): Promise<void> {
  const tries = queries(args.people, args.peer);
  const pairs: { a: PeerSetup; b: Phone; n: number; results: PeerResult[] }[] = [];
  try {
    for (const a of setups) {
      await a.phone.page.goto(a.server.url);
      await unlock(a.phone.page, PASS_A);
      await nameDevice(a.phone.page, 'Bench organizer');
      const link = await inviteLink(a.phone.page);
      await changesLeftPhone(a.phone.page, LONG);
      const b = await launchPhone();
      pairs.push({ a, b, n: 0, results: [] });
      const joined = await joinTimed(b, link, args.people);
      const n = await filterAbout(b.page, tries, args.peer);
      (pairs.at(-1) as { n: number }).n = n;
      console.log(`${a.label}: peer joined in ${joined} ms; it changes ${n} people per round`);
    }
    for (let round = 0; round < args.rounds; round++) {
      const order = round % 2 === 0 ? pairs : [...pairs].reverse();
      for (const p of order) {
        // Shifts 1 and 2 in turn: every round moves the people to the shift they are not on.
        const r = await peerOnce(p.a, p.b.page, 1 + (round % 2), args).catch(async (err) => {
          await screenshot(p.a.phone.page, `bench-peer-fail-${p.a.label}-a`);
          await screenshot(p.b.page, `bench-peer-fail-${p.a.label}-b`);
          throw err;
        });
        p.results.push(r);
        console.log(
          `peer round ${round + 1} ${p.a.label}: ${p.n} people changed on the peer → shown on home ` +
            `${r.arrived.toFixed(0)} ms; longest task ${r.longest.toFixed(0)} ms; ${r.over100} over ` +
            `100 ms (CPU ${args.rate}×, ${args.after} s after it arrived${args.profile ? ', profiled' : ''})`,
        );
        for (const line of r.lines) console.log(line);
      }
    }
    for (const p of pairs) {
      const f = (k: 'arrived' | 'longest' | 'over100') => p.results.map((r) => r[k].toFixed(0)).join(' / ');
      console.log(
        `${p.a.label} peer change: shown ${f('arrived')} ms; longest ${f('longest')} ms; over 100 ms: ${f('over100')}`,
      );
    }
  } finally {
    for (const p of pairs) await p.b.close().catch(() => {});
  }
}
