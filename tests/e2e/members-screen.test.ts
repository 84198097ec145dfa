/**
 * The Sharing screen of a campaign's founder, from the signed member list: this phone's six safety
 * words, the founder as the first admin, and the invite options before any link; English and
 * Spanish, light and dark, at phone width (screenshots go to SHOTS_DIR).
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './a11y';
import { firstRun, goto } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

let phone: Phone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

const WORDS = {
  en: {
    title: 'This phone’s safety words',
    admin: 'Admin',
    invite: 'Invite someone',
    make: 'Make invite link',
  },
  es: {
    title: 'Palabras de seguridad de este teléfono',
    admin: 'Admin',
    invite: 'Invitar a alguien',
    make: 'Crear enlace de invitación',
  },
} as const;

describe('the founder’s Sharing screen', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`shows the safety words, the founder as admin and the invite options (${lang})`, async () => {
      const w = WORDS[lang];
      phone = await launchPhone({ locale: lang === 'es' ? 'es-ES' : 'en-US' });
      const { page } = phone;
      await page.goto(inject('baseUrl'));
      await firstRun(page, 'founder phone passphrase', 'Dock 9', lang);
      await goto(page, 'sharing');
      await page.locator('#sharing-device-name').fill('Phone A');
      await page.locator('#sharing-device-name').press('Enter');
      const card = page.getByTestId('device-words');
      await card.getByRole('heading', { name: w.title }).waitFor({ timeout: 30_000 });
      await expect(card.locator('.safety-words li').count()).resolves.toBe(6);
      const me = page.locator('li.member-person');
      await me.first().waitFor({ timeout: 30_000 });
      await expect(me.count()).resolves.toBe(1);
      await expect(me.locator('.role-badge').textContent()).resolves.toBe(w.admin);
      await page.getByRole('button', { name: w.invite }).click();
      await page.getByRole('button', { name: w.make }).waitFor();
      await me.locator('summary').click();
      await expectAccessible(page, `sharing members (${lang}, light)`);
      await screenshot(page, `members-${lang}-light`);
      await page.emulateMedia({ colorScheme: 'dark' });
      await expectAccessible(page, `sharing members (${lang}, dark)`);
      await screenshot(page, `members-${lang}-dark`);
    });
  }
});
