/**
 * Managing the ways in, in real Chromium over real WebRTC on loopback (docs/membership.md):
 * an admin revokes an open invite and a phone that then opens it is told and stays out; a member
 * adds their own other phone with a pairing link and it shows under them with its own safety
 * words. Screenshots of the new Sharing pieces at phone width, English and Spanish, light and dark.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './a11y';
import { firstRun, goto, joinFromLink, makeInvite, nameDevice } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const phones: Phone[] = [];
afterEach(async () => {
  for (const p of phones.splice(0)) await p.close().catch(() => {});
});

async function phone(locale = 'en-US'): Promise<Phone> {
  const p = await launchPhone({ webrtc: true, locale });
  phones.push(p);
  return p;
}

async function founder(name: string, pass: string): Promise<Phone> {
  const p = await phone();
  await p.page.goto(inject('baseUrl'));
  await firstRun(p.page, pass, 'Dock 9 ways in');
  await nameDevice(p.page, name);
  await p.page.locator('li.member-person').first().waitFor({ timeout: 30_000 });
  return p;
}

const devicesOf = (page: Page, person: string) =>
  page.locator('li.member-person', { hasText: person }).locator('.device-list > li');

describe('invites and pairing between phones', () => {
  it('a revoked invite lets nobody in: the admin revokes it, the phone that opens it is told', async () => {
    const a = await founder('Phone A', 'alpha phone passphrase');
    const link = await makeInvite(a.page);
    const invites = a.page.getByTestId('open-invites');
    await expect(invites.locator('li').count()).resolves.toBe(1);
    await expect(invites.locator('li').textContent()).resolves.toContain('One phone only, not used yet');
    await invites.getByRole('button', { name: /^Revoke the invite made by Phone A/ }).click();
    await a.page.getByText('Invite revoked. Nobody can join with it anymore.').waitFor({ timeout: 30_000 });
    await expect(invites.locator('li').count()).resolves.toBe(0);

    const b = await phone();
    await joinFromLink(b.page, link, 'Phone B', 'bravo phone passphrase');
    await goto(b.page, 'sharing');
    const refused = b.page.getByTestId('membership-join-refused');
    await refused.waitFor({ timeout: 60_000 });
    await expect(refused.textContent()).resolves.toContain('This invite was revoked by an admin.');
    await expectAccessible(b.page, 'join refused (light)');
    await screenshot(b.page, 'invite-revoked-joiner-en-light');
    await b.page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(b.page, 'invite-revoked-joiner-en-dark');
    // The admin's list never gains Phone B.
    await expect(a.page.locator('li.member-person').count()).resolves.toBe(1);
  });

  it('"Add my other phone": the new phone joins under the same person, with its own safety words', async () => {
    const a = await founder('Phone A', 'alpha phone passphrase');
    await a.page.getByRole('button', { name: 'Add my other phone' }).click();
    await a.page.getByRole('img', { name: 'Pairing code to scan with your other phone' }).waitFor();
    const link = await a.page.getByLabel('Pairing link').inputValue();
    expect(link).toContain('#/join/');

    const a2 = await phone();
    await joinFromLink(a2.page, link, 'Phone A2', 'second phone passphrase');
    const joined = Date.now();
    await goto(a2.page, 'sharing');
    // Phone A answers the pairing request: the card says so, and lists both devices under one person.
    await a.page.getByTestId('pair-added').waitFor({ timeout: 60_000 });
    console.log(
      `pairing: new phone joined → shown under its person on the first phone in ${Date.now() - joined} ms`,
    );
    await expect(a.page.getByTestId('pair-added').textContent()).resolves.toBe(
      'Your other phone is added: Phone A2.',
    );
    await expect(a.page.locator('li.member-person').count()).resolves.toBe(1);
    await a.page.locator('li.member-person summary').first().click();
    await expect(devicesOf(a.page, 'Phone A').count()).resolves.toBe(2);

    // The new phone sees itself under the same person, and its words are not the first phone's.
    await a2.page.locator('li.member-person').first().waitFor({ timeout: 60_000 });
    await expect(a2.page.locator('li.member-person').count()).resolves.toBe(1);
    await expect(a2.page.getByTestId('membership-joining').count()).resolves.toBe(0);
    const words = async (p: Page) =>
      (await p.getByTestId('device-words').locator('.safety-words li').allTextContents()).join(' ');
    const [w1, w2] = [await words(a.page), await words(a2.page)];
    expect(w1.split(' ')).toHaveLength(6);
    expect(w2).not.toBe(w1);
    await a2.page.locator('li.member-person summary').first().click();
    await expect(a2.page.locator('li.member-person').textContent()).resolves.toContain(w1.split(' ')[0]);
    await screenshot(a.page, 'pair-added-en-light');
  });
});

const SCREEN = {
  en: {
    pass: 'founder phone passphrase',
    pair: 'Add my other phone',
    invite: 'Invite someone',
    make: 'Make invite link',
    hide: 'Hide invite',
    link: 'Pairing link',
  },
  es: {
    pass: 'founder phone passphrase',
    pair: 'Añadir mi otro teléfono',
    invite: 'Invitar a alguien',
    make: 'Crear enlace de invitación',
    hide: 'Ocultar invitación',
    link: 'Enlace para emparejar',
  },
} as const;

describe('the new Sharing pieces at phone width', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`open invites and the pairing link (${lang}, light and dark)`, async () => {
      const w = SCREEN[lang];
      const p = await phone(lang === 'es' ? 'es-ES' : 'en-US');
      await p.page.goto(inject('baseUrl'));
      await firstRun(p.page, w.pass, 'Dock 9', lang);
      await goto(p.page, 'sharing');
      await p.page.locator('#sharing-device-name').fill('Phone A');
      await p.page.locator('#sharing-device-name').press('Enter');
      await p.page.locator('li.member-person').first().waitFor({ timeout: 30_000 });
      for (let i = 0; i < 2; i++) {
        await p.page.getByRole('button', { name: w.invite }).click();
        await p.page.getByRole('button', { name: w.make }).click();
        await p.page.getByRole('button', { name: w.hide }).click();
      }
      await expect(p.page.getByTestId('open-invites').locator('li').count()).resolves.toBe(2);
      await p.page.getByRole('button', { name: w.pair }).click();
      await p.page.getByLabel(w.link).waitFor();
      await expectAccessible(p.page, `invites and pairing (${lang}, light)`);
      await screenshot(p.page, `invites-pairing-${lang}-light`);
      await p.page.emulateMedia({ colorScheme: 'dark' });
      await expectAccessible(p.page, `invites and pairing (${lang}, dark)`);
      await screenshot(p.page, `invites-pairing-${lang}-dark`);
    });
  }
});
