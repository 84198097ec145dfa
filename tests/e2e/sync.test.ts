/**
 * Peer-to-peer sync between real headless Chromium instances over real WebRTC on loopback:
 * invite by link, edits both ways, offline edits on both sides converging, and member removal
 * (key rotation) leaving the removed device with nothing new.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addPerson, firstRun, goto, seesPerson, unlock } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const base = () => inject('baseUrl');
const phones: Phone[] = [];
afterAll(async () => {
  for (const p of phones) await p.close().catch(() => {});
});

async function phone(opts: { profile?: string } = {}) {
  const p = await launchPhone({ webrtc: true, ...opts });
  phones.push(p);
  return p;
}

async function nameDevice(p: Phone, name: string) {
  await goto(p.page, 'sharing');
  await p.page.getByLabel('This device’s name').fill(name);
  await p.page.getByRole('button', { name: 'Save name' }).click();
  await p.page.locator('[data-testid="sync-state"]').waitFor();
}

async function inviteLink(p: Phone): Promise<string> {
  await goto(p.page, 'sharing');
  await p.page.getByRole('button', { name: 'Invite someone' }).click();
  await p.page.getByRole('button', { name: 'Make invite link' }).click();
  await p.page.getByRole('img', { name: 'Invite code to scan' }).waitFor();
  return p.page.getByLabel('Invite link').inputValue();
}

async function joinFresh(link: string, device: string, pass: string) {
  const p = await phone();
  await p.page.goto(link);
  await p.page.getByLabel('Choose a passphrase').fill(pass);
  await p.page.getByLabel('Type it again').fill(pass);
  await p.page.getByRole('button', { name: 'Continue' }).click();
  await p.page.getByLabel('Name for this device').fill(device);
  await p.page.getByRole('button', { name: 'Join campaign' }).click();
  await p.page.getByRole('navigation', { name: 'Main' }).waitFor();
  return p;
}

async function connectedPeers(p: Phone, n: number) {
  await goto(p.page, 'sharing');
  await p.page.waitForFunction(
    (count) =>
      document.querySelector('[data-testid="sync-state"]')?.getAttribute('data-state') === 'connected' &&
      document.querySelectorAll('.peers li').length >= count,
    n,
    { timeout: 30_000 },
  );
}

describe('peer-to-peer sync in real Chromium', () => {
  let a: Phone;
  let b: Phone;
  let c: Phone;

  it('invites by link: the invitee gets the whole campaign and edits flow both ways', async () => {
    a = await phone();
    await a.page.goto(base());
    await firstRun(a.page, 'alpha phone passphrase', 'Quarry Local sync test');
    await addPerson(a.page, 'Aurelio Alpha');
    await nameDevice(a, 'Phone A');
    const link = await inviteLink(a);
    expect(link).toContain('#/join/');
    expect(new URL(link).search).toBe('');
    await screenshot(a.page, 'sync-01-invite');

    b = await joinFresh(link, 'Phone B', 'bravo phone passphrase');
    await b.page.getByRole('heading', { name: 'Quarry Local sync test' }).waitFor({ timeout: 30_000 });
    await seesPerson(b.page, 'Aurelio Alpha');
    await addPerson(b.page, 'Beatriz Bravo');
    await seesPerson(a.page, 'Beatriz Bravo');
    await connectedPeers(a, 1);
    await a.page.locator('.peers li', { hasText: 'Phone B' }).waitFor();
    await a.page.locator('[data-testid="unsent"][data-unsent="false"]').waitFor({ timeout: 20_000 });
    await screenshot(a.page, 'sync-02-status-connected');
  });

  it('converges after both sides edited offline', async () => {
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    // Offline emulation cuts signaling; drop the live peer connection too by reconnecting.
    for (const p of [a, b]) {
      await goto(p.page, 'sharing');
      await p.page.getByRole('button', { name: 'Reconnect' }).click();
    }
    await addPerson(a.page, 'Octavia Offline-A');
    await addPerson(b.page, 'Oskar Offline-B');
    await a.context.setOffline(false);
    await b.context.setOffline(false);
    for (const p of [a, b]) {
      await goto(p.page, 'sharing');
      await p.page.getByRole('button', { name: 'Reconnect' }).click();
    }
    await seesPerson(a.page, 'Oskar Offline-B', 30_000);
    await seesPerson(b.page, 'Octavia Offline-A', 30_000);
  });

  it('removing a member rotates the key: the others follow, the removed device gets nothing new', async () => {
    const link = await inviteLink(a);
    c = await joinFresh(link, 'Phone C', 'charlie phone passphrase');
    await seesPerson(c.page, 'Beatriz Bravo', 30_000);
    await goto(a.page, 'sharing');
    await a.page.locator('li.member', { hasText: 'Phone C' }).waitFor({ timeout: 30_000 });
    await a.page.locator('li.member', { hasText: 'Phone B' }).waitFor();
    const row = a.page.locator('li.member', { hasText: 'Phone C' });
    await row.getByRole('button', { name: 'Remove' }).click();
    await a.page.getByText('cannot be taken back').first().waitFor();
    // Undo comes before removal: the dialog says so and links to the member's activity.
    await a.page.getByText('To undo what Phone C changed, open their activity first').waitFor();
    await a.page.getByRole('alertdialog').getByRole('link', { name: 'Activity' }).waitFor();
    await screenshot(a.page, 'sync-03-remove-confirm');
    await a.page.getByRole('button', { name: 'Yes, remove' }).click();
    await a.page.getByText('Removed. The campaign now uses a new key').waitFor({ timeout: 20_000 });

    // B follows the rotation and keeps syncing with A in the new room.
    await b.page.waitForFunction(() => true);
    await addPerson(a.page, 'Delfina After-Rotation');
    await seesPerson(b.page, 'Delfina After-Rotation', 30_000);
    await addPerson(b.page, 'Bruno After-Rotation');
    await seesPerson(a.page, 'Bruno After-Rotation', 30_000);

    // C learns it was removed and never receives the new edits.
    await goto(c.page, 'sharing');
    await c.page.getByText('removed you from this campaign').waitFor({ timeout: 30_000 });
    await screenshot(c.page, 'sync-04-removed');
    await goto(c.page, 'people');
    await c.page.waitForTimeout(3_000);
    expect(await c.page.getByRole('link', { name: /After-Rotation/ }).count()).toBe(0);
  });

  it('keeps working after the invitee relaunches and unlocks', async () => {
    const profile = b.profile;
    await b.context.close();
    const b2 = await phone({ profile });
    await b2.page.goto(base());
    await unlock(b2.page, 'bravo phone passphrase');
    await seesPerson(b2.page, 'Delfina After-Rotation');
    await addPerson(a.page, 'Ximena After-Relaunch');
    await seesPerson(b2.page, 'Ximena After-Relaunch', 30_000);
  });

  it('works the same through y-webrtc’s stock signaling server', async () => {
    const stock = inject('stockSignalingUrl');
    const useStock = async (p: Phone) => {
      await goto(p.page, 'sharing');
      await p.page.getByText('Advanced: servers').click();
      await p.page.getByLabel('Signaling servers (one per line)').fill(stock);
      await p.page.getByRole('button', { name: 'Save servers' }).click();
      await p.page.getByText('Saved. Reconnecting.').waitFor();
    };
    const d = await phone();
    await d.page.goto(base());
    await firstRun(d.page, 'delta phone passphrase', 'Stock server campaign');
    await addPerson(d.page, 'Sigrid Stock');
    await nameDevice(d, 'Phone D');
    await useStock(d);
    const link = await inviteLink(d);
    const e = await joinFresh(link, 'Phone E', 'echo phone passphrase');
    await useStock(e);
    await seesPerson(e.page, 'Sigrid Stock', 30_000);
    await addPerson(e.page, 'Esteban Stock');
    await seesPerson(d.page, 'Esteban Stock', 30_000);
    await goto(d.page, 'sharing');
    await expect(d.page.getByLabel('Signaling servers (one per line)').inputValue()).resolves.toBe(stock);
  });
});
