/**
 * A hostile member, in real Chromium over real WebRTC: two phones sync, one deletes many people,
 * the other opens that member's activity, undoes it, and both see the people back. A recorder on
 * both phones checks that the whole session (first run, edits, invite, join, live sync, reload and
 * unlock) sends every request and WebSocket only to the app's own origin and its signaling server.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './a11y';
import { addPerson, firstRun, goto, seesPerson, unlock } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const base = () => inject('baseUrl');
const phones: Phone[] = [];
const requests: string[] = [];
const sockets: string[] = [];
afterAll(async () => {
  for (const p of phones) await p.close().catch(() => {});
});

async function phone() {
  const p = await launchPhone({ webrtc: true });
  p.context.on('request', (r) => requests.push(r.url()));
  p.context.on('page', (page) => page.on('websocket', (ws) => sockets.push(ws.url())));
  p.page.on('websocket', (ws) => sockets.push(ws.url()));
  phones.push(p);
  return p;
}

const PEOPLE = ['Ana López', 'Bo Chen', 'Cyrus Noor', 'Dee Okafor', 'Eli Park', 'Fay Ruiz', 'Gus Tan'];
const DOOMED = PEOPLE.slice(0, 5);

async function peopleCount(p: Phone): Promise<number> {
  await goto(p.page, 'people');
  // The screen loads on first visit; its list is drawn with it.
  await p.page.getByLabel('Quick add a coworker').waitFor();
  return p.page
    .getByRole('link', { name: /Ana López|Bo Chen|Cyrus Noor|Dee Okafor|Eli Park|Fay Ruiz|Gus Tan/ })
    .count();
}

describe('a hostile member in real Chromium', () => {
  let a: Phone;
  let x: Phone;

  it('syncs two phones, then one deletes many people', async () => {
    a = await phone();
    await a.page.goto(base());
    await firstRun(a.page, 'alpha member passphrase', 'Hostile member test');
    for (const name of PEOPLE) await addPerson(a.page, name);
    await goto(a.page, 'sharing');
    await a.page.getByLabel('This device’s name').fill('Phone A');
    await a.page.getByRole('button', { name: 'Save name' }).click();
    await a.page.locator('[data-testid="sync-state"]').waitFor();
    await a.page.getByRole('button', { name: 'Invite someone' }).click();
    await a.page.getByRole('button', { name: 'Make invite link' }).click();
    const link = await a.page.getByLabel('Invite link').inputValue();

    x = await phone();
    await x.page.goto(link);
    await x.page.getByLabel('Choose a passphrase').fill('xray member passphrase');
    await x.page.getByLabel('Type it again').fill('xray member passphrase');
    await x.page.getByRole('button', { name: 'Continue' }).click();
    await x.page.getByLabel('Name for this device').fill('Phone X');
    await x.page.getByRole('button', { name: 'Join campaign' }).click();
    await x.page.getByRole('navigation', { name: 'Main' }).waitFor();
    await seesPerson(x.page, 'Gus Tan', 30_000);

    for (const name of DOOMED) {
      await goto(x.page, 'people');
      await x.page
        .getByRole('link', { name: new RegExp(name) })
        .first()
        .click();
      await x.page.getByRole('button', { name: 'Delete this person' }).click();
      await x.page.getByRole('button', { name: 'Yes, delete' }).click();
      await x.page.getByText('This person was deleted.').waitFor();
    }
    await expect.poll(() => peopleCount(a), { timeout: 30_000 }).toBe(2);
    await screenshot(a.page, 'hostile-member-01-people-gone');
  });

  it('shows the member’s activity and undoes it on the other phone; both see the people back', async () => {
    await goto(a.page, 'sharing');
    const row = a.page.locator('li.member', { hasText: 'Phone X' });
    await row.waitFor({ timeout: 30_000 });
    // A person's devices (safety words, activity) are folded under their row.
    await row.locator('summary').first().click();
    await row
      .getByRole('link', { name: /Activity/ })
      .first()
      .click();
    await a.page.getByRole('heading', { name: 'Activity of Phone X' }).waitFor();
    const list = a.page.locator('[data-testid="activity-list"]');
    for (const name of DOOMED) await list.getByText(`Deleted ${name}`).waitFor({ timeout: 30_000 });
    await expectAccessible(a.page, 'member activity');
    await screenshot(a.page, 'hostile-member-02-activity');

    await a.page.getByRole('button', { name: 'Undo these changes' }).click();
    const dialog = a.page.getByRole('alertdialog');
    await dialog.getByText('5 record(s) come back').waitFor();
    await expectAccessible(a.page, 'undo confirmation');
    await screenshot(a.page, 'hostile-member-03-undo-confirm');
    await dialog.getByRole('button', { name: 'Yes, undo' }).click();
    await a.page.getByText('Undone and saved. 5 record(s) changed.').waitFor();
    await screenshot(a.page, 'hostile-member-04-undone');

    expect(await peopleCount(a)).toBe(PEOPLE.length);
    await expect.poll(() => peopleCount(x), { timeout: 30_000 }).toBe(PEOPLE.length);
    await screenshot(x.page, 'hostile-member-05-back-on-x');
  });

  it('lists restore points and survives a reload and unlock', async () => {
    await goto(a.page, 'snapshots');
    await a.page.getByRole('heading', { name: 'Restore points' }).waitFor();
    await a.page.getByRole('button', { name: 'Save a restore point now' }).click();
    await a.page.getByText('Restore point saved.').waitFor();
    await a.page.locator('[data-testid="snapshot-list"] li', { hasText: '7 people' }).first().waitFor();
    await expectAccessible(a.page, 'restore points');
    await screenshot(a.page, 'hostile-member-06-restore-points');

    await a.page.reload();
    await unlock(a.page, 'alpha member passphrase');
    expect(await peopleCount(a)).toBe(PEOPLE.length);
    // The activity (and who did it) is still there after the reload.
    await goto(a.page, 'sharing');
    const row = a.page.locator('li.member', { hasText: 'Phone X' });
    await row.locator('summary').first().click();
    await row
      .getByRole('link', { name: /Activity/ })
      .first()
      .click();
    await a.page
      .locator('[data-testid="activity-list"]')
      .getByText('Deleted Ana López')
      .waitFor({ timeout: 30_000 });
  });

  it('sent every request and WebSocket of the session only to the app’s origin: its signaling and its mailbox', () => {
    const origin = new URL(base()).origin;
    const signaling = `${origin.replace(/^http/, 'ws')}/signal`;
    const mailbox = `${origin.replace(/^http/, 'ws')}/mailbox`;
    expect(requests.length).toBeGreaterThan(10);
    expect(sockets.length).toBeGreaterThan(0);
    const foreign = requests.filter(
      (u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(foreign).toEqual([]);
    expect(sockets.some((u) => u === mailbox)).toBe(true);
    expect(sockets.filter((u) => u !== signaling && !u.startsWith(`${signaling}?`) && u !== mailbox)).toEqual(
      [],
    );
  });
});
