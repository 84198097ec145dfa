/**
 * Safety under a hostile employer, in real Chromium: auto-lock, panic wipe, duress passphrase,
 * encrypted backup → wipe → restore, tampered and wrong-passphrase backups refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { addPerson, firstRun, goto, storageIsEmpty, unlock } from './app-model';
import { launchPhone, type Phone, SHOTS, screenshot } from './browser';

const PASS = 'maple orbit candle harbor';
const base = () => inject('baseUrl');
let phone: Phone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

describe('security', () => {
  it('locks after the idle time and the key leaves the page', async () => {
    phone = await launchPhone();
    const { page } = phone;
    await page.clock.install();
    await page.goto(base());
    await firstRun(page, PASS, 'Idle test');
    await page.clock.fastForward('04:00');
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);
    await page.clock.fastForward('01:30');
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    await screenshot(page, 'security-01-auto-locked');
    await unlock(page, PASS);
  });

  it('panic wipe from settings leaves no database, cache or service worker, and shows first run', async () => {
    phone = await launchPhone();
    const { page } = phone;
    await page.goto(base());
    await firstRun(page, PASS, 'Wipe test');
    await addPerson(page, 'Wilhelmina Zapata');
    await page.waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration())?.active);
    await page.waitForFunction(async () => (await caches.keys()).length > 0);
    await goto(page, 'settings');
    await page.getByRole('button', { name: 'Erase everything now' }).click();
    await screenshot(page, 'security-02-panic-confirm');
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Yes, erase' }).click();
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    console.info(`[security] panic wipe to first run in ${Date.now() - t0} ms`); // a figure, not a limit
    expect(await storageIsEmpty(page)).toEqual({ dbs: [], caches: [], sw: 0 });
    await screenshot(page, 'security-03-after-wipe');
  });

  it('panic wipe from the lock screen, offline', async () => {
    phone = await launchPhone();
    const { page, context } = phone;
    await page.goto(base());
    await firstRun(page, PASS, 'Lock screen wipe');
    await page.reload();
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Erase everything now' }).click();
    await page.getByRole('button', { name: 'Yes, erase' }).click();
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    expect((await storageIsEmpty(page)).dbs).toEqual([]);
    await context.setOffline(false);
  });

  it('the duress passphrase silently wipes everything', async () => {
    phone = await launchPhone();
    const { page } = phone;
    await page.goto(base());
    await firstRun(page, PASS, 'Duress test');
    await addPerson(page, 'Evangelina Duress');
    await goto(page, 'settings');
    await page.getByLabel('Duress passphrase').fill('blue heron sunrise');
    await page.getByRole('button', { name: 'Save duress passphrase' }).click();
    await page.getByText('Duress passphrase saved.').waitFor();
    await page.reload();
    await page.getByLabel('Passphrase').fill('blue heron sunrise');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    expect((await storageIsEmpty(page)).dbs).toEqual([]);
  });

  it('backup export → wipe → restore brings everything back; wrong passphrase and tampered file refused', async () => {
    phone = await launchPhone();
    const { page } = phone;
    await page.goto(base());
    await firstRun(page, PASS, 'Backup test campaign');
    await addPerson(page, 'Bartholomew Backup');
    await addPerson(page, 'Ágata Ñúñez');
    await goto(page, 'settings');
    await page.getByLabel('Backup passphrase').fill('backup words long enough');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save backup file' }).click(),
    ]);
    const file = join(SHOTS, '..', 'backup.sfbackup');
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('Bartholomew');
    expect(text).not.toContain('Backup test campaign');

    await page.getByRole('button', { name: 'Erase everything now' }).click();
    await page.getByRole('button', { name: 'Yes, erase' }).click();
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();

    await page.getByLabel('Choose a passphrase').fill('new phone passphrase');
    await page.getByLabel('Type it again').fill('new phone passphrase');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Restore from a backup').click();

    const tampered = join(SHOTS, '..', 'tampered.sfbackup');
    const at = text.indexOf('"data":"') + 40;
    writeFileSync(tampered, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
    await page.getByLabel('Backup file').setInputFiles(tampered);
    await page.getByLabel('Backup passphrase').fill('backup words long enough');
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('alert').filter({ hasText: 'could not be opened' }).waitFor();

    await page.getByLabel('Backup file').setInputFiles(file);
    await page.getByLabel('Backup passphrase').fill('wrong backup words');
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('alert').filter({ hasText: 'could not be opened' }).waitFor();
    await screenshot(page, 'security-04-restore-refused');

    await page.getByLabel('Backup passphrase').fill('backup words long enough');
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('heading', { name: 'Backup test campaign' }).waitFor();
    await goto(page, 'people');
    await page.getByRole('link', { name: /Bartholomew Backup/ }).waitFor();
    await page.getByRole('link', { name: /Ágata Ñúñez/ }).waitFor();
    await screenshot(page, 'security-05-restored');
    await page.reload();
    await unlock(page, 'new phone passphrase');
  });
});
