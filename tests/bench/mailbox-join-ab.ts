/**
 * Old vs new builds of the fresh 8,000-person join from the mailbox alone, in one run: one server
 * whose static root is a symlink swapped between builds, so every join reads the same mailbox.
 * Organizer A restores the campaign (mailbox-campaign.ts) and leaves; then fresh phones join,
 * builds alternating (order reversed each round), quiet and with the CPU throttled 4× (CDP), first
 * from the entries A appended, then (after a joined phone stayed open long enough to compact) from
 * a snapshot. Prints "first people / all people" ms from pressing Join, and any `jb:` performance
 * marks and `globalThis.__jb` sums an instrumented build left. `JB_PROFILE=1` saves a CPU profile
 * of each join's main thread (/tmp/jb-prof-*.cpuprofile). Figures, not assertions.
 *
 *   JB_BUILDS=/tmp/dist-old,/tmp/dist-new JB_ROUNDS=2 sh tests/e2e/isolated.sh \
 *     node --import tsx tests/bench/mailbox-join-ab.ts
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { startServer } from '../../src/server/server';
import { changesLeftPhone, inviteLink, nameDevice } from '../e2e/app-model';
import { launchPhone, type Phone } from '../e2e/browser';
import { restoreTimed } from './mailbox-browser';
import { campaignBackup } from './mailbox-campaign';

const builds = (process.env.JB_BUILDS ?? '/tmp/dist-jb-old').split(',');
const rounds = Number(process.env.JB_ROUNDS ?? 2);
const profile = process.env.JB_PROFILE === '1';
const snapshotPhase = process.env.JB_SNAPSHOT !== '0';
const entriesPhase = process.env.JB_ENTRIES !== '0';
const people = Number(process.env.JB_PEOPLE ?? 8000);
const ROOT = '/tmp/jb-root';
const LONG = 600_000;
const use = (b: string) => execFileSync('ln', ['-sfn', b, ROOT]);
const name = (b: string) => b.split('/').pop() as string;

async function joinTimed(phone: Phone, link: string, throttled: boolean, tag: string) {
  const { page } = phone;
  const cdp = await phone.context.newCDPSession(page);
  if (throttled) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(link);
  await page.getByLabel('Choose a passphrase').fill('join bench passphrase one');
  await page.getByLabel('Type it again').fill('join bench passphrase one');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Name for this device').fill('Bench joiner');
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
  }
  await page.evaluate(() => performance.mark('jb:click'));
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Join campaign' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: LONG });
  const shown = page.locator('[data-testid="count-people"]');
  let first = 0;
  for (;;) {
    const text = await shown.textContent({ timeout: LONG });
    const value = Number((text ?? '').replace(/[^0-9]/g, ''));
    if (value > 0 && first === 0) first = Date.now() - t0;
    if (value >= people) break;
    if (Date.now() - t0 > LONG) throw new Error(`counted ${value}`);
    await page.waitForTimeout(20);
  }
  const all = Date.now() - t0;
  if (profile) {
    const { profile: p } = await cdp.send('Profiler.stop');
    writeFileSync(`/tmp/jb-prof-${tag}.cpuprofile`, JSON.stringify(p));
  }
  const marks = (await page.evaluate(`(() => {
    const c = performance.getEntriesByName('jb:click')[0]; const z = c ? c.startTime : 0;
    const m = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('jb:') && m.name !== 'jb:click')
      .map((m) => m.name.slice(3) + '@' + (m.startTime - z).toFixed(0));
    const j = globalThis.__jb || {};
    const o = Object.entries(j).map(([k, v]) => k + '=' + (['firstEntry', 'firstApply', 'lastApply'].includes(k) ? '@' + (v - z).toFixed(0) : Math.round(v)));
    return m.concat(o).join(' ');
  })()`)) as string;
  return { first: first || all, all, marks };
}

async function main() {
  use(builds[0] as string);
  const server = await startServer({ port: 0, host: '127.0.0.1', root: ROOT });
  const results: Record<string, string[]> = {};
  const note = (k: string, v: string) => {
    results[k] = [...(results[k] ?? []), v];
    console.log(k, v);
  };
  try {
    const file = await campaignBackup(people, Math.round(people * 3.75));
    const a = await launchPhone();
    const r = await restoreTimed(a, server.url, file, people);
    console.log('restore quiet (baseline, first build)', r);
    await nameDevice(a.page, 'Bench organizer');
    await changesLeftPhone(a.page, LONG);
    const link = await inviteLink(a.page);
    await a.close();
    const phases: ('entries' | 'snapshot')[] = [];
    if (entriesPhase) phases.push('entries');
    if (snapshotPhase) phases.push('snapshot');
    for (const phase of phases) {
      if (phase === 'snapshot') {
        // A joined phone left open compacts the log (5–30 s after its catch-up).
        use(builds[0] as string);
        const c = await launchPhone();
        await joinTimed(c, link, false, 'compactor');
        await new Promise((res) => setTimeout(res, 45_000));
        await c.close();
      }
      for (let i = 0; i < rounds; i++) {
        for (const throttled of [false, true]) {
          const order = i % 2 === 0 ? builds : [...builds].reverse();
          for (const b of order) {
            use(b);
            const tag = `${phase}-${name(b)}-${throttled ? '4x' : 'q'}-${i}`;
            const p = await launchPhone();
            try {
              const t = await joinTimed(p, link, throttled, tag);
              note(`${phase} ${name(b)} ${throttled ? '4x' : 'quiet'}`, `${t.first}/${t.all} ${t.marks}`);
            } finally {
              await p.close();
            }
          }
        }
      }
    }
  } finally {
    await server.close();
  }
  console.log('--- summary (first people / all people, ms)');
  for (const [k, v] of Object.entries(results)) console.log(k, '|', v.join(' | '));
  process.exit(0);
}
void main();
