/**
 * Survey figures (issue 6):
 * - the respondent page's JavaScript, gzipped, as dist/respond.html loads it (its module scripts
 *   and modulepreloads), and separately the transport loaded only when answers are sent (the
 *   lazy survey-inbox chunk and what it imports: Yjs, y-webrtc); baseline: the app's own
 *   index.html initial JavaScript;
 * - the respondent page's load time in headless Chromium, from navigation to the questions being
 *   on screen, on a fresh profile (no cache), also with the CPU slowed 4× and a slow-3G-like network
 *   (a slow phone); baseline: the same page on an unthrottled run;
 * - sealing and opening one response (ECDH P-256 + HKDF + AES-GCM) and aggregating 2,000 responses
 *   with unit and shift breakdowns (suppression included).
 * Needs `npx vite build` first (dist/); the browser figures are skipped without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { generateSurveyKeyPair, importSurveyPrivateKey, openSealed, sealToPublicKey } from '../../src/crypto';
import {
  type DecryptedResponse,
  encodeResponse,
  encodeSurveyLink,
  type PublicSurvey,
  readPublicSurvey,
  surveyResults,
} from '../../src/domain';
import { startServer } from '../../src/server/server';
import { median, record } from './report';

const DIST = 'dist';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function gz(file: string): number {
  return gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
}

/** JS files an HTML entry loads up front (module scripts and modulepreloads). */
function entryScripts(html: string): string[] {
  const text = readFileSync(join(DIST, html), 'utf8');
  return [
    ...text.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/?([^"]+\.js)"/g),
  ].map((m) => m[1] as string);
}

/** A chunk and every chunk it imports statically, transitively. */
function withImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(DIST, file), 'utf8');
  for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) {
    withImports(join('assets', m[1] as string), seen);
  }
  return seen;
}

function sampleSurvey(): PublicSurvey {
  const s = readPublicSurvey({
    v: 1,
    id: 'BenchSurveyAAAAAAAAAAA',
    title: 'Heat on the loading dock',
    intro: 'Five questions, two minutes. Nobody will know who answered what.',
    k: 5,
    codes: false,
    units: Array.from({ length: 12 }, (_, i) => ({
      id: `BenchUnit${String(i).padStart(13, '0')}`,
      name: `Unit ${i}`,
    })),
    shifts: ['Days', 'Nights', 'Weekends'].map((name, i) => ({
      id: `BenchShift${String(i).padStart(12, '0')}`,
      name,
    })),
    questions: [
      {
        id: 'q1aa',
        kind: 'single',
        text: 'What should we fix first?',
        options: ['Fans', 'Water', 'Breaks', 'Pay'],
      },
      { id: 'q2aa', kind: 'multiple', text: 'Which apply to you?', options: ['Heat', 'Overtime', 'Safety'] },
      { id: 'q3aa', kind: 'scale', text: 'How bad is the heat?' },
      { id: 'q4aa', kind: 'ranking', text: 'Rank these', options: ['Water', 'Fans', 'Shade', 'Breaks'] },
      { id: 'q5aa', kind: 'text', text: 'Anything else?' },
    ],
  });
  if (!s) throw new Error('bench survey fixture');
  return s;
}

async function benchBundle(): Promise<void> {
  const initial = entryScripts('respond.html');
  const initialGz = initial.reduce((n, f) => n + gz(f), 0);
  const appGz = entryScripts('index.html').reduce((n, f) => n + gz(f), 0);
  record({
    figure: 'respondent page JS loaded up front (gzip)',
    value: Math.round(initialGz / 102.4) / 10,
    unit: 'KB',
    baseline: Math.round(appGz / 102.4) / 10,
    target: '< 60 KB',
    ok: initialGz < 60 * 1024,
    note: `${initial.length} files; baseline: the app's index.html`,
  });
  const inbox = readFileSync(join(DIST, initial[0] ?? ''), 'utf8').match(/survey-inbox-[\w-]+\.js/)?.[0];
  if (inbox) {
    const lazy = [...withImports(join('assets', inbox))].filter((f) => !initial.includes(f));
    const lazyGz = lazy.reduce((n, f) => n + gz(f), 0);
    record({
      figure: 'respondent page JS loaded when answers are sent (transport, gzip)',
      value: Math.round(lazyGz / 102.4) / 10,
      unit: 'KB',
      note: 'Yjs + y-webrtc + framing, fetched after the form is shown',
    });
    record({
      figure: 'respondent page JS in total (gzip)',
      value: Math.round((initialGz + lazyGz) / 102.4) / 10,
      unit: 'KB',
    });
  }
}

