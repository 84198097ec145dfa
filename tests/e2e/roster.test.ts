/**
 * Bring your roster, on a phone (issue 8): a Windows-1252, semicolon-separated spreadsheet export
 * imported through the UI with one column mapped by hand, a duplicate merged, a bad row listed by
 * number, the review's questions answered (a column with data and no field kept as a note; dates
 * that read both ways given their order); the people then seen on the map (units as rows, people as chips) and still there after
 * a reload; a vCard file from a phone; the explicit, warned CSV export (downloaded and read back);
 * the printable roster in print media. axe-core on every step.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encodeWindows1252, ROSTER_DIR } from '../fixtures/make-roster-fixtures';
import { expectAccessible } from './a11y';
import { goto, unlock } from './app-model';
import { campaignPhoneForBlock } from './block-phone';
import { screenshot as fullShot } from './browser';

const PASS = 'copper kettle river lantern';
const CAMPAIGN = 'Almacén Norte organizing';

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

/** What a committee's spreadsheet looks like when Excel in Spanish saves it as "CSV". */
const SPREADSHEET = encodeWindows1252(
  [
    'Nombre;Sección de trabajo;Turno;Celular;Evaluación;Tarjeta firmada;Notas;Taquilla',
    'Begoña Muñoz;Almacén > Muelle 2;Noche;600 010 301;2;sí;"Dice “sí”; pero con miedo";',
    'Agustín Güell;Almacén > Muelle 2;Noche;600 010 302;indeciso;no;;',
    'Noémie Lefèvre;Recepción;Día;600 010 303;1;03/10/2025;"Habla con todos,',
    'también en el comedor";',
    ';Recepción;Día;;;;sin nombre;',
    'Íñigo Sáez;Recepción;Día;;muy majo;;;T-14',
    'CHIDI OKAFOR;;;600 010 305;3;;Ya estaba en la lista;',
    '',
  ].join('\r\n'),
);

/** A person's chip on the map (its name starts with the person's name; marks may add a space). */
const chip = (page: Page, name: string) => page.getByRole('button', { name: new RegExp(`^${name}\\s*,`) });

