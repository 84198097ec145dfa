/**
 * Anonymous surveys in real Chromium (docs/threat-model.md "Surveys"): an organizer publishes a
 * survey; a coworker who is not a member answers from a second Chromium instance (its own profile)
 * through the survey mailbox on our server while no organizer is online ("sent", nothing left on
 * the phone), and the answer is collected when an organizer unlocks; pass-the-phone mode on the
 * organizer's phone cannot reveal earlier answers nor be left without the passphrase; aggregated
 * results appear only once k answers exist; a closed survey says so to late respondents. The
 * offline respondent and the Spanish sent page: survey-mailbox.test.ts. axe-core runs on the respondent page and the survey
 * screens.
 */

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './a11y';
import { dumpAllStorage, firstRun, goto, unlock } from './app-model';
import { screenshot as fullScreenshot, launchPhone, type Phone, SHOTS } from './browser';

const PASS = 'amber lathe orchard whistle';
const SURVEY = 'Heat on the loading dock';
const SECRET_TEXT = 'Fans broke in bay 7 on tuesday';
const SENT = 'Sent — you can close this page';
const phones: Phone[] = [];
afterAll(async () => {
  for (const p of phones) await p.close().catch(() => {});
});

/** A full-page screenshot from the top (a sticky header would otherwise be drawn mid-page). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullScreenshot(page, name);
}

/** What the phone shows now (a modal dialog is not part of a full-page capture). */
async function viewport(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Clicks "Export totals (CSV)" and returns the file's text. */
async function csvOf(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export totals (CSV)' }).click();
  return readFileSync(await (await download).path(), 'utf8');
}

async function phone(locale?: string): Promise<Phone> {
  const p = await launchPhone({ webrtc: true, ...(locale ? { locale } : {}) });
  phones.push(p);
  return p;
}

/** A coworker's browser: not a member (no vault), short send delay so the test does not wait 30 s. */
async function respondent(locale?: string): Promise<Phone> {
  const p = await phone(locale);
  await p.context.addInitScript(() => {
    (globalThis as { __shopfloorSurveyDelayMs?: number }).__shopfloorSurveyDelayMs = 300;
  });
  return p;
}

async function answerOnRespondentPage(
  page: Page,
  link: string,
  choice: string,
  scale: number,
  text?: string,
  unit?: string,
) {
  await page.goto(link);
  await page.getByRole('heading', { name: SURVEY }).waitFor();
  await page.getByRole('radio', { name: choice }).check();
  if (unit) await page.getByLabel('Where do you work?').selectOption({ label: unit });
  await page
    .locator('.scale-point')
    .nth(scale - 1)
    .click();
  if (text) await page.getByRole('textbox', { name: 'Anything else?' }).fill(text);
  await page.getByRole('button', { name: 'Send my answers' }).click();
}

describe('anonymous surveys', () => {
  let organizer: Phone;
  let coworker: Phone;
  let link = '';

  it('an organizer builds and publishes a survey: link and QR code', async () => {
    organizer = await phone();
    const { page } = organizer;
    await page.goto(inject('baseUrl'));
    await firstRun(page, PASS, 'Dockside Local 88');
    // Two units, offered to respondents for the breakdown (made on the map screen).
    await goto(page, 'map');
    await page.getByRole('link', { name: 'Units & shifts' }).first().click();
    for (const unit of ['Dock 3', 'Packing']) {
      await page.getByLabel('New unit (department, area, line…)').fill(unit);
      await page.getByRole('button', { name: 'Add unit' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Unit “${unit}” added.` })
        .waitFor();
    }
    await goto(page, 'surveys');
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByLabel('Title').fill(SURVEY);
    await page
      .getByLabel('Introduction (shown above the questions)')
      .fill('Three questions. Nobody will know who answered what.');
    await page.getByRole('button', { name: '+ Single choice' }).click();
    await page.locator('#sq-text-0').fill('What should we fix first?');
    await page.locator('#sq-opts-0').fill('Fans\nWater\nBreaks');
    await page.getByRole('checkbox', { name: 'An answer is required' }).check();
    await page.getByRole('button', { name: '+ Scale 1–5' }).click();
    await page.locator('#sq-text-1').fill('How bad is the heat?');
    await page.getByRole('button', { name: '+ Free text' }).click();
    await page.locator('#sq-text-2').fill('Anything else?');
    await screenshot(page, 'surveys-01-editor');
    await expectAccessible(page, 'survey editor');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('img', { name: 'QR code of the survey link' }).waitFor();
    await page.locator('[data-testid="survey-live"][data-live="yes"]').waitFor({ timeout: 60_000 });
    link = await page.getByTestId('survey-link').inputValue();
    expect(link).toMatch(/\/respond\.html#[A-Za-z0-9_-]{26}$/);
    expect(new URL(link).search).toBe(''); // secrets only in the fragment
    await screenshot(page, 'surveys-02-published');
    await expectAccessible(page, 'published survey');
  });

  it('a coworker who is not a member answers while no organizer is online: sent, nothing left on the phone', async () => {
    // The organizer's app locks (reload): nobody is collecting.
    await organizer.page.reload();
    await organizer.page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();

    coworker = await respondent();
    const { page } = coworker;
    const started = Date.now();
    await page.goto(link);
    await page.getByRole('heading', { name: SURVEY }).waitFor();
    const loadMs = Date.now() - started;
    await page.getByRole('heading', { name: 'What is anonymous here' }).waitFor();
    await page.getByText('sees the internet connection').waitFor();
    await page.getByText('can give you away').waitFor();
    await screenshot(page, 'surveys-03-respondent-form');
    await expectAccessible(page, 'respondent page');
    // Nothing from the app: no Dexie database, no app bundle.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(scripts.some((s) => /main-|app-state-/.test(s))).toBe(false);
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    console.log(`respondent page visible in ${loadMs} ms`);

    // Sending without the required answer shows what is missing.
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByRole('alert').filter({ hasText: 'check the questions' }).waitFor();
    await screenshot(page, 'surveys-04-respondent-missing');

    await page.getByRole('radio', { name: 'Fans' }).check();
    await page.locator('.scale-point').nth(4).click();
    await page.getByRole('textbox', { name: 'Anything else?' }).fill(SECRET_TEXT);
    await page.getByLabel('Where do you work?').selectOption({ label: 'Dock 3' });
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByRole('heading', { name: SENT }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'surveys-05-respondent-sent');
    await expectAccessible(page, 'respondent sent');
    // Nothing of the answer on the coworker's phone once the server has it.
    const dump = (await dumpAllStorage(page)).map((d) => d.text).join('\n');
    expect(dump).not.toContain('shopfloor.survey-outbox.v1');
    expect(dump).not.toContain(SECRET_TEXT);
    expect(dump).not.toContain('Fans');
    expect(dump).not.toMatch(/"a":\{/);
  });

  it('the answer is collected from the mailbox when an organizer unlocks', async () => {
    await coworker.close();
    await unlock(organizer.page, PASS);
    await goto(organizer.page, 'surveys');
    await organizer.page.getByRole('link', { name: new RegExp(SURVEY) }).click();
    await organizer.page.getByTestId('survey-answers').filter({ hasText: '1' }).waitFor({ timeout: 30_000 });
    await organizer.page.getByTestId('survey-too-few').waitFor();
    await screenshot(organizer.page, 'surveys-07-results-too-few');
  });

  it('more coworkers answer from another browser; still nothing shown under k = 5', async () => {
    const second = await respondent();
    await answerOnRespondentPage(second.page, link, 'Water', 4, undefined, 'Dock 3');
    await second.page.getByRole('heading', { name: SENT }).waitFor({ timeout: 60_000 });
    const third = await second.context.newPage();
    await answerOnRespondentPage(third, link, 'Fans', 3, 'Need shade by the door', 'Dock 3');
    await third.getByRole('heading', { name: SENT }).waitFor({ timeout: 60_000 });
    await organizer.page.getByTestId('survey-answers').filter({ hasText: '3' }).waitFor({ timeout: 30_000 });
    await expect(organizer.page.getByTestId('survey-too-few').textContent()).resolves.toContain('3 so far');
    expect(await organizer.page.locator('.sv-result').count()).toBe(0);
  });

  it('pass-the-phone mode: answers are cleared, earlier ones cannot be seen, leaving needs the passphrase', async () => {
    const { page } = organizer;
    const surveyHash = await page.evaluate(() => location.hash);
    await page.getByRole('button', { name: 'Start pass-the-phone mode' }).click();
    const dialog = page.getByRole('dialog', { name: SURVEY });
    await dialog.waitFor();
    await viewport(page, 'surveys-08-phone-form');
    await expectAccessible(page, 'pass-the-phone');
    await dialog.getByRole('radio', { name: 'Breaks' }).check();
    await dialog.getByLabel('Where do you work?').selectOption({ label: 'Packing' });
    await dialog.locator('.sv-scale-point').nth(1).click();
    await dialog.getByRole('textbox', { name: 'Anything else?' }).fill('Supervisor yells at night shift');
    await dialog.getByRole('button', { name: 'Send my answers' }).click();
    await dialog.getByRole('heading', { name: 'Thank you — your answers are saved.' }).waitFor();
    await viewport(page, 'surveys-09-phone-thanks');
    expect(await dialog.textContent()).not.toContain('Supervisor yells');
    await dialog.getByRole('button', { name: 'Next person' }).click();
    // The next coworker gets an empty form.
    await expect(dialog.getByRole('radio', { name: 'Breaks' }).isChecked()).resolves.toBe(false);
    await expect(dialog.getByRole('textbox', { name: 'Anything else?' }).inputValue()).resolves.toBe('');
    expect(await page.locator('body').textContent()).not.toContain('Supervisor yells');
    // No way out: not by URL, not by Escape, not by the back button, not with a wrong passphrase.
    await page.evaluate(() => {
      location.hash = '#/people';
    });
    await page.keyboard.press('Escape');
    await page.goBack().catch(() => {});
    await page.waitForTimeout(300);
    await dialog.waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(surveyHash);
    // The app behind the modal is inert: its navigation cannot be used.
    await expect(page.locator('nav a[href="#/people"]').click({ timeout: 1000 })).rejects.toThrow();
    await dialog.getByRole('button', { name: 'Organizer: end pass-the-phone' }).click();
    await dialog.getByLabel('Organizer passphrase').fill('wrong passphrase here');
    await dialog.getByRole('button', { name: 'End', exact: true }).click();
    await dialog.getByText('That passphrase is not right.').waitFor();
    await viewport(page, 'surveys-09b-phone-exit-refused');
    await dialog.getByRole('button', { name: 'Back to the survey' }).click();
    await dialog.getByRole('radio', { name: 'Fans' }).check();
    await dialog.getByRole('button', { name: 'Send my answers' }).click();
    await dialog.getByRole('button', { name: 'Next person' }).click();
    await dialog.getByRole('button', { name: 'Organizer: end pass-the-phone' }).click();
    await dialog.getByLabel('Organizer passphrase').fill(PASS);
    await dialog.getByRole('button', { name: 'End', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('with k answers the aggregated results appear: counts, charts, free text in random order, CSV', async () => {
    const { page } = organizer;
    await page.getByTestId('survey-answers').filter({ hasText: '5' }).waitFor({ timeout: 30_000 });
    const first = page.locator('.sv-result').first();
    await first.waitFor();
    // Fans ×2 (coworker, third), Water ×1, Breaks ×1, Fans (phone) → Fans 3, Water 1, Breaks 1.
    await expect(first.textContent()).resolves.toMatch(/Fans\s*3 \(60%\)/);
    await expect(first.textContent()).resolves.toMatch(/Water\s*1 \(20%\)/);
    const text = page.locator('.sv-result').nth(2);
    // 3 free-text answers < k: hidden.
    await expect(text.textContent()).resolves.toContain('Hidden: fewer than 5 answers');
    expect(await page.locator('body').textContent()).not.toContain(SECRET_TEXT);
    await screenshot(page, 'surveys-10-results');
    await expectAccessible(page, 'results');
    const csv = await csvOf(page);
    expect(csv).toContain('What should we fix first?,single,all,,Fans,count,3');
    expect(csv).not.toContain(SECRET_TEXT);
  });

  it('closing the survey gives the final results; late answers are refused with a clear message', async () => {
    const { page } = organizer;
    await page.getByRole('button', { name: 'Close the survey' }).click();
    await page.getByRole('button', { name: 'Yes, close it' }).click();
    await page.getByTestId('survey-status').filter({ hasText: 'Closed' }).waitFor();
    await page.locator('.sv-result').first().waitFor();
    // Final results are broken down by unit; every group here is under k (3 in Dock 3, 1 in
    // Packing or none given), so every cell is hidden — and nothing can be derived from the total.
    const byUnit = page.locator('.sv-result').first().locator('.sv-breakdown');
    await byUnit.getByRole('heading', { name: 'By unit' }).waitFor();
    expect(await byUnit.locator('tbody tr').count()).toBe(3);
    expect(await byUnit.getByText('Hidden (group under 5').count()).toBe(3);
    const csv = await csvOf(page);
    expect(csv).toContain('What should we fix first?,single,unit,Dock 3,,suppressed,');
    expect(csv).toContain('What should we fix first?,single,unit,Not given,,suppressed,');
    await screenshot(page, 'surveys-11-closed');
    // The server's copy of the definition now says closed: late coworkers see it instead of the form.
    const late = await respondent();
    await late.page.goto(link);
    await expect
      .poll(
        async () => {
          await late.page.reload();
          await late.page.locator('.card').first().waitFor({ timeout: 30_000 });
          return late.page.getByText('This survey is closed.').count();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(1);
    await screenshot(late.page, 'surveys-12-respondent-closed');
    await expect(page.getByTestId('survey-answers').textContent()).resolves.toBe('5');
  });

  it('the respondent page follows the device language (Spanish)', async () => {
    // The survey is closed by now; the Spanish form and "sent" page: survey-mailbox.test.ts.
    const es = await respondent('es-ES');
    await es.page.goto(link);
    await es.page.getByText('Esta encuesta está cerrada.').waitFor({ timeout: 30_000 });
    expect(await es.page.evaluate(() => document.documentElement.lang)).toBe('es');
    await screenshot(es.page, 'surveys-13-respondent-es');
    await expectAccessible(es.page, 'respondent page (es)');
  });
});
