/**
 * The respondent page end to end in WebKit: an organizer (Chromium) publishes a survey; a coworker
 * on WebKit opens the link, answers and sends through the survey mailbox; the organizer's app
 * collects the answer; nothing of it is left in the coworker's browser.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { firstRun, goto } from '../e2e/app-model';
import { launchPhone, type Phone } from '../e2e/browser';
import { openPhone, type WebKitPhone, webkitSkip } from './phone';
import { dumpStorage } from './storage-dump';

const SURVEY = 'Cold in the freezer aisle';
const SECRET_TEXT = 'Gloves wore through in aisle 12 on monday';
const SENT = 'Sent — you can close this page';
let organizer: Phone | undefined;
let coworker: WebKitPhone | undefined;
afterAll(async () => {
  await coworker?.close();
  await organizer?.close();
});

describe.skipIf(webkitSkip())('WebKit: the respondent page', () => {
  it('a coworker on WebKit answers a survey; the organizer collects it from the mailbox', async () => {
    coworker = await openPhone();
    organizer = await launchPhone();
    const { page } = organizer;
    await page.goto(coworker.base);
    await firstRun(page, 'survey organizer passphrase', 'Cold Storage Local 3');
    await goto(page, 'surveys');
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByLabel('Title').fill(SURVEY);
    await page.getByRole('button', { name: '+ Single choice' }).click();
    await page.locator('#sq-text-0').fill('What should we fix first?');
    await page.locator('#sq-opts-0').fill('Gloves\nHeaters\nBreaks');
    await page.getByRole('checkbox', { name: 'An answer is required' }).check();
    await page.getByRole('button', { name: '+ Free text' }).click();
    await page.locator('#sq-text-1').fill('Anything else?');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-testid="survey-live"][data-live="yes"]').waitFor({ timeout: 60_000 });
    const link = await page.getByTestId('survey-link').inputValue();

    const w = coworker;
    await w.session.navigate(link);
    await w.seesHeading(SURVEY);
    await w.seesHeading('What is anonymous here');
    await w.shot('webkit-09-respondent-form');
    // Sending without the required answer says what is missing.
    await w.press('Send my answers');
    await w.waitFor('the missing-answer alert', () =>
      Array.from(document.querySelectorAll('[role="alert"]')).some((a) =>
        (a.textContent ?? '').includes('check the questions'),
      ),
    );
    const gloves = await w.waitFor('the "Gloves" choice', () => {
      for (const l of Array.from(document.querySelectorAll('label'))) {
        const input = l.control ?? l.querySelector('input');
        if ((l.textContent ?? '').trim() === 'Gloves' && input instanceof HTMLInputElement) return input;
      }
      return null;
    });
    await w.session.click(gloves as never);
    await w.fill('Anything else?', SECRET_TEXT);
    await w.press('Send my answers');
    await w.seesHeading(SENT, 90_000);
    await w.shot('webkit-10-respondent-sent');
    const dump = (await dumpStorage(w)).map((d) => d.text).join('\n');
    expect(dump).not.toContain('shopfloor.survey-outbox.v1');
    expect(dump).not.toContain(SECRET_TEXT);
    expect(dump).not.toContain('Gloves');

    await goto(page, 'surveys');
    await page.getByRole('link', { name: new RegExp(SURVEY) }).click();
    await page.getByTestId('survey-answers').filter({ hasText: '1' }).waitFor({ timeout: 60_000 });
  }, 240_000);
});
