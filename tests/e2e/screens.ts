/**
 * Page model for walking every screen of the unlocked app: the routes, how to tell the new screen
 * has drawn, the safety menu (lock and panic wipe from the top bar), and screenshots that go to
 * `SHOTS_DIR` when it is set (not into the repository).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { goto } from './app-model';

/** Words the safety menu shows, per language the tests use. */
export const SAFETY = {
  en: {
    open: 'Safety',
    lock: 'Lock now',
    wipe: 'Erase everything on this phone',
    confirm: 'Yes, erase',
    cancel: 'Cancel',
  },
  es: {
    open: 'Seguridad',
    lock: 'Bloquear ahora',
    wipe: 'Borrar todo en este teléfono',
    confirm: 'Sí, borrar',
    cancel: 'Cancelar',
  },
} as const;

export type Lang = keyof typeof SAFETY;

export interface ScreenStop {
  /** A short name for reports and screenshot files. */
  name: string;
  /** The hash route, without `#/`. */
  route: string;
  /** What shows once the screen is drawn (default: a fresh `h1` in the main area). */
  ready?: string;
}

/**
 * Every screen of the unlocked app, given a person's id and this device's id (for the person page,
 * the log form and the member activity page).
 */
export function unlockedScreens(personId: string, deviceId: string): ScreenStop[] {
  const mapTab = (v: string) => ({
    name: `map-${v}`,
    route: v === 'chart' ? 'map' : `map/${v}`,
    ready: `.map-tab[aria-current="page"][href="#/${v === 'chart' ? 'map' : `map/${v}`}"]`,
  });
  return [
    { name: 'home', route: 'home' },
    { name: 'people', route: 'people' },
    { name: 'person', route: `people/${personId}` },
    { name: 'log', route: `log/${personId}` },
    { name: 'followups', route: 'followups' },
    ...['chart', 'gaps', 'plan', 'setup', 'print'].map(mapTab),
    { name: 'surveys', route: 'surveys' },
    { name: 'sharing', route: 'sharing' },
    { name: 'settings', route: 'settings' },
    { name: 'roster', route: 'roster' },
    { name: 'snapshots', route: 'snapshots' },
    { name: 'activity', route: `activity/${deviceId}` },
  ];
}

/**
 * Opens `stop` by its address and waits until it has drawn: the heading of the screen before is
 * marked stale first, so an old `h1` still on screen never counts as the new one.
 */
export async function openScreen(page: Page, stop: ScreenStop): Promise<void> {
  await page.evaluate((route) => {
    // The same address again draws nothing new: its heading stays the one to wait for.
    if ((location.hash.replace(/^#\/?/, '') || 'home') === route) return;
    for (const h of document.querySelectorAll('#main h1')) h.setAttribute('data-stale', '');
  }, stop.route);
  await goto(page, stop.route);
  await page
    .locator(stop.ready ?? '#main h1:not([data-stale])')
    .first()
    .waitFor({ timeout: 30_000 });
  await settle(page);
}

/** Waits until nothing says it is busy and two frames have been drawn. */
export async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(() => !document.querySelector('#main [aria-busy="true"]'), null, { timeout: 15_000 })
    .catch(() => {});
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

/**
 * The first person's id and this device's id, read from the People and Sharing screens' links
 * (the device must have a name: see `nameDevice`).
 */
export async function idsFromScreens(page: Page): Promise<{ personId: string; deviceId: string }> {
  await goto(page, 'people');
  const person = await page.locator('a[href^="#/people/"]').first().getAttribute('href', { timeout: 30_000 });
  await goto(page, 'sharing');
  const device = await page
    .locator('a[href^="#/activity/"]')
    .first()
    .getAttribute('href', { timeout: 30_000 });
  const id = (href: string | null, prefix: string) => decodeURIComponent((href ?? '').slice(prefix.length));
  return { personId: id(person, '#/people/'), deviceId: id(device, '#/activity/') };
}

/** Saves a viewport screenshot as `<SHOTS_DIR>/<name>.png` when SHOTS_DIR is set. */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: opts.fullPage ?? false });
}