async function benchLoad(runs: number): Promise<void> {
  const server = await startServer({ port: 0, host: '127.0.0.1', root: DIST });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const pair = await generateSurveyKeyPair();
    const fragment = await encodeSurveyLink({
      inboxKey: crypto.getRandomValues(new Uint8Array(32)),
      publicKey: pair.publicKey,
      survey: sampleSurvey(),
    });
    const url = `${server.url}/respond.html#${fragment}`;
    const load = async (slow: boolean): Promise<number> => {
      const context = await browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true });
      const page = await context.newPage();
      if (slow) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await cdp.send('Network.enable');
        // Roughly "slow 3G": 400 ms round trip, 400 kbit/s down.
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 400,
          downloadThroughput: (400 * 1024) / 8,
          uploadThroughput: (400 * 1024) / 8,
        });
      }
      const t0 = performance.now();
      await page.goto(url);
      await page.getByRole('button', { name: /Send my answers/ }).waitFor({ timeout: 60_000 });
      const ms = performance.now() - t0;
      await context.close();
      return ms;
    };
    await load(false); // warm the server's file cache
    const fast: number[] = [];
    const slow: number[] = [];
    for (let i = 0; i < runs; i++) fast.push(await load(false));
    for (let i = 0; i < runs; i++) slow.push(await load(true));
    record({
      figure: 'respondent page load to questions on screen (headless Chromium, no cache)',
      value: Math.round(median(fast)),
      unit: 'ms',
    });
    record({
      figure: 'respondent page load on a slow phone (CPU 4× slower, slow 3G, no cache)',
      value: Math.round(median(slow)),
      unit: 'ms',
      baseline: Math.round(median(fast)),
      target: '< 5000 ms',
      ok: median(slow) < 5000,
    });
  } finally {
    await browser.close();
    await server.close();
  }
}

async function benchCrypto(n: number): Promise<void> {
  const survey = sampleSurvey();
  const pair = await generateSurveyKeyPair();
  const priv = await importSurveyPrivateKey(pair.privateKey);
  const plaintext = encodeResponse({
    answers: { q1aa: 1, q3aa: 4, q5aa: 'It is hot' },
    unit: null,
    shift: null,
    code: null,
  });
  const seal: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    const sealed = await sealToPublicKey(pair.publicKey, plaintext);
    seal.push(performance.now() - t0);
    t0 = performance.now();
    await openSealed(priv, sealed);
    open.push(performance.now() - t0);
  }
  record({ figure: 'seal one response (ephemeral ECDH + HKDF + AES-GCM)', value: median(seal), unit: 'ms' });
  record({
    figure: 'open one response',
    value: median(open),
    unit: 'ms',
    target: '< 5 ms',
    ok: median(open) < 5,
  });

  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const responses: DecryptedResponse[] = Array.from({ length: 2000 }, () => ({
    codeHash: null,
    response: {
      answers: {
        q1aa: Math.floor(random() * 4),
        q2aa: [0, 1, 2]
          .filter(() => random() < 0.5)
          .concat(random() < 0.2 ? [] : [0])
          .filter((v, i, a) => a.indexOf(v) === i)
          .sort(),
        q3aa: 1 + Math.floor(random() * 5),
        q4aa: [0, 1, 2, 3].sort(() => random() - 0.5),
        q5aa: 'free text',
      },
      unit: random() < 0.9 ? (survey.units[Math.floor(random() ** 2 * 12)]?.id ?? null) : null,
      shift: random() < 0.9 ? (survey.shifts[Math.floor(random() * 3)]?.id ?? null) : null,
      code: null,
    },
  }));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    surveyResults({ survey, responses, final: true });
    times.push(performance.now() - t0);
  }
  record({
    figure: 'aggregate 2,000 responses, 5 questions, by unit and shift with suppression',
    value: median(times),
    unit: 'ms',
    target: '< 200 ms',
    ok: median(times) < 200,
  });
}

/** Runs the survey figures. */
export async function benchSurveys(opts: { quick?: boolean } = {}): Promise<void> {
  await benchCrypto(opts.quick ? 20 : 100);
  if (!existsSync(join(DIST, 'respond.html'))) {
    console.log('surveys: dist/respond.html missing (run `npx vite build`); page figures skipped');
    return;
  }
  await benchBundle();
  await benchLoad(opts.quick ? 2 : 5);
}
