/**
 * What the unlock bench (unlock-browser.ts) runs inside the page and the files its baselines read:
 * - the same campaign as the restored backup (same seed, same records), written as plain JSON and
 *   as one Yjs update next to a copy of the production build, so the page fetches them from its own
 *   origin (the app's Content-Security-Policy allows no other);
 * - Yjs bundled as a script the page evaluates, for the `Y.applyUpdate` baseline;
 * - in-page timers (as source text: tsx wraps named functions in a `__name` helper that does not
 *   exist in the page): passphrase submit → home painted with every main-thread long task seen,
 *   the baselines, quick add → confirmed and the people search per keystroke.
 * A frame counts as painted in a task queued from its animation frame callback, which runs once
 * that frame is drawn.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import * as Y from 'yjs';
import { generateCampaign } from '../fixtures/campaign-generator';

const ROOT = resolve(import.meta.dirname, '../..');

/** A copy of the build with the bench's files under `/bench-data/`, removed at exit. */
export function benchRoot(build: string): string {
  const root = mkdtempSync(join(tmpdir(), 'shopfloor-bench-unlock-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  cpSync(build, root, { recursive: true });
  mkdirSync(join(root, 'bench-data'));
  return root;
}

/** Sizes of the plain files for one campaign, and a name prefix the search types. */
export interface CampaignFiles {
  jsonBytes: number;
  updateBytes: number;
  query: string;
}

/** Writes the campaign's plain JSON and its Yjs update under `root/bench-data/` (same seed as the backup). */
export function writeCampaignFiles(root: string, people: number, conversations: number): CampaignFiles {
  const doc = new Y.Doc();
  generateCampaign(doc, { seed: 42, people, units: 40, shifts: 3, conversations });
  const records = doc.toJSON() as { people: Record<string, { name: string }> };
  const json = JSON.stringify(records);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  writeFileSync(join(root, 'bench-data', `records-${people}.json`), json);
  writeFileSync(join(root, 'bench-data', `update-${people}.bin`), update);
  // Five letters of a name near the middle of the list: a search a user would type.
  const names = Object.values(records.people).map((p) => p.name);
  const query = (names[Math.floor(names.length / 2)] ?? 'Maria').slice(0, 5);
  return { jsonBytes: Buffer.byteLength(json), updateBytes: update.length, query };
}

let yjsBundle: Promise<string> | null = null;

/** Yjs as one script that sets `globalThis.BenchY` (built once). */
function yjsScript(): Promise<string> {
  yjsBundle ??= (async () => {
    const { build } = await import('esbuild');
    const out = await build({
      stdin: { contents: "import * as Y from 'yjs'; globalThis.BenchY = Y;", resolveDir: ROOT },
      bundle: true,
      format: 'iife',
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    return out.outputFiles[0]?.text ?? '';
  })();
  return yjsBundle;
}

/** Arms the unlock timer on the lock screen: resolves `window.__unlock` once home counts `n` people. */
export async function armUnlockTimer(page: Page, n: number): Promise<void> {
  await page.evaluate(`(() => {
    const tasks = [];
    window.__tasks = tasks;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
    window.__unlock = new Promise((resolve) => {
      let t0 = 0;
      const check = () => {
        const el = document.querySelector('[data-testid="count-people"]');
        if (el && Number(el.textContent.replace(/[^0-9]/g, '')) >= ${n}) {
          setTimeout(() => resolve({ t0, painted: performance.now() }), 0);
          return;
        }
        requestAnimationFrame(check);
      };
      document.addEventListener('submit', () => {
        t0 = performance.now();
        requestAnimationFrame(check);
      }, { capture: true, once: true });
    });
  })()`);
}

/**
 * Locks the app from its safety menu and waits for the lock screen. Locking stores the home view
 * that the next unlocks paint first, as after a day's use; a reload right after a restore would
 * measure an unlock with no view yet (one is stored about 2 s after a session opens).
 */
export async function lockNow(page: Page): Promise<void> {
  await page.locator('.safety-button').click();
  await page.locator('.safety-lock').click();
  await page.locator('#unlock-pass').waitFor({ timeout: 600_000 });
}

/**
 * Reloads to the lock screen and unlocks with `passphrase`, timed (armUnlockTimer): as a user opens
 * the app on another day. Resolves once home counts `people`.
 */
export async function reloadAndUnlock(
  page: Page,
  base: string,
  people: number,
  passphrase: string,
): Promise<{ ms: number; painted: number; longest: number }> {
  await page.goto(base);
  await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor({ timeout: 600_000 });
  await armUnlockTimer(page, people);
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock' }).click();
  return unlockResult(page);
}

/** The armed timer's result: submit → painted, and the longest long task in that span. */
export async function unlockResult(page: Page): Promise<{ ms: number; painted: number; longest: number }> {
  const r = (await page.evaluate('window.__unlock')) as { t0: number; painted: number };
  const longest = await longestTask(page, r.t0, r.painted);
  return { ms: r.painted - r.t0, painted: r.painted, longest };
}

/** The longest main-thread long task (ms) overlapping [from, to] in page time (0 when none). */
export function longestTask(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(
    `window.__tasks.filter(([s, d]) => s + d > ${from} && s < ${to}).reduce((m, [, d]) => Math.max(m, d), 0)`,
  ) as Promise<number>;
}

/** JS heap of the page (MB) after a full garbage collection. */
export async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

/** IndexedDB + Cache Storage used by the origin (MB), from `navigator.storage.estimate()`. */
export async function storageMb(page: Page): Promise<number> {
  const bytes = (await page.evaluate(`navigator.storage.estimate().then((e) => {
    const d = e.usageDetails || {};
    return (d.indexedDB || 0) + (d.caches || 0);
  })`)) as number;
  return bytes / 1024 / 1024;
}

/** Loads the campaign's plain JSON (as text), its update and Yjs into the page. */
export async function loadBaselineData(page: Page, people: number): Promise<void> {
  await page.evaluate(await yjsScript());
  await page.evaluate(`Promise.all([
    fetch('/bench-data/records-${people}.json').then((r) => r.text()),
    fetch('/bench-data/update-${people}.bin').then((r) => r.arrayBuffer()),
  ]).then(([text, bytes]) => {
    window.__text = text;
    window.__update = new Uint8Array(bytes);
  })`);
}

/** Times `JSON.parse` of the records and `Y.applyUpdate` of the update into a fresh doc, `runs` times each. */
export function timeBaselines(page: Page, runs: number): Promise<{ parse: number[]; apply: number[] }> {
  return page.evaluate(`(async () => {
    const parse = [];
    const apply = [];
    for (let i = 0; i < ${runs}; i++) {
      let t = performance.now();
      JSON.parse(window.__text);
      parse.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
      const doc = new BenchY.Doc();
      t = performance.now();
      BenchY.applyUpdate(doc, window.__update);
      apply.push(performance.now() - t);
      doc.destroy();
      await new Promise((r) => setTimeout(r, 20));
    }
    return { parse, apply };
  })()`) as Promise<{ parse: number[]; apply: number[] }>;
}

/** Heap (MB) the page holds for the parsed records, and for a doc with the update applied. */
export async function baselineHeaps(page: Page, cdp: CDPSession): Promise<{ parsed: number; doc: number }> {
  const empty = await heapMb(cdp);
  await page.evaluate('window.__parsed = JSON.parse(window.__text); 0');
  const parsed = (await heapMb(cdp)) - empty;
  await page.evaluate('window.__parsed = null; 0');
  const before = await heapMb(cdp);
  await page.evaluate(
    'window.__doc = new BenchY.Doc(); BenchY.applyUpdate(window.__doc, window.__update); 0',
  );
  const doc = (await heapMb(cdp)) - before;
  await page.evaluate('window.__doc.destroy(); window.__doc = null; 0');
  return { parsed, doc };
}

/**
 * Per keystroke of `query` typed into the people search (ms): input event → next frame painted, or
 * with `upTo: 'handlers'` only until the input event's handlers returned.
 */
export function searchKeystrokes(
  page: Page,
  query: string,
  upTo: 'painted' | 'handlers' = 'painted',
): Promise<number[]> {
  return page.evaluate(`(async (query, painted) => {
    const field = document.getElementById('people-search');
    const times = [];
    for (let i = 1; i <= query.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const t = performance.now();
      field.value = query.slice(0, i);
      field.dispatchEvent(new Event('input', { bubbles: true }));
      if (!painted) times.push(performance.now() - t);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      if (painted) times.push(performance.now() - t);
    }
    field.value = '';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    return times;
  })(${JSON.stringify(query)}, ${upTo === 'painted'})`) as Promise<number[]>;
}

/** The baseline per keystroke: the parsed records' people filtered by name in plain JS (ms). */
export function plainSearchKeystrokes(page: Page, query: string): Promise<number[]> {
  return page.evaluate(`((query) => {
    const people = Object.values(JSON.parse(window.__text).people);
    const times = [];
    for (let i = 1; i <= query.length; i++) {
      const q = query.slice(0, i).toLowerCase();
      const t = performance.now();
      people.filter((p) => !p.deleted && String(p.name).toLowerCase().includes(q));
      times.push(performance.now() - t);
    }
    return times;
  })(${JSON.stringify(query)})`) as Promise<number[]>;
}

/** Quick adds `n` coworkers in the people list; per add, submit → field cleared (saved) in ms. */
export function timedQuickAdds(page: Page, n: number): Promise<number[]> {
  return page.evaluate(`(async (n) => {
    const field = document.getElementById('quick-add');
    const times = [];
    for (let i = 0; i < n; i++) {
      field.value = 'Unlock Bench ' + i;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      const t = performance.now();
      field.form.requestSubmit();
      while (field.value !== '') await new Promise((r) => setTimeout(r, 0));
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
    return times;
  })(${n})`) as Promise<number[]>;
}
