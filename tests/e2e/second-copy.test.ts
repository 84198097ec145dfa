/**
 * The second copy in real Chromium: when the browser finds its IndexedDB damaged at start it
 * deletes the origin's whole database (a LevelDB checksum mismatch is enough). Shopfloor must come
 * back from the copy it keeps in Cache Storage: the lock screen says what happened, the passphrase
 * unlocks, every saved coworker is there, and the app keeps working (new saves, reload, unlock).
 *
 * The damage is made the way the crash test met it: bytes in the middle of the LevelDB log are
 * changed while the browser is closed, so the next open reports "Corruption: checksum mismatch".
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addPerson, firstRun, goto, seesPerson, unlock } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const PASS = 'tidal furnace orchard nine';
const NAMES = ['Olwen Bracamonte', 'Teodoro Iwasaki', 'Marisol Kettering', 'Ngozi Valcárcel'];

/** The LevelDB log files of the profile's IndexedDB (one per origin store). */
function leveldbLogs(profile: string): string[] {
  const root = join(profile, 'Default', 'IndexedDB');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => d.endsWith('.indexeddb.leveldb'))
    .flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.log'))
        .map((f) => join(root, d, f)),
    );
}

/** Overwrites a run of bytes in the middle of each file: LevelDB's record checksums no longer match. */
function damage(files: string[]): void {
  for (const file of files) {
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    try {
      writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, Math.floor(size / 2));
    } finally {
      closeSync(fd);
    }
  }
}

describe('second copy', () => {
  const base = inject('baseUrl');
  let phone: Phone | null = null;
  afterAll(async () => {
    await phone?.close();
  });

  it('rebuilds the campaign after Chromium discards a damaged IndexedDB', async () => {
    phone = await launchPhone();
    const { profile } = phone;
    await phone.page.goto(base);
    await firstRun(phone.page, PASS, 'Harbor Freight Local');
    for (const name of NAMES) await addPerson(phone.page, name);
    // The copy holds sealed rows only: no name is readable in it.
    const copy = await phone.page.evaluate(async () => {
      const cache = await caches.open('shopfloor-second-copy');
      const parts: string[] = [];
      for (const req of await cache.keys()) {
        const body = new Uint8Array(await ((await cache.match(req)) as Response).arrayBuffer());
        parts.push(new TextDecoder('latin1').decode(body));
      }
      return { entries: parts.length, text: parts.join('\n') };
    });
    expect(copy.entries).toBeGreaterThanOrEqual(3); // vault, campaign, personal space, updates
    for (const name of NAMES) expect(copy.text).not.toContain(name.split(' ')[1]);
    expect(copy.text).not.toContain('Harbor Freight');
    await phone.context.close();

    const logs = leveldbLogs(profile);
    expect(logs.length, 'IndexedDB LevelDB log files').toBeGreaterThan(0);
    damage(logs);
    const chromeLog = `${profile}-chrome.log`;
    phone = await launchPhone({ profile, args: ['--enable-logging', `--log-file=${chromeLog}`] });
    const { page } = phone;
    await page.goto(base);
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    // Chromium did throw the database away (it logs the corruption it found)...
    expect(readFileSync(chromeLog, 'utf8')).toMatch(/Corruption/);
    // ...and the lock screen says the database was rebuilt from the second copy.
    const notice = page.locator('#recovered-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/rebuilt it from the second copy/);
    await screenshot(page, 'second-copy-01-rebuilt');

    await unlock(page, PASS);
    for (const name of NAMES) await seesPerson(page, name);
    await screenshot(page, 'second-copy-02-people-back');

    // The rebuilt database keeps working: a new save, a reload, and an unlock with no notice.
    await addPerson(page, 'Zofia Abernathy');
    await page.reload();
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    expect(await page.locator('#recovered-notice').count()).toBe(0);
    await unlock(page, PASS);
    await goto(page, 'people');
    for (const name of [...NAMES, 'Zofia Abernathy']) await seesPerson(page, name);
    expect(await page.locator('.banner.error').count()).toBe(0);
  });

  it('says so on first run when the browser discarded the database and the copy is gone too', async () => {
    await phone?.close();
    phone = await launchPhone();
    const { profile } = phone;
    await phone.page.goto(base);
    await firstRun(phone.page, PASS, 'Lost Twice Local');
    await addPerson(phone.page, 'Ileana Castellanos');
    await phone.page.evaluate(() => caches.delete('shopfloor-second-copy'));
    await phone.context.close();

    damage(leveldbLogs(profile));
    phone = await launchPhone({ profile });
    const { page } = phone;
    await page.goto(base);
    const notice = page.locator('#data-lost-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/threw away Shopfloor’s data/);
    expect(await page.getByRole('heading', { name: 'Unlock Shopfloor' }).count()).toBe(0);
    await screenshot(page, 'second-copy-03-lost-first-run');
    // A normal first run on the same phone afterwards shows no such notice.
    await firstRun(page, PASS, 'Fresh Start Local');
    await page.reload();
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    expect(await page.locator('#data-lost-notice').count()).toBe(0);
  });
});
