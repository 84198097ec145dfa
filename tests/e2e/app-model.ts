/**
 * Page model for the app's gates (first run, unlock) and common steps, so tests read like a user.
 */
import type { Page } from 'playwright-core';

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
