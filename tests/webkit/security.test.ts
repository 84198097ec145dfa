/**
 * Safety features in WebKit: encrypted backup export → panic wipe → restore (a wrong backup
 * passphrase refused first), and the panic wipe leaving no database, cache or service worker.
 *
 * The download itself is not WebKitGTK's to drive (MiniBrowser under automation has no download
 * folder to read back), so the page's one download anchor is caught in the page: the bytes the
 * app would save are read back through WebDriver and written to a file, and that file is restored
 * through the real file input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addPerson, firstRun, openPhone, SHOTS, seesPerson, type WebKitPhone, webkitSkip } from './phone';

const PASS = 'harbor violet anchor maple';
const BACKUP_PASS = 'backup words long enough';
let phone: WebKitPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

/**
 * Catches the next `<a download>` click: keeps the blob's bytes (base64) instead of saving a file.
 * The blob is taken where the app creates its URL (fetching a blob: URL back fails in WebKitGTK).
 */
async function catchDownload(p: WebKitPhone): Promise<void> {
  await p.session.execute(() => {
    const w = window as unknown as { __download?: Promise<{ name: string; b64: string }> };
    const blobs = new Map<string, Blob>();
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      const url = createObjectURL(obj);
      if (obj instanceof Blob) blobs.set(url, obj);
      return url;
    };
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (!this.download || !blob) return original.call(this);
      const name = this.download;
      w.__download = blob.arrayBuffer().then((buf) => {
        const bytes = new Uint8Array(buf);
        let bin = '';
        for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i] ?? 0);
        return { name, b64: btoa(bin) };
      });
    };
  });
}

async function storageIsEmpty(p: WebKitPhone) {
  return p.session.execute(async () => ({
    dbs: (await indexedDB.databases()).map((d) => d.name ?? ''),
    caches: await caches.keys(),
    sw: (await navigator.serviceWorker.getRegistrations()).length,
  }));
}

describe.skipIf(webkitSkip())('WebKit: backup, restore and panic wipe', () => {
  it('backup export → panic wipe → restore brings everything back; a wrong backup passphrase is refused', async () => {
    phone = await openPhone();
    const p = phone;
    await p.session.navigate(p.base);
    await firstRun(p, PASS, 'Backup test campaign');
    await addPerson(p, 'Bartholomew Backup');
    await addPerson(p, 'Ágata Ñúñez');
    // The service worker and its precache exist before the wipe, so the wipe has something to remove.
    await p.waitFor(
      'an active service worker',
      async () => !!(await navigator.serviceWorker.getRegistration())?.active,
    );
    await p.waitFor('a precache', async () => (await caches.keys()).length > 0);

    await p.route('settings');
    await catchDownload(p);
    await p.fill('Backup passphrase', BACKUP_PASS);
    await p.press('Save backup file');
    await p.seesText('Backup saved.');
    const download = await p.waitFor(
      'the backup bytes',
      () => (window as unknown as { __download?: Promise<{ name: string; b64: string }> }).__download ?? null,
    );
    expect(download.name).toMatch(/^shopfloor-backup-\d{4}-\d{2}-\d{2}\.sfbackup$/);
    const bytes = Buffer.from(download.b64, 'base64');
    const text = bytes.toString('utf8');
    expect(bytes.length).toBeGreaterThan(500);
    for (const secret of ['Bartholomew', 'Ñúñez', 'Backup test campaign', PASS, BACKUP_PASS])
      expect(text).not.toContain(secret);
    mkdirSync(SHOTS, { recursive: true });
    const file = resolve(SHOTS, '..', 'webkit-backup.sfbackup');
    writeFileSync(file, bytes);

    await p.press('Erase everything now');
    await p.shot('webkit-05-panic-confirm');
    const t0 = Date.now();
    await p.press('Yes, erase');
    await p.seesHeading('Welcome to Shopfloor');
    const wipeMs = Date.now() - t0;
    expect(wipeMs).toBeLessThan(10_000);
    await p.waitFor('storage to be empty', async () => {
      const dbs = await indexedDB.databases();
      const sw = await navigator.serviceWorker.getRegistrations();
      return dbs.length === 0 && (await caches.keys()).length === 0 && sw.length === 0;
    });
    expect(await storageIsEmpty(p)).toEqual({ dbs: [], caches: [], sw: 0 });
    console.info(`WebKit: panic wipe to first run took ${wipeMs} ms`);

    await p.fill('Choose a passphrase', 'new phone passphrase');
    await p.fill('Type it again', 'new phone passphrase');
    await p.press('Continue');
    await p.press('Restore from a backup');
    await p.chooseFile('Backup file', file);
    await p.fill('Backup passphrase', 'wrong backup words');
    await p.press('Restore');
    await p.waitFor('the refusal', () =>
      Array.from(document.querySelectorAll('[role="alert"]')).some((a) =>
        (a.textContent ?? '').includes('could not be opened'),
      ),
    );
    await p.shot('webkit-06-restore-refused');

    await p.fill('Backup passphrase', BACKUP_PASS);
    await p.press('Restore');
    await p.seesHeading('Backup test campaign', 60_000);
    await seesPerson(p, 'Bartholomew Backup');
    await seesPerson(p, 'Ágata Ñúñez');
    await p.shot('webkit-07-restored');
  });
});
