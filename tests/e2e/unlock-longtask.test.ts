/**
 * Unlocking a big campaign never holds the main thread long (issue "Open a big campaign in under a
 * second on a phone"): an 8,000-person campaign with 30,000 conversations is restored from a backup
 * file, locked, and unlocked; a `longtask` observer armed on the lock screen sees every main-thread
 * task from the passphrase submit until the live home has drawn its last section, plus a window
 * after it. The longest of them must stay under a limit measured in the same page: a task of
 * 100 ms on a phone, with a margin of 4× for this shared machine, scaled up when the page is
 * slower than usual — by the time `JSON.parse` of an eighth of the same records takes (expected to
 * take about 10 ms here when the machine is quiet; measured after the window, in the same page).
 * Before home was built in slices (app/home-view.ts `primeHome`, ui/kit/stages.ts) it saw 604 ms.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { makeCampaignBackup } from '../fixtures/campaign-backup';
import { generateCampaign } from '../fixtures/campaign-generator';
import { restoreBackup } from '../fixtures/map-paint';
import { launchPhone, type Phone } from './browser';
import { pageSpeed } from './page-speed';

const PASS = 'long task lantern harbour copper';
const BACKUP_PASS = 'long task backup passphrase';
const PEOPLE = 8000;
const CONVERSATIONS = 30_000;
const SPEC = { seed: 42, people: PEOPLE, units: 40, shifts: 3, conversations: CONVERSATIONS };
const LONG = 120_000;
/** The window after home is live in which tasks still count (ms of page time). */
const AFTER_MS = 3000;
/** The target on a phone, and the margin for this loaded 2-core machine. */
const TARGET_MS = 100;
const MARGIN = 4;
/** What the calibration (JSON.parse of an eighth of the records) takes on a quiet run here. */
const CALIBRATION_QUIET_MS = 10;

/** Arms the observer on the lock screen; `window.__lt` collects [start, duration] of every long task. */
const ARM = `(() => {
  const lt = { tasks: [], t0: 0, live: 0 };
  window.__lt = lt;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) lt.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('submit', () => { lt.t0 = performance.now(); }, { capture: true, once: true });
})()`;

/**
 * Resolves once the live home has drawn everything it shows (its last section, out of the opening
 * state), and then `AFTER_MS` more of page time: the window the tasks are watched in.
 */
const LIVE_AND_AFTER = `new Promise((resolve) => {
  const lt = window.__lt;
  const check = () => {
    if (!lt.live && !document.querySelector('[data-testid="home-preview"]') &&
        document.querySelector('nav[aria-label="Main"]') && document.getElementById('dash-shifts-title'))
      lt.live = performance.now();
    if (lt.live && performance.now() - lt.live >= ${AFTER_MS}) resolve(0);
    else setTimeout(check, 50);
  };
  check();
})`;

/** The campaign's records as plain JSON, cut to an eighth (people and conversations alike). */
function eighthOfRecords(): string {
  const doc = new Y.Doc();
  generateCampaign(doc, SPEC);
  const all = doc.toJSON() as Record<string, unknown>;
  doc.destroy();
  const cut = (o: unknown) =>
    Object.fromEntries(Object.entries((o ?? {}) as object).filter((_, i) => i % 8 === 0));
  return JSON.stringify({ ...all, people: cut(all.people), conversations: cut(all.conversations) });
}

describe('unlocking an 8,000-person campaign', () => {
  let phone: Phone;
  let records: string;

  beforeAll(async () => {
    const file = await makeCampaignBackup({
      dbName: 'unlock-longtask',
      vaultPass: 'seed passphrase for the long task test',
      campaignName: 'DCX7',
      backupPass: BACKUP_PASS,
      fill: (doc) => generateCampaign(doc, SPEC),
    });
    records = eighthOfRecords();
    phone = await launchPhone();
    const { page } = phone;
    await restoreBackup(page, inject('baseUrl'), PASS, file, BACKUP_PASS);
    await page.locator('[data-testid="count-people"]', { hasText: '8,000' }).waitFor({ timeout: LONG });
    // Lock stores the home view the next unlock paints first.
    await page.locator('.safety-button').click();
    await page.locator('.safety-lock').click();
    await page.locator('#unlock-pass').waitFor({ timeout: LONG });
  }, 240_000);

  afterAll(async () => {
    await phone?.close();
  });

  it('runs no main-thread task much over 100 ms from unlock until a while after home is live', async () => {
    const { page } = phone;
    await page.evaluate(ARM);
    await page.getByLabel('Passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.evaluate(LIVE_AND_AFTER);
    const seen = (await page.evaluate('window.__lt')) as {
      tasks: [number, number][];
      t0: number;
      live: number;
    };
    const { ms: calibration, scale } = await pageSpeed(page, records, CALIBRATION_QUIET_MS);
    const tasks = seen.tasks.filter(([s, d]) => s + d > seen.t0 && s < seen.live + AFTER_MS);
    const longest = tasks.reduce((m, [, d]) => Math.max(m, d), 0);
    const limit = TARGET_MS * MARGIN * scale;
    console.log(
      `[unlock-longtask] ${PEOPLE} people, ${CONVERSATIONS} conversations: home live ${(seen.live - seen.t0).toFixed(0)} ms ` +
        `after submit; longest task ${longest.toFixed(0)} ms of ${tasks.length} long tasks ` +
        `(limit ${limit.toFixed(0)} ms; JSON.parse of an eighth of the records ${calibration.toFixed(1)} ms)`,
    );
    expect(longest).toBeLessThanOrEqual(limit);
  });
});
