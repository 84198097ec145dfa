/**
 * Page model for the app's gates (first run, unlock) and common steps, so tests read like a user.
 */
import type { Page } from 'playwright-core';

/** The app's databases, caches and service workers in the page's origin (empty after a wipe). */
export async function storageIsEmpty(page: Page) {
  return page.evaluate(async () => ({
    dbs: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
    sw: (await navigator.serviceWorker.getRegistrations()).length,
  }));
}

/** What the first-run screens say, per language the tests use. */
const FIRST_RUN = {
  en: {
    passphrase: 'Choose a passphrase',
    again: 'Type it again',
    next: 'Continue',
    campaign: 'Campaign name',
    create: 'Create campaign',
    nav: 'Main',
  },
  es: {
    passphrase: 'Elige una frase de acceso',
    again: 'Escríbela otra vez',
    next: 'Continuar',
    campaign: 'Nombre de la campaña',
    create: 'Crear campaña',
    nav: 'Principal',
  },
};

export async function firstRun(
  page: Page,
  passphrase: string,
  campaign: string,
  lang: keyof typeof FIRST_RUN = 'en',
): Promise<void> {
  const words = FIRST_RUN[lang];
  await page.getByLabel(words.passphrase).fill(passphrase);
  await page.getByLabel(words.again).fill(passphrase);
  await page.getByRole('button', { name: words.next }).click();
  await page.getByLabel(words.campaign).fill(campaign);
  await page.getByRole('button', { name: words.create }).click();
  await page.getByRole('navigation', { name: words.nav }).waitFor();
}

export async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 30_000 });
}

export async function goto(page: Page, route: string): Promise<void> {
  await page.evaluate((r) => {
    location.hash = `#/${r}`;
  }, route);
}

/** Adds a coworker with the people list's quick-add and waits for them in the list. */
export async function addPerson(page: Page, name: string): Promise<void> {
  await goto(page, 'people');
  await page.getByLabel('Quick add a coworker').fill(name);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page
    .getByRole('link', { name: new RegExp(name) })
    .first()
    .waitFor();
}

/** Waits until the people list shows `name` (e.g. after it synced from another phone). */
export async function seesPerson(page: Page, name: string, timeout = 20_000): Promise<void> {
  await goto(page, 'people');
  await page
    .getByRole('link', { name: new RegExp(name) })
    .first()
    .waitFor({ timeout });
}

/**
 * Reads every IndexedDB database, object store and value raw (no Dexie), plus Cache Storage and
 * Web Storage, and returns everything as one Latin-1 string per source so any byte sequence can be
 * searched for.
 */
export async function dumpAllStorage(page: Page): Promise<{ source: string; text: string }[]> {
  return page.evaluate(async () => {
    const out: { source: string; text: string }[] = [];
    const latin1 = (bytes: Uint8Array) => {
      let s = '';
      for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] ?? 0);
      return s;
    };
    const flatten = (v: unknown): string => {
      if (v instanceof Uint8Array) return latin1(v);
      if (v instanceof ArrayBuffer) return latin1(new Uint8Array(v));
      if (ArrayBuffer.isView(v)) return latin1(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      if (v instanceof Blob) return '[blob]';
      if (Array.isArray(v)) return v.map(flatten).join('\u0000');
      if (v && typeof v === 'object')
        return Object.entries(v)
          .map(([k, x]) => `${k}=${flatten(x)}`)
          .join('\u0000');
      return String(v);
    };
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name as string);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const tx = db.transaction(storeName, 'readonly');
          const req = tx.objectStore(storeName).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const keys = await new Promise<unknown[]>((resolve, reject) => {
          const tx = db.transaction(storeName, 'readonly');
          const req = tx.objectStore(storeName).getAllKeys();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        out.push({
          source: `idb:${info.name}/${storeName}`,
          text: rows.map(flatten).join('\n') + keys.map(flatten).join('\n'),
        });
      }
      db.close();
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        const body = res ? new Uint8Array(await res.arrayBuffer()) : new Uint8Array();
        out.push({ source: `cache:${name}:${req.url}`, text: latin1(body) });
      }
    }
    const web: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i) ?? '';
      web.push(`${k}=${localStorage.getItem(k)}`);
    }
    for (let i = 0; i < sessionStorage.length; i++) {
      const k = sessionStorage.key(i) ?? '';
      web.push(`${k}=${sessionStorage.getItem(k)}`);
    }
    out.push({ source: 'webstorage', text: web.join('\n') });
    return out;
  });
}

