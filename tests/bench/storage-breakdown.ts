/**
 * Where a campaign's stored bytes go, in real Chromium on a production build: a campaign with the
 * generator's 3.75 conversations a person is restored from a backup on a fresh phone, the phone is
 * reloaded and unlocked, and once the app is idle the page sums the bytes of every IndexedDB
 * store's values and every Cache Storage entry, beside `navigator.storage.estimate()` and the
 * campaign's plain JSON size. A figure list, not an assertion.
 *
 *     sh tests/e2e/isolated.sh node --import tsx tests/bench/storage-breakdown.ts [--heap] [people …]
 *
 * With `--heap`, a heap snapshot is taken too and its biggest constructors listed (heap-summary.ts).
 */
import { startServer } from '../../src/server/server';
import { launchPhone } from '../e2e/browser';
import { appBuild } from './app-build';
import { heapSummary } from './heap-summary';
import { PASS_A, restoreTimed } from './mailbox-browser';
import { campaignBackup } from './mailbox-campaign';
import { benchRoot, heapMb, reloadAndUnlock, writeCampaignFiles } from './unlock-page';

/** Sums the byte length of every binary and string inside each store's values, per store. */
const SUM_STORES = `(async () => {
  const size = (v) => {
    if (v == null) return 0;
    if (v instanceof ArrayBuffer) return v.byteLength;
    if (ArrayBuffer.isView(v)) return v.byteLength;
    if (typeof v === 'string') return v.length;
    if (typeof v === 'number' || typeof v === 'boolean') return 8;
    if (v instanceof Blob) return v.size;
    let n = 0;
    for (const k of Object.keys(v)) n += k.length + size(v[k]);
    return n;
  };
  const out = {};
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open(info.name);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    for (const name of db.objectStoreNames) {
      const store = db.transaction(name, 'readonly').objectStore(name);
      const t = await new Promise((res, rej) => {
        let bytes = 0;
        let rows = 0;
        const c = store.openCursor();
        c.onsuccess = () => {
          const cur = c.result;
          if (!cur) return res({ bytes, rows });
          bytes += size(cur.value);
          rows++;
          cur.continue();
        };
        c.onerror = () => rej(c.error);
      });
      out[info.name + '/' + name] = t;
    }
    db.close();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    let bytes = 0;
    let rows = 0;
    for (const req of await cache.keys()) {
      const res = await cache.match(req);
      bytes += (await res.arrayBuffer()).byteLength;
      rows++;
    }
    out['cache/' + name] = { bytes, rows };
  }
  const e = await navigator.storage.estimate();
  out.estimate = { bytes: e.usage, rows: 0, details: e.usageDetails };
  return out;
})()`;

async function breakdown(base: string, root: string, people: number): Promise<void> {
  const conversations = Math.round(people * 3.75);
  const files = writeCampaignFiles(root, people, conversations);
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await restoreTimed(phone, base, await campaignBackup(people, conversations), people);
    await reloadAndUnlock(page, base, people, PASS_A);
    // A settling window, not a wait for a condition: the writes the app makes after unlock
    // (restore point, home view, second-copy reconcile).
    await page.waitForTimeout(15_000);
    const out = (await page.evaluate(SUM_STORES)) as Record<string, { bytes: number; rows: number }>;
    const cdp = await phone.context.newCDPSession(page);
    console.log(`  JS heap after a full GC: ${(await heapMb(cdp)).toFixed(1)} MB`);
    if (process.argv.includes('--heap')) console.log(await heapSummary(cdp));
    const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
    console.log(
      `\n${people} people, ${conversations} conversations: plain JSON ${mb(files.jsonBytes)} MB, Yjs ${mb(files.updateBytes)} MB`,
    );
    for (const [k, v] of Object.entries(out))
      console.log(`  ${k.padEnd(40)} ${mb(v.bytes).padStart(8)} MB ${String(v.rows).padStart(7)} rows`);
    console.log(
      `  estimate details ${JSON.stringify((out.estimate as unknown as { details: unknown }).details)}`,
    );
  } finally {
    await phone.close().catch(() => {});
  }
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const root = benchRoot(await appBuild());
const server = await startServer({ port: 0, host: '127.0.0.1', root });
try {
  for (const people of sizes.length ? sizes : [8000]) await breakdown(server.url, root, people);
} finally {
  await server.close();
}
