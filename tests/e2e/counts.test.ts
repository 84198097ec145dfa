/**
 * Denominators at 360 × 780 (issue 18): home and the map count 4 cards of ~100 (the units'
 * estimates), not of the 11 people known, and say so; neither screen pans sideways; the map is
 * stacked with one coverage badge per unit; the bargaining-unit size is set on the map, refused in
 * words when it is not a number, and home follows it. Screenshots in light and dark, English and
 * Spanish.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { countsCampaignBackup } from '../fixtures/counts-campaign';
import { restoreBackup } from '../fixtures/map-paint';
import { expectAccessible } from './a11y';
import { goto } from './app-model';
import { phoneForBlock } from './block-phone';
import { screenshot } from './browser';

const PASS = 'harbour lantern copper river';
const BACKUP_PASS = 'backup passphrase for the counts test';

/** Page width against the viewport, and the widest element sticking out (to name it on failure). */
function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    let widest = '';
    let right = root.clientWidth;
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 0.5) {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}.${el.className}`;
      }
    }
    return { scroll: root.scrollWidth, client: root.clientWidth, widest };
  });
}

async function noSideways(page: Page, screen: string) {
  const o = await overflow(page);
  expect(o.scroll, `${screen} pans sideways (widest: ${o.widest})`).toBeLessThanOrEqual(o.client);
}

/** Inline links and buttons in the main content: each at least 44 px tall. */
function smallTargets(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main a, main button, main summary, main select')]
      .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden, .chart-svg'))
      .map((el) => ({
        text: el.textContent?.trim().slice(0, 40) ?? '',
        h: el.getBoundingClientRect().height,
      }))
      .filter((x) => x.h < 43.5),
  );
}

describe('counts against the bargaining unit at 360 px', () => {
  const phone = phoneForBlock();
  const base = inject('baseUrl');

  it('home and map name their denominators, do not pan sideways, and follow the size set', async () => {
    const { page } = phone;
    try {
      await restoreBackup(page, base, PASS, await countsCampaignBackup(BACKUP_PASS), BACKUP_PASS);
    } catch (e) {
      await screenshot(page, 'counts-fail-restore');
      throw e;
    }

    await goto(page, 'home');
    await expect.poll(() => page.getByTestId('count-people').textContent(), { timeout: 20_000 }).toBe('11');
    expect(await page.getByTestId('pct-cards').textContent()).toBe('4% of ~100 (est.)');
    expect(await page.getByTestId('cards-summary').textContent()).toContain('4 cards signed of ~100 (est.)');
    const thresholds = await page.getByTestId('cards-thresholds').textContent();
    expect(thresholds).toContain('30%: 30 cards of ~100 (est.)');
    expect(thresholds).toContain('Majority: 51 cards of ~100 (est.)');
    expect(thresholds).toContain('65%: 65 cards of ~100 (est.)');
    expect(await page.getByTestId('progress-summary').textContent()).toContain(
      'Cards signed: 4 of ~100 (est.)',
    );
    await noSideways(page, 'home');
    expect(await smallTargets(page)).toEqual([]);
    await screenshot(page, 'counts-home-en-light');
    await expectAccessible(page, 'home with denominators');

    await goto(page, 'map');
    const chart = page.getByTestId('map-chart');
    await chart.waitFor();
    await expect.poll(() => page.locator('.map-row').count(), { timeout: 20_000 }).toBe(3);
    await noSideways(page, 'map');
    // One badge per unit row and one for all units; no warning text repeated in the cells.
    expect(await page.getByTestId('coverage-badge').count()).toBe(4);
    expect(await page.locator('td .map-warning').count()).toBe(0);
    const inbound = page.locator('.map-row').filter({ hasText: 'Inbound' }).first();
    expect(await inbound.locator('th').textContent()).toContain('Of ~60 (est.)');
    expect(await page.locator('.map-totals th').textContent()).toContain('11 known of ~100');
    // Every tab of the strip is on screen.
    for (const tab of await page.locator('.map-tab').all()) {
      const box = await tab.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    }
    await screenshot(page, 'counts-map-en-light');

    await goto(page, 'map/setup');
    const size = page.getByLabel('People in the bargaining unit');
    await size.fill('about 100');
    await page.getByRole('button', { name: 'Save size' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Enter a number of people, like 120.');
    await size.fill('-5');
    await page.getByRole('button', { name: 'Save size' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The size cannot be negative.');
    await size.fill('120');
    await page.getByRole('button', { name: 'Save size' }).click();
    await expect
      .poll(() => page.getByTestId('bargaining-unit-now').textContent())
      .toBe('Bargaining unit: 120, set by the committee.');
    await noSideways(page, 'map setup');
    await expectAccessible(page, 'map setup with the bargaining unit');

    await goto(page, 'home');
    await expect.poll(() => page.getByTestId('pct-cards').textContent()).toBe('3% of 120');
    expect(await page.getByTestId('cards-thresholds').textContent()).toContain('Majority: 61 cards of 120');

    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'counts-home-en-dark');
    await goto(page, 'map');
    await chart.waitFor();
    await noSideways(page, 'map (dark)');
    await screenshot(page, 'counts-map-en-dark');
    await expectAccessible(page, 'stacked map (dark)');

    await goto(page, 'settings');
    await page.getByLabel('Español').check();
    await goto(page, 'home');
    await expect.poll(() => page.getByTestId('pct-cards').textContent()).toBe('3% de 120');
    await noSideways(page, 'home (es)');
    await screenshot(page, 'counts-home-es-dark');
    await expectAccessible(page, 'inicio (es, dark)');
    await goto(page, 'map');
    await chart.waitFor();
    await noSideways(page, 'map (es)');
    await screenshot(page, 'counts-map-es-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'counts-map-es-light');
    await goto(page, 'home');
    await screenshot(page, 'counts-home-es-light');
  }, 120_000);
});