describe('bring your roster', () => {
  const phone = campaignPhoneForBlock(PASS, CAMPAIGN, {
    prepare: async ({ page }) => {
      // Someone the committee already added by hand, who is also in the spreadsheet.
      await goto(page, 'people');
      await page.getByLabel('Quick add a coworker').fill('Chidi Okafor');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('link', { name: /Chidi Okafor/ }).waitFor();
    },
  });

  it('imports a spreadsheet with a column mapping, a merged duplicate and a listed bad row', async () => {
    const { page } = phone;
    await goto(page, 'settings');
    await page.getByRole('link', { name: 'Import & export' }).scrollIntoViewIfNeeded();
    await fullShot(page, 'roster-00-settings-link');
    await page.getByRole('link', { name: 'Import & export' }).click();
    await page.getByRole('heading', { name: 'Import & export', level: 1 }).waitFor();
    await expect(page.getByRole('button', { name: 'Export people (CSV)' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'roster-01-start');
    await expectAccessible(page, 'import & export');

    await page
      .getByLabel('Choose a CSV or vCard file')
      .setInputFiles({ name: 'lista.csv', mimeType: 'text/csv', buffer: Buffer.from(SPREADSHEET) });
    await page.getByRole('heading', { name: 'Match columns' }).waitFor();
    await expect(page.getByTestId('file-summary').textContent()).resolves.toBe(
      'lista.csv · rows: 6 · Windows (Latin-1) characters · separated by semicolons',
    );
    // The preview shows the decoded text, line breaks inside cells included.
    await page.getByRole('cell', { name: 'Begoña Muñoz' }).waitFor();
    await page.getByRole('cell', { name: 'Dice “sí”; pero con miedo' }).waitFor();
    // Guessed from the headers …
    await expect(page.getByLabel('Nombre').inputValue()).resolves.toBe('name');
    await expect(page.getByLabel('Turno').inputValue()).resolves.toBe('shift');
    await expect(page.getByLabel('Celular').inputValue()).resolves.toBe('phone');
    await expect(page.getByLabel('Tarjeta firmada').inputValue()).resolves.toBe('card');
    // … except this one, which the user maps by hand.
    await expect(page.getByLabel('Sección de trabajo').inputValue()).resolves.toBe('');
    await page.getByLabel('Sección de trabajo').selectOption({ label: 'Unit' });
    await screenshot(page, 'roster-02-mapping');
    await expectAccessible(page, 'column mapping');

    await page.getByRole('button', { name: 'Review import' }).click();
    // Asked before anything imports: the locker column has data but no field, and 03/10/2025
    // could be either order. Until both are answered the import cannot start.
    const questions = page.getByTestId('import-questions');
    await questions.getByText('In this file, 03/10/2025 means').waitFor();
    await page.getByTestId('questions-pending').waitFor();
    await expect(page.getByRole('button', { name: /^Import people/ }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'roster-03a-questions');
    await expectAccessible(page, 'review questions');
    await questions.getByLabel('Taquilla').selectOption({ label: 'Keep in the note' });
    await questions.getByLabel(/\(day first\)/).check();
    await page.getByTestId('questions-pending').waitFor({ state: 'detached' });
    const counts = page.getByTestId('review-counts');
    await counts.getByText('New people: 4').waitFor();
    await counts.getByText('Already in the campaign: 1').waitFor();
    await counts.getByText('Rows left out: 1').waitFor();
    await page.getByText('Almacén, Almacén › Muelle 2, Recepción').waitFor();
    const problems = page.getByTestId('problems');
    await problems.getByText('Row 5 · No name. Row left out.').waitFor();
    await problems.getByText('Row 6 · Assessment: “muy majo” is not an assessment we know').waitFor();
    await page.getByLabel('Merge').check();
    await page.getByText('Choose for each one (1)').click();
    await page.getByText(/Looks like Chidi Okafor: same name and unit/).waitFor();
    await screenshot(page, 'roster-03-review');
    await expectAccessible(page, 'review');
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      await screenshot(page, 'roster-03-review-dark');
      await expectAccessible(page, 'review (dark)');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }

    await page.getByRole('button', { name: 'Import people (5)' }).click();
    await page
      .getByTestId('import-done')
      .getByText('Added: 4. Updated: 1. Left as they were: 0. New units: 3. New shifts: 2.')
      .waitFor();
    await screenshot(page, 'roster-04-done');
    await expectAccessible(page, 'import done');

    await page.getByRole('link', { name: 'See them on the map' }).click();
    await page.getByTestId('map-chart').waitFor();
    await screenshot(page, 'roster-05-map');
    for (const name of ['Begoña Muñoz', 'Agustín Güell', 'Noémie Lefèvre', 'Íñigo Sáez']) {
      await chip(page, name).waitFor();
    }
    const muelle = page
      .locator('tr.map-row')
      .filter({ has: page.getByRole('button', { name: 'Almacén › Muelle 2', exact: true }) });
    await expect(muelle.locator('.map-chip').count()).resolves.toBe(2);
    await screenshot(page, 'roster-05-map');
  });

  it('the import was durable before it was announced: reload, unlock, everyone is there', async () => {
    const { page } = phone;
    await page.reload();
    await unlock(page, PASS);
    await goto(page, 'people');
    await page.getByRole('link', { name: /Begoña Muñoz/ }).click();
    await page.getByRole('heading', { name: 'Begoña Muñoz' }).waitFor();
    await expect(page.getByLabel('Shared note').inputValue()).resolves.toBe('Dice “sí”; pero con miedo');
    await goto(page, 'people');
    await page.getByRole('link', { name: /Chidi Okafor/ }).click();
    await page.getByRole('heading', { name: 'Chidi Okafor' }).waitFor();
    // Merged into the person added by hand.
    await expect(page.getByLabel('Shared note').inputValue()).resolves.toBe('Ya estaba en la lista');
    await goto(page, 'people');
    await page.getByRole('link', { name: /Íñigo Sáez/ }).click();
    await page.getByRole('heading', { name: 'Íñigo Sáez' }).waitFor();
    await expect(page.getByLabel('Shared note').inputValue()).resolves.toBe('Taquilla: T-14');
    await goto(page, 'people');
    await expect(page.getByRole('link', { name: /Chidi Okafor|CHIDI OKAFOR/i }).count()).resolves.toBe(1);
  });

  it('imports contacts shared from a phone as a vCard file', async () => {
    const { page } = phone;
    await goto(page, 'roster');
    const vcf = readFileSync(join(ROSTER_DIR, 'contacts-v40.vcf'));
    await page
      .getByLabel('Choose a CSV or vCard file')
      .setInputFiles({ name: 'contacts.vcf', mimeType: 'text/vcard', buffer: vcf });
    await page.getByTestId('file-summary').getByText('contacts.vcf · contacts: 2 · UTF-8').waitFor();
    await expect(page.getByLabel('Department').inputValue()).resolves.toBe('unit');
    await page.getByRole('button', { name: 'Review import' }).click();
    // The employer's name is on the card but is no field: left out knowingly, not silently.
    await page
      .getByTestId('import-questions')
      .getByLabel('Organization')
      .selectOption({ label: 'Don’t import' });
    await page.getByRole('button', { name: 'Import people (2)' }).click();
    await page.getByTestId('import-done').getByText('Added: 2.').waitFor();
    await goto(page, 'people');
    await page.getByRole('link', { name: /Łucja Wiśniewska/ }).waitFor();
    await page.getByRole('link', { name: /王小明/ }).waitFor();
  });

  it('exports only after the user confirms the file is not encrypted; the file is safe and complete', async () => {
    const { page } = phone;
    await goto(page, 'roster');
    await page.getByText('The exported file is NOT encrypted.').waitFor();
    const exportButton = page.getByRole('button', { name: 'Export people (CSV)' });
    await expect(exportButton.isDisabled()).resolves.toBe(true);
    await page.getByLabel('I understand the file will not be encrypted').check();
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^shopfloor-people-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.startsWith('\uFEFFName,Code name,Unit,Shift,')).toBe(true);
    expect(csv).toContain('Begoña Muñoz,,Almacén › Muelle 2,Noche,,600 010 301,');
    expect(csv).toContain('"Habla con todos,\r\ntambién en el comedor"');
    expect(csv.split('\r\n').filter((l) => /^[=+\-@]/.test(l))).toEqual([]);
    await page.getByRole('status').filter({ hasText: 'Delete it when you no longer need it' }).waitFor();
    await screenshot(page, 'roster-06-export');
    await expectAccessible(page, 'export');
  });

  it('prints a roster per unit: name, shift, assessment, next step — nothing else on paper', async () => {
    const { page } = phone;
    await goto(page, 'roster/print');
    await page.getByRole('heading', { name: `Roster: ${CAMPAIGN}` }).waitFor();
    await page.getByLabel('Unit').selectOption({ label: 'Almacén' });
    const groups = page.locator('.roster-group');
    await expect(groups.locator('h2').allTextContents()).resolves.toEqual(['Almacén › Muelle 2 (2)']);
    const rows = groups.locator('tbody tr');
    await expect(rows.nth(0).textContent()).resolves.toContain('Agustín Güell');
    await expect(rows.nth(0).textContent()).resolves.toContain('Undecided');
    await expect(rows.nth(1).textContent()).resolves.toContain('Supporter');
    await screenshot(page, 'roster-07-print-screen');
    await expectAccessible(page, 'printable roster');
    await page.getByLabel('Unit').selectOption({ label: 'All units' });
    await page.emulateMedia({ media: 'print' });
    try {
      await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(false);
      await expect(page.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(false);
      await expect(page.locator('.roster-group h2').allTextContents()).resolves.toEqual([
        'Almacén › Muelle 2 (2)',
        'Recepción (2)',
        'Quality (1)', // from the vCard's ORG department
        'No unit (2)',
      ]);
      await screenshot(page, 'roster-08-print-media');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });
});
