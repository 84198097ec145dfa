/**
 * The foundation, as a user meets it on a phone: first run, a person added, reload and unlock,
 * a wrong passphrase refused, offline reload, and nothing readable anywhere in the browser's storage.
 */
import { describe, expect, inject, it } from 'vitest';
import { dumpAllStorage, forms, goto, unlock } from './app-model';
import { phoneForBlock } from './block-phone';
import { screenshot } from './browser';

const PASS = 'copper kettle river lantern';
const CAMPAIGN = 'Zanzibar Quarry Local 1199';
const NAMES = ['Xiomara Quintanilla-Brzęczyszczykiewicz', 'Ngozi Okonkwo-Zeitgeist', 'Пётр Ёлкин'];

describe('foundation', () => {
  const phone = phoneForBlock();
  const base = inject('baseUrl');

  it('first run → passphrase → campaign → add people → reload → unlock → still there', async () => {
    const { page } = phone;
    await page.goto(base);
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    await expect(page.getByText('cannot be recovered')).toBeTruthy();
    await page.getByLabel('Choose a passphrase').fill('short');
    await expect(page.locator('#setup-strength').textContent()).resolves.toContain('Too weak');
    await page.getByLabel('Choose a passphrase').fill(PASS);
    await expect(page.locator('#setup-strength').getAttribute('data-score')).resolves.toMatch(/[34]/);
    await screenshot(page, 'foundation-01-first-run');
    await page.getByLabel('Type it again').fill(PASS);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Campaign name').fill(CAMPAIGN);
    await screenshot(page, 'foundation-02-campaign-name');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('heading', { name: CAMPAIGN }).waitFor();
    await screenshot(page, 'foundation-03-home-empty');

    await goto(page, 'people');
    for (const name of NAMES) {
      await page.getByLabel('Quick add a coworker').fill(name);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('link', { name: new RegExp(name) }).waitFor();
    }
    await screenshot(page, 'foundation-04-people');

    await page.reload();
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    await screenshot(page, 'foundation-05-unlock');
    await unlock(page, PASS);
    await page.getByRole('heading', { name: CAMPAIGN }).waitFor();
    expect(await page.locator('[data-testid="count-people"]').textContent()).toBe('3');
    await screenshot(page, 'foundation-06-home');
    await goto(page, 'people');
    for (const name of NAMES) await page.getByRole('link', { name: new RegExp(name) }).waitFor();
  });

  it('refuses a wrong passphrase with a clear message and changes nothing', async () => {
    const { page } = phone;
    await page.reload();
    const before = await dumpAllStorage(page);
    await page.getByLabel('Passphrase').fill('copper kettle river lantern!');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
    await screenshot(page, 'foundation-07-wrong-passphrase');
    const after = await dumpAllStorage(page);
    const idb = (d: typeof before) => d.filter((x) => x.source.startsWith('idb:'));
    expect(idb(after)).toEqual(idb(before));
    await unlock(page, PASS);
  });

  it('stores nothing readable: no name, campaign or passphrase in any database, cache or web storage', async () => {
    const { page } = phone;
    const dump = await dumpAllStorage(page);
    expect(dump.some((d) => d.source.startsWith('idb:shopfloor/updates'))).toBe(true);
    expect(dump.map((d) => d.text).join('').length).toBeGreaterThan(1000);
    for (const secret of [...NAMES, CAMPAIGN, PASS, 'Quintanilla', 'Okonkwo', 'Ёлкин']) {
      for (const form of forms(secret)) {
        const hit = dump.find((d) => d.text.includes(form));
        expect(hit?.source, `"${secret}" found in ${hit?.source}`).toBeUndefined();
      }
    }
  });

  it('works offline after the first load: reload, unlock, every record as it was', async () => {
    const { page, context } = phone;
    await page.waitForFunction(
      async () => !!(await navigator.serviceWorker?.getRegistration())?.active,
      null,
      {
        timeout: 30_000,
      },
    );
    await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 30_000 });
    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
      await unlock(page, PASS);
      await page.getByRole('heading', { name: CAMPAIGN }).waitFor();
      await goto(page, 'people');
      for (const name of NAMES) await page.getByRole('link', { name: new RegExp(name) }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor();
      await screenshot(page, 'foundation-08-offline');
    } finally {
      await context.setOffline(false);
    }
  });
});
