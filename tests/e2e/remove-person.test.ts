/**
 * Removing a person with two devices, in real Chromium over real WebRTC on loopback
 * (docs/membership.md): three people, four phones. An admin removes the person with two phones in
 * one step; the remaining member's phone follows the key change and says who removed whom; neither
 * removed phone gets anything made afterwards, and both say who removed them.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addPerson, firstRun, goto, joinFromLink, makeInvite, nameDevice, seesPerson } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const phones: Phone[] = [];
afterAll(async () => {
  for (const p of phones.splice(0)) await p.close().catch(() => {});
});

const LONG = 90_000;

async function phone(): Promise<Phone> {
  const p = await launchPhone({ webrtc: true });
  phones.push(p);
  return p;
}

async function invite(page: Page): Promise<string> {
  await goto(page, 'sharing');
  return makeInvite(page);
}

/** A person's row on the Sharing screen once it lists `devices` devices. */
async function personWithDevices(page: Page, person: string, devices: number): Promise<void> {
  await goto(page, 'sharing');
  await page
    .locator('li.member-person', { hasText: person })
    .filter({ hasText: `${devices} device` })
    .waitFor({ timeout: LONG });
}

/** The names on the People list of `page` that match `pattern`, read now. */
async function namesNow(page: Page, pattern: RegExp): Promise<number> {
  await goto(page, 'people');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page.getByRole('link', { name: pattern }).count();
}

describe('removing a person with two devices (three people, four phones)', () => {
  it('neither of their phones gets anything new; the others follow and see who removed whom', async () => {
    const a = await phone();
    await a.page.goto(inject('baseUrl'));
    await firstRun(a.page, 'admin phone passphrase', 'Yard 4 removal');
    await nameDevice(a.page, 'Phone A');
    await addPerson(a.page, 'Ramona Before');

    const b = await phone();
    await joinFromLink(b.page, await invite(a.page), 'Phone B', 'bravo phone passphrase');
    const c = await phone();
    await joinFromLink(c.page, await invite(a.page), 'Phone C', 'charlie phone passphrase');
    await seesPerson(c.page, 'Ramona Before', LONG);

    // C adds their second phone; C's first phone vouches for it.
    await goto(c.page, 'sharing');
    await c.page.locator('li.member-person').first().waitFor({ timeout: LONG });
    await c.page.getByRole('button', { name: 'Add my other phone' }).click();
    const pairing = await c.page.getByLabel('Pairing link').inputValue();
    const c2 = await phone();
    await joinFromLink(c2.page, pairing, 'Phone C2', 'second charlie passphrase');
    await c.page.getByTestId('pair-added').waitFor({ timeout: LONG });
    await seesPerson(c2.page, 'Ramona Before', LONG);

    // The admin sees C as one person with two devices, and B as a member.
    await personWithDevices(a.page, 'Phone C', 2);
    await personWithDevices(a.page, 'Phone B', 1);
    await personWithDevices(b.page, 'Phone C', 2);

    // One step removes the person and both their devices.
    const row = a.page.locator('li.member-person', { hasText: 'Phone C' });
    await row.getByRole('button', { name: 'Remove Phone C' }).click();
    await row.getByRole('button', { name: 'Yes, remove' }).waitFor();
    await expect(row.textContent()).resolves.toContain('Phone C2'); // the question names both devices
    await screenshot(a.page, 'remove-person-confirm');
    await row.getByRole('button', { name: 'Yes, remove' }).click();
    await a.page
      .locator('li.member-person', { hasText: 'Phone C' })
      .waitFor({ state: 'detached', timeout: LONG });

    // B follows the key change and says who removed whom.
    await goto(b.page, 'sharing');
    const notice = b.page.getByTestId('rotation-notice');
    await notice.waitFor({ timeout: LONG });
    await expect(notice.textContent()).resolves.toMatch(/Phone A removed .*Phone C/);
    // From the move on, its phone-to-phone list names no phone of the room it left.
    const peersOfB = await b.page.locator('.peers li').allTextContents();
    expect(peersOfB.filter((n) => n.startsWith('Phone C'))).toEqual([]);
    await screenshot(b.page, 'remove-person-followed');

    // Both removed phones are told who removed them.
    for (const removed of [c, c2]) {
      await goto(removed.page, 'sharing');
      const banner = removed.page.getByTestId('membership-removed');
      await banner.waitFor({ timeout: LONG });
      await expect(banner.textContent()).resolves.toContain('Phone A removed you');
    }
    await screenshot(c2.page, 'remove-person-removed-second-phone');

    // The remaining members keep syncing in the new room: a round trip each way.
    await addPerson(a.page, 'Delia After');
    await seesPerson(b.page, 'Delia After', LONG);
    await addPerson(b.page, 'Bruno After');
    await seesPerson(a.page, 'Bruno After', LONG);
    // The remaining members' phone-to-phone lists name no removed phone.
    for (const kept of [a, b]) {
      await goto(kept.page, 'sharing');
      const peers = await kept.page.locator('.peers li').allTextContents();
      expect(peers.filter((n) => n.startsWith('Phone C'))).toEqual([]);
    }
    await screenshot(b.page, 'remove-person-after');
    // By now both edits crossed the new room twice; neither removed phone has either of them.
    for (const removed of [c, c2]) {
      expect(await namesNow(removed.page, /Delia After|Bruno After/)).toBe(0);
      expect(await namesNow(removed.page, /Ramona Before/)).toBe(1);
    }
  }, 420_000);
});
