/**
 * The workplace map's first paint in real Chromium at a phone viewport: a fresh production build
 * served by the app's own server on loopback, an 8,000-person campaign (40 units × 3 shifts)
 * restored from a backup, then, after each unlock, the time from navigating to `#/map` until the
 * frame that draws the chart has been painted. The first visit after an unlock includes loading
 * the map's code. The baseline is the people list over the same campaign, navigated to the same
 * way in the same page: the cost of showing those 8,000 people as a plain virtual list.
 */
import { startServer } from '../../src/server/server';
import { unlock } from '../e2e/app-model';
import { launchPhone } from '../e2e/browser';
import {
  BENCH_BACKUP_PASS,
  bigCampaignBackup,
  MAP_BUSY,
  MAP_CHART,
  MAP_SCROLL,
  restoreBackup,
  scrollFrames,
  timeNavigation,
} from '../fixtures/map-paint';
import { appBuild } from './app-build';
import { median, percentile, record } from './report';

const PASS = 'bench passphrase for the map paint';

export async function benchMapPaint(people = 8000, runs = 3): Promise<void> {
  const server = await startServer({ port: 0, host: '127.0.0.1', root: await appBuild() });
  const phone = await launchPhone();
  try {
    const { page } = phone;
    const backupPass = BENCH_BACKUP_PASS;
    await restoreBackup(page, server.url, PASS, await bigCampaignBackup(backupPass, people), backupPass);
    const home = async () => {
      await page.evaluate(() => {
        location.hash = '#/home';
      });
      await page.waitForTimeout(300);
    };
    const list: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    const whole: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (i > 0) {
        await page.reload();
        await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
        await unlock(page, PASS);
      }
      await page.waitForTimeout(300);
      list.push((await timeNavigation(page, '#/people', 'a[href^="#/people/"]')).firstPaint);
      await home();
      const first = await timeNavigation(page, '#/map', MAP_CHART, MAP_BUSY);
      cold.push(first.firstPaint);
      whole.push(first.complete);
      await home();
      warm.push((await timeNavigation(page, '#/map', MAP_CHART, MAP_BUSY)).firstPaint);
    }
    // Scrolling the open chart from top to bottom, 120 px a frame; the baseline is the same
    // scroll of the people list (a plain virtual list over the same people).
    await page.waitForTimeout(500);
    const mapFrames = await scrollFrames(page, MAP_SCROLL);
    await home();
    await page.evaluate(() => {
      location.hash = '#/people';
    });
    await page.waitForSelector('a[href^="#/people/"]');
    const listFrames = await scrollFrames(page, 'html');
    const label = `${people.toLocaleString('en')} people, 40 units × 3 shifts, Chromium 360×780`;
    record({
      figure: `map: first screen painted after navigation, first visit after unlock (incl. map code), ${label}`,
      value: median(cold),
      unit: 'ms',
      baseline: median(list),
      target: '< 200 ms',
      ok: median(cold) < 200,
      note: `runs: ${cold.map((x) => x.toFixed(0)).join(', ')}`,
    });
    record({
      figure: `map: first screen painted after navigation, later visit, ${label}`,
      value: median(warm),
      unit: 'ms',
      baseline: median(list),
      target: '< 200 ms',
      ok: median(warm) < 200,
    });
    record({
      figure: `map: frame length while scrolling the chart (p95 of ${mapFrames.length} frames), ${label}`,
      value: percentile(mapFrames, 95),
      unit: 'ms',
      baseline: percentile(listFrames, 95),
      target: '< 33 ms (no frame drops below 30 fps)',
      ok: percentile(mapFrames, 95) < 33,
    });
    record({
      figure: `map: whole chart drawn (every row), first visit, ${label}`,
      value: median(whole),
      unit: 'ms',
      baseline: median(list),
    });
  } finally {
    await phone.close();
    await server.close();
  }
}
