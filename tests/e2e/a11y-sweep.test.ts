/**
 * axe-core on every screen, as an organizer meets it: a 360×780 phone, light and dark (emulated
 * prefers-color-scheme), English and Spanish (the phone's language). First run (passphrase, the
 * campaign step, joining from an invite), every screen of the unlocked app with a seeded campaign
 * restored from a backup (each map view, a person's page, the log form, member activity, restore
 * points …), the safety sheet and the wipe confirmation, and the lock screen.
 *
 * One browser per language, reusing one seeded backup; both themes are checked on each screen
 * before moving on. Every violation is collected, so one run reports them all. With SHOTS_DIR set,
 * each screen is saved as `<SHOTS_DIR>/<lang>-<scheme>-<screen>.png`.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { createInviteLink } from '../../src/sync/members/invite';
import { smallCampaignBackup } from '../fixtures/small-campaign';
import { axeViolations } from './a11y';
import { launchPhone } from './browser';
import { idsFromScreens, openScreen, settle, shot, unlockedScreens } from './screens';

const PASS = 'granite willow parade lantern';
const BACKUP_PASS = 'backup words for the sweep';
const base = () => inject('baseUrl');

interface Found {
  screen: string;
  violations: { id: string; impact: string; nodes: string[] }[];
}

/** Checks the page in both themes, collecting what axe finds, and saves the screenshots. */
function checker(page: Page, lang: string, found: Found[]) {
  return async (screen: string, opts: { fullPage?: boolean } = {}) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await settle(page);
      const violations = await axeViolations(page);
      if (violations.length > 0) found.push({ screen: `${screen} (${scheme}, ${lang})`, violations });
      await shot(page, `${lang}-${scheme}-${screen}`, { fullPage: opts.fullPage ?? true });
    }
  };
}

/** Passphrase step of first run, by field ids (the same in every language). */
async function choosePassphrase(page: Page) {
  await page.locator('#setup-pass').fill(PASS);
  await page.locator('#setup-confirm').fill(PASS);
  await page.locator('#setup-pass').press('Enter');
}

describe('axe sweep at 360×780', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`every screen, light and dark (${lang})`, async () => {
      const backup = await smallCampaignBackup(BACKUP_PASS);
      const phone = await launchPhone({ locale: lang === 'es' ? 'es-ES' : 'en-US' });
      const { page } = phone;
      const found: Found[] = [];
      const check = checker(page, lang, found);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
      try {
        // Joining from an invite: passphrase, then the campaign it names and this device's name.
        const invite = createInviteLink(`${base()}/`, {
          spaceId: 'sweepCampaignSpace01',
          spaceKey: new Uint8Array(32).fill(7),
          name: 'Almacén DCX7',
        });
        await page.goto(invite);
        await page.locator('#setup-pass').waitFor();
        await check('setup-passphrase');
        await choosePassphrase(page);
        await page.locator('form:has(button[type="submit"]) input[type="text"]').first().waitFor();
        await check('join');

        // First run without an invite: the campaign step, then restoring the seeded backup.
        await page.goto(base());
        await page.reload();
        await choosePassphrase(page);
        await page.locator('#setup-campaign').waitFor();
        await check('setup-campaign');
        await page.locator('details:has(#restore-file) > summary').click();
        await page.locator('#restore-file').setInputFiles({
          name: 'campaign.sfbackup',
          mimeType: 'application/json',
          buffer: backup,
        });
        await page.locator('#restore-pass').fill(BACKUP_PASS);
        await page.locator('details:has(#restore-file) button[type="submit"]').click();
        await page.locator('nav.bottom-nav, main [role="alert"]').first().waitFor({ timeout: 60_000 });
        const refused = page.locator('main [role="alert"]');
        if (await refused.count()) throw new Error(`restore refused: ${await refused.first().textContent()}`);

        // A device name, so that this device is listed with its activity page.
        await page.evaluate(() => {
          location.hash = '#/sharing';
        });
        await page.locator('#sharing-device-name').fill(lang === 'es' ? 'Teléfono de Ana' : 'Ana’s phone');
        await page.locator('form:has(#sharing-device-name) button[type="submit"]').click();
        const { personId, deviceId } = await idsFromScreens(page);

        for (const stop of unlockedScreens(personId, deviceId)) {
          await openScreen(page, stop);
          await check(stop.name);
        }

        // The safety menu on top of a screen, and the full-screen wipe confirmation.
        await openScreen(page, { name: 'home', route: 'home' });
        await page.locator('.safety-button').click();
        await page.getByTestId('safety-sheet').waitFor();
        await check('safety-sheet', { fullPage: false });
        await page.locator('.safety-sheet button.danger').click();
        await page.getByTestId('panic-confirm').waitFor();
        await check('panic-confirm', { fullPage: false });
        await page.locator('.panic-confirm-actions button:not(.danger)').click();
        await page.getByTestId('panic-confirm').waitFor({ state: 'detached' });

        // The lock screen.
        await page.locator('.safety-button').click();
        await page.locator('.safety-lock').click();
        await page.locator('#unlock-pass').waitFor();
        await check('unlock');
      } catch (err) {
        await shot(page, `${lang}-failed`, { fullPage: true }).catch(() => {});
        if (errors.length > 0 && err instanceof Error) err.message += `\npage errors: ${errors.join('\n')}`;
        throw err;
      } finally {
        await phone.close();
      }
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
    }, 180_000);
  }
});
