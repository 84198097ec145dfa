/**
 * Survey answers through the mailbox in real Chromium (docs/surveys.md): an organizer publishes a
 * survey, sees "ready to share" once the server holds it, and closes the browser. Coworkers who are
 * not members open the short link (≤ 120 characters), answer, see "Sent — you can close this page"
 * and close — while no organizer is online; one of them is offline at first and sees that honestly
 * ("Not sent yet", only sealed bytes kept), then it goes out by itself. WebRTC is off in every
 * browser: the mailbox is the only path. The organizer relaunches later, unlocks, and the answers
 * are collected: with k of them, the results appear. Respondent-page screenshots at 360 px in
 * English and Spanish.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { encodeShortSurveyLink } from '../../src/domain/survey/link';
import { expectAccessible } from './a11y';
import { dumpAllStorage, firstRun, goto, unlock } from './app-model';
import { screenshot as fullScreenshot, launchPhone, type Phone } from './browser';

const PASS = 'copper kettle meadow lantern';
const SURVEY = 'Breaks on the night shift';
const SECRET_TEXT = 'Lead hand skips our break at 3am';
const NO_WEBRTC = [
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--force-webrtc-ip-handling-policy',
];
const phones: Phone[] = [];
const profile = mkdtempSync(join(tmpdir(), 'shopfloor-e2e-organizer-'));
afterAll(async () => {
  for (const p of phones) await p.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
});

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullScreenshot(page, name);
}

async function phone(opts: { locale?: string; profile?: string } = {}): Promise<Phone> {
  const p = await launchPhone({ args: NO_WEBRTC, ...opts });
  // No direct connection is possible: the mailbox is the only way an answer can travel.
  await p.context.addInitScript(() => {
    Object.defineProperty(globalThis, 'RTCPeerConnection', { value: undefined });
  });
  phones.push(p);
  return p;
}

async function answer(page: Page, choice: string, send: string, text?: string): Promise<void> {
  await page.getByRole('radio', { name: choice }).check();
  if (text) await page.getByRole('textbox').last().fill(text);
  await page.getByRole('button', { name: send }).click();
}

describe('survey answers through the mailbox', () => {
  let link = '';

  it('an organizer publishes: the short link is live on the server, then the organizer leaves', async () => {
    const organizer = await phone({ profile });
    const { page } = organizer;
    await page.goto(inject('baseUrl'));
    await firstRun(page, PASS, 'Night Shift Committee');
    await goto(page, 'surveys');
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByLabel('Title').fill(SURVEY);
    await page.getByRole('button', { name: '+ Single choice' }).click();
    await page.locator('#sq-text-0').fill('Do you get your full break?');
    await page.locator('#sq-opts-0').fill('Always\nSometimes\nNever');
    await page.getByRole('checkbox', { name: 'An answer is required' }).check();
    await page.getByRole('button', { name: '+ Free text' }).click();
    await page.locator('#sq-text-1').fill('Anything else?');
    await page.getByLabel('Smallest group shown (k)').fill('3');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-testid="survey-live"][data-live="yes"]').waitFor({ timeout: 60_000 });
    link = await page.getByTestId('survey-link').inputValue();
    console.log(`survey link: ${link.length} characters`);
    expect(link).toMatch(/\/respond\.html#[A-Za-z0-9_-]{26}$/);
    expect(new URL(link).host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(link.length).toBeLessThanOrEqual(120);
    await screenshot(page, 'survey-mailbox-01-ready-to-share');
    await organizer.close(); // nobody from the committee is online from here on
  });

  it('a coworker answers and closes at once: sent, nothing left on the phone', async () => {
    const coworker = await phone();
    const { page } = coworker;
    await page.goto(link);
    await page.getByRole('heading', { name: SURVEY }).waitFor({ timeout: 30_000 });
    await page.getByText('It stores only the day').waitFor();
    await screenshot(page, 'survey-mailbox-02-respondent-form');
    await expectAccessible(page, 'respondent page (mailbox)');
    await answer(page, 'Never', 'Send my answers', SECRET_TEXT);
    await page.getByRole('heading', { name: 'Sent — you can close this page' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('body').textContent()).not.toContain('Nobody from the committee');
    await screenshot(page, 'survey-mailbox-03-respondent-sent');
    const dump = (await dumpAllStorage(page)).map((d) => d.text).join('\n');
    expect(dump).not.toContain('shopfloor.survey-outbox.v1');
    expect(dump).not.toContain(SECRET_TEXT);
    await coworker.close();
  });

  it('offline at first: "not sent yet", only sealed bytes kept; it goes out by itself once online', async () => {
    const coworker = await phone();
    const { page, context } = coworker;
    await page.goto(link);
    await page.getByRole('heading', { name: SURVEY }).waitFor({ timeout: 30_000 });
    await context.setOffline(true);
    await answer(page, 'Sometimes', 'Send my answers', SECRET_TEXT);
    await page.getByRole('heading', { name: 'Not sent yet' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'survey-mailbox-04-respondent-offline');
    await expectAccessible(page, 'respondent offline');
    const dump = (await dumpAllStorage(page)).map((d) => d.text).join('\n');
    expect(dump).toContain('shopfloor.survey-outbox.v1');
    expect(dump).not.toContain(SECRET_TEXT);
    expect(dump).not.toContain('Sometimes');
    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Sent — you can close this page' }).waitFor({ timeout: 60_000 });
    const after = (await dumpAllStorage(page)).map((d) => d.text).join('\n');
    expect(after).not.toContain('shopfloor.survey-outbox.v1');
    await coworker.close();
  });

  it('in Spanish; and a link nobody put on the server says "not open yet"', async () => {
    const es = await phone({ locale: 'es-ES' });
    const { page } = es;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Qué es anónimo aquí' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'survey-mailbox-05-respondent-form-es');
    await answer(page, 'Never', 'Enviar mis respuestas');
    await page
      .getByRole('heading', { name: 'Enviado — puedes cerrar esta página' })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'survey-mailbox-06-respondent-sent-es');
    const unknown = `${new URL(link).origin}/respond.html#${await encodeShortSurveyLink({
      secret: crypto.getRandomValues(new Uint8Array(16)),
    })}`;
    await page.goto(unknown);
    await page.reload();
    await page
      .getByRole('heading', { name: 'Esta encuesta aún no está abierta' })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'survey-mailbox-07-respondent-not-live-es');
    await es.close();
  });

  it('the organizer unlocks later: the answers are collected and, with k of them, results appear', async () => {
    const organizer = await phone({ profile });
    const { page } = organizer;
    await page.goto(inject('baseUrl'));
    await unlock(page, PASS);
    await goto(page, 'surveys');
    await page.getByRole('link', { name: new RegExp(SURVEY) }).click();
    await page.getByTestId('survey-answers').filter({ hasText: '3' }).waitFor({ timeout: 60_000 });
    const first = page.locator('.sv-result').first();
    await first.waitFor({ timeout: 30_000 });
    await expect(first.textContent()).resolves.toMatch(/Never\s*2/);
    await screenshot(page, 'survey-mailbox-08-collected');
  });
});
