/**
 * What the second copy (src/storage/second-copy.ts) costs a save, in real Chromium at a phone
 * viewport on the app's own origin:
 * - one save as the store makes it: a strict-durability IndexedDB commit of a sealed row, then the
 *   same bytes put into Cache Storage; the baseline is the IndexedDB commit alone, measured in the
 *   same page right before (same row sizes, interleaved so both see the same machine load);
 * - a quick add in the people list from submit until the form confirms it (the field clears only
 *   after the save is in IndexedDB and in the copy), on a fresh production build;
 * - the reconcile every start runs in the background (every entry read back and compared with
 *   IndexedDB) on an 8,000-person campaign restored from a backup.
 */
import { startServer } from '../../src/server/server';
import { firstRun, goto } from '../e2e/app-model';
import { launchPhone } from '../e2e/browser';
import { BENCH_BACKUP_PASS, bigCampaignBackup, restoreBackup } from '../fixtures/map-paint';
import { appBuild } from './app-build';
import { median, percentile, record } from './report';

export async function benchSecondCopy(saves = 200, adds = 40, people = 8000): Promise<void> {
  const server = await startServer({ port: 0, host: '127.0.0.1', root: await appBuild() });
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await page.goto(server.url);
    await firstRun(page, 'bench passphrase for the second copy', 'Copy Bench Local');
    // tsx compiles the functions below with esbuild's keepNames, which calls a `__name` helper.
    await page.evaluate('globalThis.__name = (f) => f');

    const { idb, both } = await page.evaluate(async (n) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('bench-second-copy', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('rows');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const cache = await caches.open('bench-second-copy');
      const commit = (key: number, value: Uint8Array) =>
        new Promise<void>((resolve, reject) => {
          const tx = db.transaction('rows', 'readwrite', { durability: 'strict' });
          tx.objectStore('rows').put(value, key);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      const idbTimes: number[] = [];
      const bothTimes: number[] = [];
      for (let i = 0; i < n; i++) {
        // A sealed quick-add row is about 1–2 KB; vary it so no size is favoured.
        const row = crypto.getRandomValues(new Uint8Array(800 + ((i * 37) % 1600)));
        let t = performance.now();
        await commit(2 * i, row);
        idbTimes.push(performance.now() - t);
        t = performance.now();
        await commit(2 * i + 1, row);
        await cache.put(`/bench-second-copy/${i}`, new Response(new Blob([row])));
        bothTimes.push(performance.now() - t);
      }
      db.close();
      indexedDB.deleteDatabase('bench-second-copy');
      await caches.delete('bench-second-copy');
      return { idb: idbTimes, both: bothTimes };
    }, saves);
    record({
      figure: `second copy: one save (strict IndexedDB commit + Cache Storage put of a 0.8–2.4 KB row), median of ${saves}, Chromium`,
      value: median(both),
      unit: 'ms',
      baseline: median(idb),
      note: `p95 ${percentile(both, 95).toFixed(1)} ms vs ${percentile(idb, 95).toFixed(1)} ms`,
    });

    await goto(page, 'people');
    const input = page.getByLabel('Quick add a coworker');
    await input.waitFor();
    const confirm = await page.evaluate(async (n) => {
      const field = document.getElementById('quick-add') as HTMLInputElement;
      const form = field.form as HTMLFormElement;
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        field.value = `Bench Person ${i}`;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        const t = performance.now();
        form.requestSubmit();
        while (field.value !== '') await new Promise((r) => setTimeout(r, 0));
        times.push(performance.now() - t);
      }
      return times;
    }, adds);
    record({
      figure: `quick add: submit until the form confirms the save (IndexedDB and second copy), median of ${adds}, Chromium 360×780`,
      value: median(confirm),
      unit: 'ms',
      target: '< 100 ms',
      ok: median(confirm) < 100,
      note: `p95 ${percentile(confirm, 95).toFixed(1)} ms`,
    });
    await phone.close();

    // The reconcile at start over a big campaign.
    const big = await launchPhone();
    try {
      const backupPass = BENCH_BACKUP_PASS;
      const pass = 'bench passphrase for the copy reconcile';
      await restoreBackup(
        big.page,
        server.url,
        pass,
        await bigCampaignBackup(backupPass, people),
        backupPass,
      );
      const reconcile: number[] = [];
      for (let i = 0; i < 3; i++) {
        await big.page.reload();
        await big.page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
        reconcile.push(
          await big.page.evaluate(
            `new Promise((resolve) => {
              const poll = () => {
                const m = performance.getEntriesByName('shopfloor:second-copy-reconcile')[0];
                if (m) resolve(m.duration); else setTimeout(poll, 20);
              };
              poll();
            })`,
          ),
        );
      }
      record({
        figure: `second copy: reconcile at start (every entry read back and compared), ${people.toLocaleString('en')}-person campaign, in the background, Chromium`,
        value: median(reconcile),
        unit: 'ms',
        note: `runs: ${reconcile.map((x) => x.toFixed(0)).join(', ')}`,
      });
    } finally {
      await big.close();
    }
  } finally {
    await phone.close().catch(() => {});
    await server.close();
  }
}