/** Every encoding a name could take in storage: UTF-8 bytes (as Latin-1), UTF-16LE, base64, lowercase. */
export function forms(name: string): string[] {
  const utf8 = Buffer.from(name, 'utf8').toString('latin1');
  const utf16 = Buffer.from(name, 'utf16le').toString('latin1');
  const b64 = Buffer.from(name, 'utf8').toString('base64').replace(/=+$/, '');
  return [utf8, utf16, b64, utf8.toLowerCase(), name.normalize('NFD')];
}

/** Names this device on the Sharing screen (sync starts only once a device has a name). */
export async function nameDevice(page: Page, name: string): Promise<void> {
  await goto(page, 'sharing');
  await page.getByLabel('This device’s name').fill(name);
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.locator('[data-testid="sync-state"]').waitFor();
}

/** Opens an invite on the Sharing screen and returns its link. */
export async function inviteLink(page: Page): Promise<string> {
  await goto(page, 'sharing');
  await page.getByRole('button', { name: 'Invite someone' }).click();
  await page.getByRole('button', { name: 'Make invite link' }).click();
  await page.getByRole('img', { name: 'Invite code to scan' }).waitFor();
  return page.getByLabel('Invite link').inputValue();
}

/** Makes an invite on the Sharing screen (already open), hides it again, and returns its link. */
export async function makeInvite(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Invite someone' }).click();
  await page.getByRole('button', { name: 'Make invite link' }).click();
  await page.getByRole('img', { name: 'Invite code to scan' }).waitFor();
  const link = await page.getByLabel('Invite link').inputValue();
  await page.getByRole('button', { name: 'Hide invite' }).click();
  return link;
}

/** First run from an invite link on a fresh phone: passphrase, device name, join. */
export async function joinFromLink(page: Page, link: string, device: string, pass: string): Promise<void> {
  await page.goto(link);
  await page.getByLabel('Choose a passphrase').fill(pass);
  await page.getByLabel('Type it again').fill(pass);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Name for this device').fill(device);
  await page.getByRole('button', { name: 'Join campaign' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 30_000 });
}

/**
 * Waits until the Sharing screen says this device's latest changes left the phone (in the mailbox
 * or seen by a member), i.e. another member can get them with this phone closed.
 */
export async function changesLeftPhone(page: Page, timeout = 60_000): Promise<void> {
  await goto(page, 'sharing');
  await page
    .locator('[data-testid="latest"][data-latest="mailbox"], [data-testid="latest"][data-latest="seen"]')
    .waitFor({ timeout });
}

/** Waits until the Sharing screen shows the mailbox in `state` (live, off, …). */
export async function mailboxState(page: Page, state: string, timeout = 60_000): Promise<void> {
  await goto(page, 'sharing');
  await page.locator(`[data-testid="mailbox-state"][data-state="${state}"]`).waitFor({ timeout });
}

/** Logs a conversation in person with `person`, with `note` as its note. */
export async function logNote(page: Page, person: string, note: string): Promise<void> {
  await goto(page, 'people');
  await page
    .getByRole('link', { name: new RegExp(person) })
    .first()
    .click();
  await page.getByRole('heading', { name: person }).waitFor();
  await page.getByRole('link', { name: 'Log a conversation' }).click();
  await page.getByRole('heading', { name: 'Log a conversation', level: 1 }).waitFor();
  await page.getByRole('radio', { name: 'In person' }).check();
  await page.getByLabel('Note', { exact: true }).fill(note);
  await page.getByRole('button', { name: 'Save conversation' }).click();
  await page.getByText('Conversation saved.').waitFor();
}
