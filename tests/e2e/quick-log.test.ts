/**
 * The daily loop from a coworker's page at 360×780, counting taps: calling them is one tap (a
 * `tel:` link on the first screen), and a quick log (how, one note, their answer, assessment,
 * next step) is at most five taps, saved and shown on their page. Typing does not count as a tap.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './a11y';
import { addPerson, goto } from './app-model';
import { campaignPhoneForBlock } from './block-phone';
import { PHONE, SHOTS, screenshot } from './browser';

const PASS = 'copper kettle river lantern';
const NAME = 'Aroha Te Whata';
const LOOK = '/tmp/shots-person';

/** A screenshot from the top, kept with the others and copied where it is looked at. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
  mkdirSync(LOOK, { recursive: true });
  copyFileSync(join(SHOTS, `${name}.png`), join(LOOK, `${name}.png`));
}

/** Light and dark screenshots and axe checks of the screen on show. */
async function bothSchemes(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await shot(page, `${name}-${scheme}`);
    await expectAccessible(page, `${name} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('quick log and contact from a person page', () => {
  const phone = campaignPhoneForBlock(PASS, 'Southside cold storage');

  it('calls in one tap and logs in five', async () => {
    const { page } = phone;
    await addPerson(page, NAME);
    await goto(page, 'people');
    await page.getByRole('link', { name: new RegExp(NAME) }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    // A number as a spreadsheet exports it: leading apostrophe, spaces and dashes.
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByLabel('Number or address').fill("'+64 21-555 0199");
    await page.getByLabel('Number or address').press('Tab');
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved\.?$/ })
      .waitFor();
    await expect(page.getByTestId('person-phone').textContent()).resolves.toBe('+64 21-555 0199');

    let taps = 0;
    const tap = async (target: Locator) => {
      taps += 1;
      await target.click();
    };

    // Call: a tel: link on the person's first screen, so one tap.
    await page.evaluate(() => window.scrollTo(0, 0));
    const call = page.getByRole('link', { name: `Call ${NAME}` });
    await expect(call.getAttribute('href')).resolves.toBe('tel:+64215550199');
    const box = await call.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= PHONE.height - 64).toBe(true);
    await expect(page.getByRole('link', { name: `Text ${NAME}` }).getAttribute('href')).resolves.toBe(
      'sms:+64215550199',
    );
    await expect(
      page.getByRole('link', { name: `Message ${NAME} on WhatsApp` }).getAttribute('href'),
    ).resolves.toBe('https://wa.me/64215550199');
    await expect(
      page.getByRole('link', { name: `Message ${NAME} on Signal` }).getAttribute('href'),
    ).resolves.toBe('https://signal.me/#p/+64215550199');
    await expect(page.getByTestId('person-last-talked').textContent()).resolves.toBe('Not yet');
    await bothSchemes(page, 'person-01-header');

    // Quick log: who is preselected; how, note, answer, assessment, next step, save.
    await tap(page.getByRole('link', { name: 'Log a conversation' }));
    await page.getByRole('heading', { name: 'Log a conversation', level: 1 }).waitFor();
    await expect(page.getByTestId('log-who').textContent()).resolves.toBe(NAME);
    await expect(
      page.getByRole('button', { name: /^More detail/ }).getAttribute('aria-expanded'),
    ).resolves.toBe('false');
    await tap(page.locator('label.chip').filter({ hasText: /^In person$/ }));
    await page.getByLabel('Note', { exact: true }).fill('Freezer gloves wear out in a week; angry about it');
    await tap(page.locator('label.chip').filter({ hasText: /^Yes$/ }));
    await tap(
      page
        .locator('label.assess-option')
        .filter({ has: page.getByRole('radio', { name: /^2 · Supporter/ }) }),
    );
    await expect(page.getByRole('radio', { name: /^2 · Supporter/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: 'Yes' }).isChecked()).resolves.toBe(true);
    await page.getByLabel('What happens next').fill('Bring her to the Tuesday meeting');
    await expect(page.getByLabel('By when').inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await bothSchemes(page, 'person-02-quick-log');
    // The Save bar never covers a field: the last field's bottom is above the bar when scrolled to.
    await page.getByLabel('Only me, on this phone').scrollIntoViewIfNeeded();
    const bar = await page.locator('.save-bar').boundingBox();
    const last = await page.getByRole('radio', { name: /Only me, on this phone/ }).boundingBox();
    expect(bar && last && last.y + last.height <= bar.y).toBe(true);
    await tap(page.getByRole('button', { name: 'Save conversation' }));
    await page.getByText('Conversation saved.').waitFor();
    expect(taps).toBeLessThanOrEqual(5);

    // Shown on their page: the entry titled by how and its first words, the header updated.
    await page.getByRole('link', { name: `Open ${NAME}` }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    const entry = page.locator('.timeline > li').first();
    await expect(entry.locator('.timeline-title').textContent()).resolves.toBe(
      'In person: Freezer gloves wear out in a week; angry…',
    );
    await expect(entry.textContent()).resolves.toContain('Answer: Yes');
    await expect(page.getByTestId('person-assessment').textContent()).resolves.toContain('2 · Supporter');
    await expect(page.getByTestId('person-last-talked').textContent()).resolves.toContain('today');
    await expect(page.getByTestId('person-next-step').textContent()).resolves.toContain(
      'Bring her to the Tuesday meeting',
    );
    await bothSchemes(page, 'person-03-after-log');

    // "More detail" stays as it was left on this device.
    await page.getByRole('link', { name: 'Log a conversation' }).click();
    await page.getByRole('button', { name: /^More detail/ }).click();
    await page.getByLabel('Vision', { exact: true }).waitFor();
    await goto(page, 'home');
    await goto(page, 'log');
    await expect(
      page.getByRole('button', { name: /^More detail/ }).getAttribute('aria-expanded'),
    ).resolves.toBe('true');
    await page.getByLabel('Vision', { exact: true }).waitFor();
  });
});

describe('person page in Spanish', () => {
  const phone = campaignPhoneForBlock(PASS, 'Almacén sur', { lang: 'es', launch: { locale: 'es-ES' } });

  it('says when a number has no country code instead of building a wrong link', async () => {
    const { page } = phone;
    await goto(page, 'people');
    await page.getByLabel('Agregar rápido a un compañero').fill('Josefina Quispe');
    await page.getByRole('button', { name: 'Agregar', exact: true }).click();
    await page.getByRole('link', { name: /Josefina Quispe/ }).click();
    await page.getByRole('heading', { name: 'Josefina Quispe', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Agregar contacto' }).click();
    await page.getByLabel('Número o dirección').fill('612 34 56 78');
    await page.getByLabel('Número o dirección').press('Tab');
    await page
      .getByRole('status')
      .filter({ hasText: /^Guardado\.?$/ })
      .waitFor();
    await expect(
      page.getByRole('link', { name: 'Llamar a Josefina Quispe' }).getAttribute('href'),
    ).resolves.toBe('tel:612345678');
    await expect(page.getByRole('link', { name: /WhatsApp|Signal/ }).count()).resolves.toBe(0);
    await page.getByTestId('no-country-code').waitFor();
    await bothSchemes(page, 'person-04-es-header');
    await page.locator('.person-header').getByRole('link', { name: 'Registrar una conversación' }).click();
    await page.getByRole('heading', { name: 'Registrar una conversación', level: 1 }).waitFor();
    await bothSchemes(page, 'person-05-es-quick-log');
  });
});
