/**
 * Only the unlock bench's people search, at chosen sizes, so a change to search can be measured
 * before and after without the whole `npm run bench` (tests/bench/unlock-browser.ts measures the
 * same figure as part of unlock). Real Chromium at 360×780, a production build served by the app's
 * own server: the generated campaign (3.75 conversations a person) is restored from a backup, the
 * phone reloaded and unlocked, the People screen opened, the main thread left to go quiet, the CPU
 * slowed 4× (CDP
 * `Emulation.setCPUThrottlingRate`), and a five-letter name prefix typed `--rounds` times
 * (`searchKeystrokes`: input event → next frame painted; each round a different name, since a
 * search keeps its earlier results), beside the same-run baseline of a plain
 * JS filter by name (`plainSearchKeystrokes`). Also printed, to show where a keystroke goes: the
 * input handler's synchronous time (filtering and Solid's update) per keystroke (typing other
 * names), and the page's main-thread time by kind (CDP `Performance.getMetrics`: script, style,
 * layout) over the painted rounds.
 *
 *   node --import tsx tests/bench/unlock-search.ts --sizes 8000,30000 [--rounds 3] [--dist DIR] [--profile PREFIX]
 *
 * `--profile PREFIX` writes a CPU profile of the first round per size (PREFIX-N.cpuprofile) and
 * prints its top self times. `--dist` measures an existing build (e.g. one of an older commit) instead of building this tree.
 * Figures, not assertions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { startServer } from '../../src/server/server';
import { goto } from '../e2e/app-model';
import { launchPhone, screenshot } from '../e2e/browser';
import { appBuild } from './app-build';
import { PASS_A, restoreTimed } from './mailbox-browser';
import { campaignBackup } from './mailbox-campaign';
import { median, record } from './report';
import {
  benchRoot,
  loadBaselineData,
  plainSearchKeystrokes,
  reloadAndUnlock,
  searchKeystrokes,
  writeCampaignFiles,
} from './unlock-page';

const LONG = 600_000;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Opens the People screen (again, if something routed away before it showed). */
async function openPeople(page: Page): Promise<void> {
  for (let i = 0; ; i++) {
    await goto(page, 'people');
    try {
      await page.locator('#people-search').waitFor({ timeout: 60_000 });
      return;
    } catch (err) {
      await screenshot(page, `search-bench-people-${i}`);
      console.log(`  People not shown yet at ${page.url()}`);
      if (i >= 5) throw err;
    }
  }
}

/** Cumulative main-thread times (s) the page has spent, by kind. */
async function metrics(cdp: CDPSession): Promise<Map<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return new Map(metrics.map((m) => [m.name, m.value]));
}

/**
 * Waits until the page's main thread is quiet (under 50 ms of tasks in a second): the work the app
 * does after unlock (priming indexes in slices) would otherwise fall between the keystrokes.
 * Returns how long that took (ms).
 */
async function settle(cdp: CDPSession): Promise<number> {
  const t0 = Date.now();
  let last = (await metrics(cdp)).get('TaskDuration') ?? 0;
  while (Date.now() - t0 < LONG) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = (await metrics(cdp)).get('TaskDuration') ?? 0;
    if (now - last < 0.05) break;
    last = now;
  }
  return Date.now() - t0;
}

/** `n` five-letter name prefixes, the bench's own first, then names spread over the campaign. */
function roundQueries(root: string, people: number, n: number, first: string): string[] {
  const records = JSON.parse(readFileSync(join(root, 'bench-data', `records-${people}.json`), 'utf8')) as {
    people: Record<string, { name: string }>;
  };
  const names = Object.values(records.people).map((p) => p.name);
  const out = [first];
  for (let r = 1; r < n; r++) out.push((names[Math.floor((names.length * r) / n)] ?? 'Maria').slice(0, 5));
  return out;
}

async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}

/** Stops the profile, writes it (Chromium DevTools opens it) and prints the top self times. */
async function stopProfile(cdp: CDPSession, file: string): Promise<void> {
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const n = byId.get(id);
    if (!n) return;
    const f = n.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`  profile ${file}, self time (ms):`);
  for (const [name, ms] of top) console.log(`    ${ms.toFixed(1).padStart(8)}  ${name}`);
}

