/**
 * Edit-to-visible latency between two real Chromium phones at 360×780: a coworker added on A with
 * the quick add (submit pressed) until B's home screen counts them, over
 * - direct WebRTC alone (the campaign switched to "direct only", so neither phone uses the mailbox;
 *   measured once B lists A as a direct peer), and
 * - the relay alone (B has no RTCPeerConnection, so every edit goes through the mailbox).
 *
 * Direct WebRTC between browsers must run where only loopback exists, so `tests/bench/mailbox.ts`
 * starts this file as a script inside a private network namespace (root); the script prints one
 * JSON line with the samples. Without a namespace only the relay is measured, in-process.
 *
 *   node --import tsx tests/bench/mailbox-latency.ts <build dir> <edits> [--no-direct]
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { startServer } from '../../src/server/server';
import {
  addPerson,
  firstRun,
  goto,
  inviteLink,
  joinFromLink,
  mailboxState,
  nameDevice,
} from '../e2e/app-model';
import { launchPhone, type Phone } from '../e2e/browser';

/** Samples in ms (one per edit); `direct` is null when not measured, with the reason. */
export interface EditLatency {
  direct: number[] | null;
  directSkipped?: string;
  /** Set when the direct samples may include the relay. */
  directNote?: string;
  relay: number[];
}

const WAIT = 120_000;

/**
 * Sets `window.__benchSeen` to a promise of the moment the home screen first counts `n` people.
 * (Source text: tsx's keepNames helper does not exist in the page, and the app's CSP forbids
 * string predicates such as `waitForFunction('…')`.)
 */
const WATCH = `(n) => {
  const want = n.toLocaleString('en-US');
  const seen = () => {
    const el = document.querySelector('[data-testid="count-people"]');
    return el && el.textContent.trim() === want;
  };
  window.__benchSeen = new Promise((resolve) => {
    if (seen()) { resolve(performance.timeOrigin + performance.now()); return; }
    const obs = new MutationObserver(() => {
      if (!seen()) return;
      obs.disconnect();
      resolve(performance.timeOrigin + performance.now());
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}`;

/** Adds one coworker with the quick add; returns the wall-clock ms when submit was pressed. */
const SUBMIT = `(name) => new Promise((resolve) => {
  const field = document.getElementById('quick-add');
  field.value = name;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  const at = performance.timeOrigin + performance.now();
  field.form.requestSubmit();
  const done = () => (field.value === '' ? resolve(at) : setTimeout(done, 5));
  done();
})`;

/** `p`, or a rejection after {@link WAIT}. */
function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not seen within ${WAIT} ms`)), WAIT);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** The people count on `page`'s home screen. */
async function peopleCount(page: Page): Promise<number> {
  const text = await page.locator('[data-testid="count-people"]').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

/** `edits` coworkers added on `a` (people screen), each timed until `b` (home screen) counts it. */
async function timeEdits(a: Page, b: Page, edits: number, tag: string): Promise<number[]> {
  await goto(a, 'people');
  await a.getByLabel('Quick add a coworker').waitFor();
  await goto(b, 'home');
  await b.locator('[data-testid="count-people"]').waitFor();
  let n = await peopleCount(b);
  const out: number[] = [];
  for (let i = 0; i < edits; i++) {
    n++;
    await b.evaluate(`(${WATCH})(${n})`);
    const sent = (await a.evaluate(`(${SUBMIT})(${JSON.stringify(`${tag} ${i + 1}`)})`)) as number;
    const seen = await within(b.evaluate('window.__benchSeen') as Promise<number>, `${tag} ${i + 1} on B`);
    out.push(seen - sent);
  }
  return out;
}

/** A small campaign on A, shared by invite with a fresh B; both named and synced once. */
async function pair(base: string, a: Phone, b: Phone, tag: string): Promise<void> {
  await a.page.goto(base);
  await firstRun(a.page, `latency ${tag} organizer passphrase`, `Latency ${tag}`);
  await addPerson(a.page, `First ${tag}`);
  await nameDevice(a.page, `${tag} A`);
  const link = await inviteLink(a.page);
  await joinFromLink(b.page, link, `${tag} B`, `latency ${tag} member passphrase`);
  await b.page.locator('[data-testid="count-people"]', { hasText: /^\s*1\s*$/ }).waitFor({ timeout: WAIT });
}

/** Removes WebRTC before any app script runs: this browser can only use the relay. */
async function withoutWebRtc(p: Phone): Promise<void> {
  await p.context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    delete w.RTCPeerConnection;
    delete w.webkitRTCPeerConnection;
    delete w.RTCSessionDescription;
    delete w.RTCIceCandidate;
  });
}

/**
 * Measures both paths on a fresh server serving `root`. `direct: false` skips the direct path
 * (where WebRTC would not stay on loopback).
 */
export async function measureEditLatency(
  root: string,
  edits: number,
  opts: { direct: boolean },
): Promise<EditLatency> {
  const server = await startServer({ port: 0, host: '127.0.0.1', root });
  const phones: Phone[] = [];
  const phone = async (webrtc: boolean) => {
    const p = await launchPhone({ webrtc });
    phones.push(p);
    return p;
  };
  try {
    const result: EditLatency = { direct: null, relay: [] };
    if (opts.direct) {
      const a = await phone(true);
      const b = await phone(true);
      await pair(server.url, a, b, 'Direct');
      // The committee's "direct only": no mailbox on either phone, so nothing can go by the relay.
      await goto(a.page, 'sharing');
      await a.page.locator('.direct-only input').check();
      const off = await Promise.all([a, b].map((p) => mailboxState(p.page, 'off', WAIT))).then(
        () => true,
        () => false,
      );
      if (!off) result.directNote = 'direct only did not turn the mailbox off: both paths were on';
      await goto(b.page, 'sharing');
      const linked = await b.page
        .locator('.peers li')
        .first()
        .waitFor({ timeout: WAIT })
        .then(() => true)
        .catch(() => false);
      if (linked) result.direct = await timeEdits(a.page, b.page, edits, 'Direct');
      else result.directSkipped = `no direct link between the browsers within ${WAIT / 1000} s`;
      await a.close();
      await b.close();
    }
    const a = await phone(opts.direct);
    const b = await phone(false);
    await withoutWebRtc(b);
    await pair(server.url, a, b, 'Relay');
    await mailboxState(a.page, 'live', WAIT);
    await mailboxState(b.page, 'live', WAIT);
    result.relay = await timeEdits(a.page, b.page, edits, 'Relay');
    return result;
  } finally {
    for (const p of phones) await p.close().catch(() => {});
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [root, edits] = process.argv.slice(2);
  measureEditLatency(root ?? 'dist', Number(edits ?? 20), {
    direct: !process.argv.includes('--no-direct'),
  }).then(
    (r) => {
      console.log(`BENCH-RESULT ${JSON.stringify(r)}`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(`edit latency failed: ${(err as Error).stack ?? String(err)}`);
      process.exit(1);
    },
  );
}
