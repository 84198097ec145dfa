/**
 * Safety within reach, in real Chromium at 360×780: from every screen of the unlocked app, "Lock
 * now" is two taps and a panic wipe two taps plus one confirmation, whose button sits in the bottom
 * half of the screen and is at least 48 px tall; backing out leaves the screen as it was; the wipe
 * leaves no database, cache or service worker. The sheet and the confirmation are screenshotted in
 * light and dark, English and Spanish (to SHOTS_DIR when set).
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './a11y';
import { addPerson, firstRun, nameDevice, storageIsEmpty, unlock } from './app-model';
import { launchPhone, PHONE, type Phone } from './browser';
import { idsFromScreens, type Lang, openScreen, SAFETY, shot, unlockedScreens } from './screens';

const PASS = 'maple orbit candle harbor';
const base = () => inject('baseUrl');
let phone: Phone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

/** Counts the taps a user makes, so the test states the budget rather than a click sequence. */
function tapper(page: Page) {
  let taps = 0;
  return {
    async tap(role: 'button', name: string) {
      taps++;
      await page.getByRole(role, { name, exact: true }).click();
    },
    get count() {
      return taps;
    },
  };
}

/** Opens the safety sheet and asks for the wipe; returns the taps it took. */
async function askToWipe(page: Page, lang: Lang): Promise<number> {
  const words = SAFETY[lang];
  const user = tapper(page);
  await user.tap('button', words.open);
  await page.getByTestId('safety-sheet').waitFor();
  await user.tap('button', words.wipe);
  await page.getByTestId('panic-confirm').waitFor();
  return user.count;
}

/**
 * The confirm button is in the bottom half of the screen and at least 48 px tall as the phone
 * shows it (a page wider than the phone makes a mobile browser zoom out, which would shrink it).
 */
async function expectInThumbReach(page: Page, lang: Lang, where: string) {
  const button = page.getByRole('button', { name: SAFETY[lang].confirm, exact: true });
  const box = await button.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      top: r.top,
      bottom: r.bottom,
      height: r.height,
      vh: innerHeight,
      scale: visualViewport?.scale ?? 1,
    };
  });
  const onScreen = (px: number) => px * box.scale;
  expect(onScreen(box.top), `confirm in the bottom half on ${where}`).toBeGreaterThanOrEqual(
    PHONE.height / 2,
  );
  expect(onScreen(box.bottom), `confirm on screen on ${where}`).toBeLessThanOrEqual(PHONE.height);
  expect(onScreen(box.height), `confirm ≥ 48 px tall on ${where}`).toBeGreaterThanOrEqual(48);
}

describe('safety within reach', () => {
  it('lock is 2 taps and panic wipe 2 taps + confirm from every screen; the wipe erases everything', async () => {
    phone = await launchPhone();
    const { page } = phone;
    await page.goto(base());
    await firstRun(page, PASS, 'Safety walk');
    await addPerson(page, 'Rosalind Okonkwo');
    await nameDevice(page, 'Safety phone');
    const { personId, deviceId } = await idsFromScreens(page);

    for (const stop of unlockedScreens(personId, deviceId)) {
      await openScreen(page, stop);
      const hash = await page.evaluate(() => location.hash);
      expect(
        await askToWipe(page, 'en'),
        `taps to the wipe confirmation on ${stop.name}`,
      ).toBeLessThanOrEqual(2);
      await expectInThumbReach(page, 'en', stop.name);
      // Backing out returns to the same screen, with nothing erased.
      await page.getByRole('button', { name: SAFETY.en.cancel, exact: true }).click();
      await page.getByTestId('panic-confirm').waitFor({ state: 'detached' });
      expect(await page.evaluate(() => location.hash), `still on ${stop.name}`).toBe(hash);
    }

    // Settings keeps its own Lock now, and every lock choice is in one unit (never "120 s").
    await openScreen(page, { name: 'settings', route: 'settings' });
    await page.getByRole('button', { name: SAFETY.en.lock, exact: true }).waitFor();
    const choices = await page.locator('#lock-idle option, #lock-grace option').allTextContents();
    expect(choices.length).toBeGreaterThanOrEqual(8);
    for (const c of choices) expect(c).toMatch(/^(Immediately|½ min|\d+ min)$/);

    // Server settings are not in everyday view: on Sharing they wait behind "Advanced".
    await openScreen(page, { name: 'sharing', route: 'sharing' });
    await expect(page.locator('#signaling-urls').isVisible()).resolves.toBe(false);
    await expect(page.locator('#ice-servers').isVisible()).resolves.toBe(false);

    // Lock now: two taps from a person's page, and the passphrase opens the app again.
    await openScreen(page, { name: 'person', route: `people/${personId}` });
    const user = tapper(page);
    await user.tap('button', SAFETY.en.open);
    await user.tap('button', SAFETY.en.lock);
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    expect(user.count).toBe(2);
    await unlock(page, PASS);

    // Escape closes the sheet without doing anything.
    await page.getByRole('button', { name: SAFETY.en.open, exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('safety-sheet').waitFor({ state: 'detached' });

    // The wipe itself, from the log screen: the same checks as the wipe from Settings.
    await page.waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration())?.active);
    await page.waitForFunction(async () => (await caches.keys()).length > 0);
    await openScreen(page, { name: 'log', route: `log/${personId}` });
    await askToWipe(page, 'en');
    await page.getByRole('button', { name: SAFETY.en.confirm, exact: true }).click();
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    expect(await storageIsEmpty(page)).toEqual({ dbs: [], caches: [], sw: 0 });
  });

  for (const lang of ['en', 'es'] as const) {
    it(`the safety sheet and the wipe confirmation, light and dark (${lang})`, async () => {
      phone = await launchPhone({ locale: lang === 'es' ? 'es-ES' : 'en-US' });
      const { page } = phone;
      await page.goto(base());
      await firstRun(page, PASS, lang === 'es' ? 'Campaña del almacén' : 'Warehouse campaign', lang);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await openScreen(page, { name: 'home', route: 'home' });
        await page.getByRole('button', { name: SAFETY[lang].open, exact: true }).click();
        await page.getByTestId('safety-sheet').waitFor();
        await expectAccessible(page, `safety sheet (${scheme}, ${lang})`);
        await shot(page, `safety-sheet-${scheme}-${lang}`);
        await page.getByRole('button', { name: SAFETY[lang].wipe, exact: true }).click();
        await page.getByTestId('panic-confirm').waitFor();
        await expectInThumbReach(page, lang, `home (${scheme}, ${lang})`);
        await expectAccessible(page, `wipe confirmation (${scheme}, ${lang})`);
        await shot(page, `safety-confirm-${scheme}-${lang}`);
        await page.getByRole('button', { name: SAFETY[lang].cancel, exact: true }).click();
        await page.getByTestId('panic-confirm').waitFor({ state: 'detached' });
      }
    });
  }
});
