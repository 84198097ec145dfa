/**
 * The iPhone "add to Home Screen" explanation, in Chromium with an iPhone Safari user agent (the
 * rules are the page's, so the engine does not matter here): shown at first run and after unlock
 * until dismissed, once dismissed never again, honest status in settings, English and Spanish,
 * light and dark — and never on the default (non-iOS) phone.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { firstRun, goto, unlock } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const PASS = 'pebble lantern orchard quay';
const base = () => inject('baseUrl');
let phone: Phone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

const notice = (p: Phone) => p.page.locator('section.install-notice');

describe('iPhone: add to Home Screen', () => {
  it('English: shown at first run, dismissed once, gone for good; settings says the data may be erased', async () => {
    phone = await launchPhone({ args: [`--user-agent=${IPHONE_UA}`] });
    const { page } = phone;
    await page.goto(base());
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    await page.getByRole('heading', { name: 'Add Shopfloor to your Home Screen' }).waitFor();
    await expect(notice(phone).textContent()).resolves.toContain('after about a week without use');
    await expect(notice(phone).textContent()).resolves.toContain('Add to Home Screen');
    await expect(notice(phone).textContent()).resolves.toContain('server’s mailbox');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'ios-notice-en-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'ios-notice-en-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Got it' }).click();
    await notice(phone).waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    await firstRun(page, PASS, 'Harbor Freight Local 12');
    // Dismissed before unlock: the unlocked app does not ask again.
    await expect(notice(phone).count()).resolves.toBe(0);

    await goto(page, 'settings');
    const status = page.getByTestId('install-status');
    await status.waitFor();
    await expect(status.getAttribute('data-installed')).resolves.toBe('false');
    await expect(status.textContent()).resolves.toContain('Share → Add to Home Screen');
    await screenshot(page, 'ios-notice-settings-en');
  });

  it('Spanish: shown after unlock until dismissed, then remembered in the personal settings', async () => {
    phone = await launchPhone({ args: [`--user-agent=${IPHONE_UA}`], locale: 'es-ES' });
    const { page } = phone;
    await page.goto(base());
    await page.getByRole('heading', { name: 'Añade Shopfloor a tu pantalla de inicio' }).waitFor();
    await firstRun(page, PASS, 'Almacén Norte', 'es');
    await page.getByRole('heading', { name: 'Añade Shopfloor a tu pantalla de inicio' }).waitFor();
    await expect(notice(phone).textContent()).resolves.toContain('Añadir a pantalla de inicio');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'ios-notice-es-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'ios-notice-es-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Entendido' }).click();
    await notice(phone).waitFor({ state: 'detached' });
    // Only the personal settings remember it here (no device flag was set before unlock).
    await expect(page.evaluate(() => localStorage.getItem('shopfloor.installNotice'))).resolves.toBeNull();
    await page.reload();
    await page.getByLabel('Frase de acceso').fill(PASS);
    await page.getByRole('button', { name: 'Desbloquear' }).click();
    await page.getByRole('navigation', { name: 'Principal' }).waitFor({ timeout: 30_000 });
    await expect(notice(phone).count()).resolves.toBe(0);
  });

  it('not shown on the default phone (not iOS), and settings says nothing about Home Screen erasing', async () => {
    phone = await launchPhone();
    const { page } = phone;
    await page.goto(base());
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    await firstRun(page, PASS, 'Plain Android');
    await goto(page, 'settings');
    await page.getByTestId('persistence').waitFor();
    await expect(notice(phone).count()).resolves.toBe(0);
    await expect(page.getByTestId('install-status').count()).resolves.toBe(0);
    await page.reload();
    await unlock(page, PASS);
    await expect(notice(phone).count()).resolves.toBe(0);
  });
});
