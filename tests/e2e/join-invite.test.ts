/**
 * An invitee opening an invite link on a fresh phone sees which campaign it is for at the first
 * step (choosing a passphrase), not only at the second; English and Spanish, light and dark.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createInviteLink } from '../../src/sync/members/invite';
import { expectAccessible } from './a11y';
import { launchPhone, type Phone, screenshot } from './browser';

let phone: Phone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

const link = (name: string) =>
  createInviteLink(inject('baseUrl'), {
    spaceId: 'joinInviteSpace0001',
    spaceKey: new Uint8Array(32).fill(3),
    name,
  });

describe('joining from an invite', () => {
  it('names the campaign at step 1 (en, es; light, dark)', async () => {
    phone = await launchPhone();
    const { page } = phone;
    await page.goto(link('Dock 9 — Night shift'));
    await page.locator('#setup-pass').waitFor();
    const notice = page.locator('#invite-notice');
    await expect(notice.textContent()).resolves.toContain('You were invited to join “Dock 9 — Night shift”');
    await expectAccessible(page, 'setup with invite (light)');
    await screenshot(page, 'join-step1-en-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'setup with invite (dark)');
    await screenshot(page, 'join-step1-en-dark');
    await phone.close();

    phone = await launchPhone({ locale: 'es-ES' });
    await phone.page.goto(link('Almacén Norte'));
    await phone.page.locator('#setup-pass').waitFor();
    await expect(phone.page.locator('#invite-notice').textContent()).resolves.toContain(
      'Te invitaron a unirte a «Almacén Norte»',
    );
    await screenshot(phone.page, 'join-step1-es-light');
  });
});
