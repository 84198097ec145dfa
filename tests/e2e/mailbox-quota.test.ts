/**
 * A full mailbox as a user meets it, in real Chromium. This test's own server gives each mailbox
 * room for a few entries only (`maxMailboxEntries`), in a store it watches:
 *
 * 1. Past the quota, the Sharing screen shows the "mailbox is full, nothing is lost" message of
 *    src/ui/sharing/strings.ts, and the latest changes are said to be only on this phone.
 * 2. A change made while full and a reload lose nothing: every person is still on the phone.
 * 3. Delivery resumes by itself: the phone compacts the mailbox (a sealed snapshot replaces the
 *    entries), pushes what the mailbox lacks, and the Sharing screen says the changes are in the
 *    mailbox again. A fresh member then joins with the first phone closed and gets every change,
 *    including those made while the mailbox was full.
 * 4. The server never held more entries than its quota.
 *
 * The phone compacts 5–30 s after the refusal and retries the refused push a minute later or at its
 * next connection (src/sync/mailbox/link.ts), so the wait for step 3 is long.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLmdbStore } from '../../src/server/mailbox/lmdb-store';
import type { MailboxStore } from '../../src/server/mailbox/store';
import { type RunningServer, startServer } from '../../src/server/server';
import { sharing } from '../../src/ui/sharing/strings';
import { decodeMessage } from '../../src/wire/mailbox';
import {
  addPerson,
  changesLeftPhone,
  firstRun,
  goto,
  inviteLink,
  joinFromLink,
  mailboxState,
  nameDevice,
  seesPerson,
  unlock,
} from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const PASS = 'granite harbour mailbox quota';
const QUOTA_ENTRIES = 4;
const PEOPLE = [
  'Quilla Before-Full',
  'Rashida Second',
  'Søren Third',
  'Tupac Fourth',
  'Ursula Fifth',
  'Vikram Sixth',
  'Wanjiru Seventh',
  'Xiadani Eighth',
];
const AFTER_FULL = 'Yusuf After-Full';

const phones: Phone[] = [];
let server: RunningServer | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'shopfloor-mailbox-quota-'));
afterAll(async () => {
  for (const p of phones) await p.close().catch(() => {});
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The lmdb store, watched: the most entries any mailbox held after any write. */
function watchedStore(): { store: MailboxStore; most: () => number } {
  const inner = openLmdbStore(join(dataDir, 'mailbox'));
  let most = 0;
  const note = async (id: string) => {
    most = Math.max(most, (await inner.get(id))?.entries ?? 0);
  };
  const store: MailboxStore = {
    ...inner,
    append: async (id, bytes, quota) => {
      const r = await inner.append(id, bytes, quota);
      await note(id);
      return r;
    },
    installSnapshot: async (id, covers, parts, quota) => {
      const r = await inner.installSnapshot(id, covers, parts, quota);
      await note(id);
      return r;
    },
  };
  return { store, most: () => most };
}

describe('mailbox quota', () => {
  it('says the mailbox is full, loses nothing, and delivers again once compaction made room', async () => {
    const watched = watchedStore();
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      root: process.env.SHOPFLOOR_DIST ?? 'dist',
      mailbox: { store: watched.store, limits: { maxMailboxEntries: QUOTA_ENTRIES } },
    });
    const a = await launchPhone({ webrtc: true });
    phones.push(a);
    const page = a.page;
    // What the server answered the page: quota refusals and the snapshots it installed.
    const seen = { appended: 0, quota: 0, snapshots: 0 };
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string') return;
        const op = decodeMessage(new Uint8Array(f.payload))?.header;
        if (op?.op === 'appended') seen.appended++;
        if (op?.op === 'error' && op.code === 'quota') seen.quota++;
        if (op?.op === 'snapshot-done') seen.snapshots++;
      });
    });
    await page.goto(server.url);
    await firstRun(page, PASS, 'Full Mailbox Local');
    // The founder's device name founds the membership log; an invite makes the campaign shared.
    await nameDevice(page, 'Quota A');
    const link = await inviteLink(page);
    await mailboxState(page, 'live');

    // 1. Changes until the server refuses one: the clear message, and the change stays here.
    const full = page.locator('[data-testid="mailbox-state"][data-state="error"][data-error="quota"]');
    const added: string[] = [];
    for (const name of PEOPLE) {
      await addPerson(page, name);
      added.push(name);
      await goto(page, 'sharing');
      const isFull = await full.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (isFull) break;
    }
    await full.waitFor({ timeout: 60_000 });
    expect(seen.quota).toBeGreaterThan(0);
    await expect(full.textContent()).resolves.toContain(sharing.en['sharing.mailboxQuota']);
    await page.locator('[data-testid="latest"][data-latest="this-device"]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'mailbox-quota-full');

    // 2. One more change while full, then a reload: every change is still on the phone.
    await addPerson(page, AFTER_FULL);
    await page.reload();
    await unlock(page, PASS);
    for (const name of [...added, AFTER_FULL]) await seesPerson(page, name, 30_000);

    // 3. The phone compacts the mailbox and, at its next try, everything goes out again.
    await changesLeftPhone(page, 300_000);
    await mailboxState(page, 'live');
    expect(seen.snapshots).toBeGreaterThan(0);
    await screenshot(page, 'mailbox-quota-resumed');
    await a.close();

    const b = await launchPhone({ webrtc: true });
    phones.push(b);
    await joinFromLink(b.page, link, 'Quota B', 'second phone quota passphrase');
    for (const name of [...added, AFTER_FULL]) await seesPerson(b.page, name, 120_000);

    // 4. Whatever the phones sent, the server never held more entries than its quota.
    expect(watched.most()).toBeGreaterThan(0);
    expect(watched.most()).toBeLessThanOrEqual(QUOTA_ENTRIES);
    console.log(
      `[mailbox-quota] full after ${added.length} people; server answered ${JSON.stringify(seen)}; most entries held ${watched.most()}`,
    );
  }, 600_000);
});