async function searchAt(base: string, root: string, people: number, rounds: number): Promise<void> {
  const conversations = people * 3.75;
  const files = writeCampaignFiles(root, people, conversations);
  const phone = await launchPhone();
  try {
    const { page } = phone;
    const cdp = await phone.context.newCDPSession(page);
    await restoreTimed(phone, base, await campaignBackup(people, conversations), people);
    // Reloaded and unlocked, as a user opens the app on another day.
    await reloadAndUnlock(page, base, people, PASS_A);
    await openPeople(page);
    await page.locator('.vrow a[href^="#/people/"]').first().waitFor({ timeout: LONG });
    await loadBaselineData(page, people);
    await cdp.send('Performance.enable');
    const quiet = await settle(cdp);
    console.log(`  main thread quiet ${(quiet / 1000).toFixed(0)} s after People opened`);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const profile = option('profile');
    if (profile) await startProfile(cdp);
    const painted: number[] = [];
    const handlers: number[] = [];
    const plain: number[] = [];
    const spent = new Map<string, number>();
    // A new query each round (a search keeps earlier results: the same query again costs nothing).
    const all = roundQueries(root, people, 2 * rounds, files.query);
    const queries = all.filter((_, i) => i % 2 === 0);
    for (const [r, query] of queries.entries()) {
      const before = await metrics(cdp);
      painted.push(...(await searchKeystrokes(page, query)));
      const after = await metrics(cdp);
      for (const [k, v] of after) spent.set(k, (spent.get(k) ?? 0) + v - (before.get(k) ?? 0));
      handlers.push(...(await searchKeystrokes(page, all[2 * r + 1] ?? query, 'handlers')));
      plain.push(...(await plainSearchKeystrokes(page, query)));
      if (profile && r === 0) await stopProfile(cdp, `${profile}-${people}.cpuprofile`);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const label = `${people.toLocaleString('en-US')} people, ${conversations.toLocaleString('en-US')} conversations, Chromium 360×780`;
    const keystroke = median(painted);
    record({
      figure: `search: people search, keystroke → painted, median of ${painted.length} keystrokes, CPU 4× (baseline: plain JS filter of the parsed people by name), ${label}`,
      value: keystroke,
      unit: 'ms',
      baseline: median(plain),
      target: '≤ 16 ms',
      ok: keystroke <= 16,
    });
    record({
      figure: `search: people search, input handlers per keystroke, median of ${handlers.length} (max ${Math.max(...handlers).toFixed(1)} ms), CPU 4×, ${label}`,
      value: median(handlers),
      unit: 'ms',
    });
    console.log(
      `  painted per keystroke (queries ${queries.join(', ')}): ${painted.map((t) => t.toFixed(1)).join(' ')}`,
    );
    const per = (k: string) => (((spent.get(k) ?? 0) * 1000) / painted.length).toFixed(1);
    console.log(
      `  main thread per keystroke (Performance.getMetrics, whole page): task ${per('TaskDuration')} ms, script ${per('ScriptDuration')} ms, style ${per('RecalcStyleDuration')} ms, layout ${per('LayoutDuration')} ms`,
    );
    console.log(`  handlers per keystroke: ${handlers.map((t) => t.toFixed(1)).join(' ')}`);
  } finally {
    await phone.close().catch(() => {});
  }
}

async function main(): Promise<void> {
  const sizes = (option('sizes') ?? '8000,30000').split(',').map(Number);
  const rounds = Number(option('rounds') ?? 3);
  const dist = option('dist');
  const root = benchRoot(dist ?? (await appBuild()));
  console.log(`search bench: build ${dist ?? 'of this tree'}, sizes ${sizes.join(', ')}, ${rounds} rounds`);
  const server = await startServer({ port: 0, host: '127.0.0.1', root });
  try {
    for (const people of sizes) await searchAt(server.url, root, people, rounds);
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
