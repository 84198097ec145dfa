/**
 * Real headless Chromium at a phone viewport (Debian's chromium; never a downloaded browser).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const PHONE = { width: 360, height: 780 };
export const SHOTS = 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });

export interface Phone {
  context: BrowserContext;
  page: Page;
  profile: string;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile (or the given one) as a persistent context, so IndexedDB,
 * the service worker and Cache Storage behave as on a phone across reloads and relaunches.
 */
export async function launchPhone(
  opts: { profile?: string; args?: string[]; locale?: string; webrtc?: boolean; offline?: boolean } = {},
): Promise<Phone> {
  const profile = opts.profile ?? mkdtempSync(join(tmpdir(), 'shopfloor-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    // WebRTC between local browsers: loopback candidates allowed, and camera/microphone permission
    // lifts Chromium's host-candidate filter (no device is used).
    args: [
      ...BASE_ARGS,
      ...(opts.webrtc ? ['--allow-loopback-in-peer-connection'] : []),
      ...(opts.args ?? []),
    ],
    ...(opts.webrtc ? { permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'] } : {}),
    offline: opts.offline ?? false,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: opts.locale ?? 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    profile,
    async close() {
      await context.close();
      if (!opts.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: BASE_ARGS });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
