/**
 * The daily loop's "who next" at 360×780: assign people in bulk (with undo), see them in Next up
 * narrowed to "my people", search by phone number, and take a follow-up to the calendar as .ics.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './a11y';
import { addPerson, goto } from './app-model';
import { campaignPhoneForBlock } from './block-phone';
import { screenshot as fullShot } from './browser';

const PASS = 'lantern copper river kettle';

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

async function openPerson(page: Page, name: string): Promise<void> {
  await goto(page, 'people');
  await page
    .getByRole('link', { name: new RegExp(name) })
    .first()
    .click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

describe('next up', () => {
  const phone = campaignPhoneForBlock(PASS, 'Dock 9 drive');

  it('assigns in bulk, shows my people next, finds a phone, and exports a follow-up', async () => {
    const { page } = phone;
    for (const name of ['Ana Torres', 'Bo Lindqvist', 'Chen Wei']) await addPerson(page, name);

    // A phone number and an overdue follow-up for Ana, on her page (saved as typed).
    await openPerson(page, 'Ana Torres');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.locator('#pd-contact-0').fill('+1 (555) 010-4477');
    await page.locator('#pd-contact-0').press('Tab');
    await page.locator('#pd-followText').fill('Bring the card, ask about nights');
    await page.locator('#pd-followDue').fill('2024-01-05');
    await page.locator('#pd-followText').press('Tab');

    // Search by phone number, typed another way.
    await goto(page, 'people');
    const search = page.getByRole('searchbox', { name: /phone number or tag/ });
    await search.fill('555 010 44');
    await expect
      .poll(() => page.getByTestId('people-count').textContent(), { timeout: 20_000 })
      .toContain('1 of 3');
    await page.getByRole('link', { name: /Ana Torres/ }).waitFor();
    await screenshot(page, 'next-up-01-phone-search');

    // "e" leaves Ana and Chen; assign both to me in one change, undo it, do it again.
    await search.fill('e');
    await expect.poll(() => page.getByTestId('people-count').textContent()).toContain('2 of 3');
    await page.getByRole('button', { name: 'Change these 2 people' }).click();
    await page.getByRole('button', { name: 'Review…' }).click();
    await page.getByRole('alertdialog').getByText('Assign 2 people to yourself?').waitFor();
    await screenshot(page, 'next-up-02-bulk-confirm');
    await expectAccessible(page, 'people (bulk confirm)');
    await page.getByTestId('bulk-apply').click();
    await page.getByText('Changed 2 people.').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Undone.').waitFor();
    await page.getByRole('button', { name: 'Review…' }).click();
    await page.getByTestId('bulk-apply').click();
    await page.getByText('Changed 2 people.').waitFor();
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByLabel('Assigned to').selectOption({ label: 'Anyone' });
    await search.fill('');
    await page.getByLabel('Assigned to').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('people-count').textContent()).toContain('2 of 3');

    // Home: Next up is narrowed to my people, overdue first; everyone on request.
    await goto(page, 'home');
    const next = page.getByTestId('next-up');
    await next.waitFor();
    await expect(next.getByRole('radio', { name: 'My people' }).isChecked()).resolves.toBe(true);
    const names = () => next.locator('.person-name').allTextContents();
    await expect.poll(names).toEqual(['Ana Torres', 'Chen Wei']);
    await expect(next.locator('li').first().textContent()).resolves.toContain('Bring the card');
    await expect(page.getByTestId('nav-due').textContent()).resolves.toBe('1');
    await screenshot(page, 'next-up-03-home');
    await expectAccessible(page, 'home (next up)');
    await next.getByRole('radio', { name: 'Everyone' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(names).toEqual(['Ana Torres', 'Bo Lindqvist', 'Chen Wei']);

    // Follow-ups: the due badge, and the follow-up as an .ics file.
    await goto(page, 'followups');
    await expect(page.getByTestId('followups-due').textContent()).resolves.toContain('1');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Add to calendar: Ana Torres' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('follow-up-2024-01-05.ics');
    const ics = readFileSync((await download.path()) as string, 'utf8');
    expect(ics).toContain('BEGIN:VCALENDAR\r\n');
    expect(ics).toContain('DTSTART;VALUE=DATE:20240105\r\n');
    expect(ics.replace(/\r\n /g, '')).toContain(
      'SUMMARY:Follow up: Ana Torres — Bring the card\\, ask about nights',
    );
    // The contact never leaves in the file (its digits as typed or run together; not '555' alone,
    // which a time stamp can hold).
    for (const form of ['(555)', '010-4477', '5550104477']) expect(ics).not.toContain(form);
    await screenshot(page, 'next-up-04-followups');
    await expectAccessible(page, 'follow-ups (calendar)');

    // One person, from their own page: Bo is assigned to me too, and "my people" now has three.
    await openPerson(page, 'Bo Lindqvist');
    const assignee = page.locator('#pd-assignedTo');
    await expect(assignee.inputValue()).resolves.toBe('');
    await assignee.selectOption({ index: 1 });
    await page.getByText('Saved').first().waitFor();
    await goto(page, 'home');
    await next.getByRole('radio', { name: 'My people' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(names).toEqual(['Ana Torres', 'Bo Lindqvist', 'Chen Wei']);
    // And back to nobody: he leaves "my people".
    await openPerson(page, 'Bo Lindqvist');
    await page.locator('#pd-assignedTo').selectOption({ label: 'Nobody' });
    await page.getByText('Saved').first().waitFor();
    await goto(page, 'home');
    await next.getByRole('radio', { name: 'My people' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(names).toEqual(['Ana Torres', 'Chen Wei']);
  });
});
