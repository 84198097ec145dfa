/**
 * Page model for the WebKit lane: a WebKitGTK MiniBrowser window near a phone's size, driven over
 * WebDriver, with the few user-level steps the tests need (fill a labelled field, press a named
 * button, wait for text). Elements are found the way a person finds them: by their label or their
 * words, and only when visible. Every wait polls a condition with a deadline (never a sleep).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type ElementRef, type ScriptArg, WebDriverSession } from './webdriver';

export const SHOTS = 'test-results/screenshots';
export const PHONE = { width: 390, height: 844 };
const WAIT = 30_000;

/** True when the lane cannot run here (the reason was printed by the global setup). */
export const webkitSkip = (): boolean => inject('webkitSkip') !== '';

export interface WebKitPhone {
  session: WebDriverSession;
  base: string;
  /** Polls `fn` in the page until it returns a truthy value, which is returned. */
  waitFor<T, A extends ScriptArg[]>(
    what: string,
    fn: (...args: A) => T | Promise<T>,
    args?: A,
    timeout?: number,
  ): Promise<NonNullable<Awaited<T>>>;
  /** Types `value` into the visible field labelled exactly `label` (its old value is cleared). */
  fill(label: string, value: string): Promise<void>;
  /** Picks a file for the file input labelled `label` (WebDriver sends the path as keys). */
  chooseFile(label: string, path: string): Promise<void>;
  /** Clicks the visible, enabled button (or link) whose words or aria-label are `name` (or contain them). */
  press(name: string, opts?: { contains?: boolean }): Promise<void>;
  /** Waits until the page's visible text contains `text`. */
  seesText(text: string, timeout?: number): Promise<void>;
  /** Waits for a heading with exactly these words. */
  seesHeading(text: string, timeout?: number): Promise<void>;
  route(path: string): Promise<void>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens a fresh MiniBrowser session (its own ephemeral storage) at phone size. */
export async function openPhone(opts: { userAgent?: string } = {}): Promise<WebKitPhone> {
  const args = ['--automation'];
  if (opts.userAgent) args.push(`--user-agent=${opts.userAgent}`);
  const session = await WebDriverSession.create(inject('webkitDriverUrl'), {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: inject('webkitBinary'), args },
  });
  // The window can be resized in WebKitGTK; a failure leaves the default size (tests don't depend on it).
  await session.setWindowRect(PHONE).catch(() => undefined);
  const base = inject('webkitBaseUrl');

  const waitFor: WebKitPhone['waitFor'] = async (what, fn, args, timeout = WAIT) => {
    const deadline = Date.now() + timeout;
    let last: unknown;
    for (;;) {
      try {
        const value = await session.execute(fn as (...a: ScriptArg[]) => unknown, ...(args ?? []));
        if (value) return value as never;
      } catch (err) {
        // A navigation in progress throws; keep polling until the deadline.
        last = err;
      }
      if (Date.now() > deadline)
        throw new Error(
          `timed out after ${timeout} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const field = (label: string) =>
    waitFor(
      `a field labelled "${label}"`,
      (text: string) => {
        const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
        const visible = (el: Element) => el.getClientRects().length > 0;
        for (const l of Array.from(document.querySelectorAll('label'))) {
          if (norm(l.textContent) !== text) continue;
          const control = l.control ?? (l.htmlFor ? document.getElementById(l.htmlFor) : null);
          if (control && visible(control)) return control as unknown as ElementRef;
        }
        for (const el of Array.from(document.querySelectorAll('[aria-label]'))) {
          if (norm(el.getAttribute('aria-label')) === text && visible(el)) return el as unknown as ElementRef;
        }
        return null;
      },
      [label],
    );

  const phone: WebKitPhone = {
    session,
    base,
    waitFor,
    async fill(label, value) {
      const el = await field(label);
      await session.execute(
        (e: ElementRef) => (e as unknown as Element).scrollIntoView({ block: 'center' }),
        el,
      );
      await session.clear(el);
      await session.sendKeys(el, value);
      // Typing is checked, not assumed: a dropped key would make a later step fail far away.
      const typed = await session.execute((e: ElementRef) => (e as unknown as HTMLInputElement).value, el);
      if (typed !== value) throw new Error(`"${label}" holds "${typed}" after typing "${value}"`);
    },
    async chooseFile(label, path) {
      const el = await field(label);
      await session.sendKeys(el, path);
      await waitFor(
        `a file in "${label}"`,
        (e: ElementRef) => ((e as unknown as HTMLInputElement).files?.length ?? 0) > 0,
        [el],
      );
    },
    async press(name, opts) {
      const el = await waitFor(
        `a button "${name}"`,
        (text: string, contains: boolean) => {
          const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
          for (const b of Array.from(document.querySelectorAll('button, a, summary, [role="button"]'))) {
            const words = norm(b.getAttribute('aria-label')) || norm(b.textContent);
            const match = contains ? words.includes(text) : words === text;
            if (match && b.getClientRects().length > 0 && !(b as HTMLButtonElement).disabled) {
              // Centre it, as a person scrolls to what they tap: WebDriver's own scrolling may
              // leave it under the fixed bottom navigation.
              b.scrollIntoView({ block: 'center' });
              return b as unknown as ElementRef;
            }
          }
          return null;
        },
        [name, opts?.contains ?? false],
      );
      await session.click(el);
    },
    async seesText(text, timeout) {
      // biome-ignore lint/performance/useDomNodeTextContent: what a person sees (rendered text) is the point
      await waitFor(`text "${text}"`, (t: string) => document.body.innerText.includes(t), [text], timeout);
    },
    async seesHeading(text, timeout) {
      await waitFor(
        `heading "${text}"`,
        (t: string) =>
          Array.from(document.querySelectorAll('h1, h2, h3')).some(
            (h) => (h.textContent ?? '').replace(/\s+/g, ' ').trim() === t && h.getClientRects().length > 0,
          ),
        [text],
        timeout,
      );
    },
    async route(path) {
      await session.execute((r: string) => {
        location.hash = `#/${r}`;
      }, path);
    },
    async shot(name) {
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(join(SHOTS, `${name}.png`), await session.screenshot());
    },
    close: () => session.close(),
  };
  return phone;
}

/** First run as a user does it: passphrase twice, then the campaign's name. */
export async function firstRun(phone: WebKitPhone, passphrase: string, campaign: string): Promise<void> {
  await phone.seesHeading('Welcome to Shopfloor');
  await phone.fill('Choose a passphrase', passphrase);
  await phone.fill('Type it again', passphrase);
  await phone.press('Continue');
  await phone.fill('Campaign name', campaign);
  await phone.press('Create campaign');
  await phone.waitFor('the main navigation', () => !!document.querySelector('nav[aria-label="Main"]'));
}

export async function unlock(phone: WebKitPhone, passphrase: string): Promise<void> {
  await phone.seesHeading('Unlock Shopfloor');
  await phone.fill('Passphrase', passphrase);
  await phone.press('Unlock');
  await phone.waitFor(
    'the main navigation',
    () => !!document.querySelector('nav[aria-label="Main"]'),
    [],
    60_000,
  );
}

/** Adds a coworker with the people list's quick add and waits for them in the list. */
export async function addPerson(phone: WebKitPhone, name: string): Promise<void> {
  await phone.route('people');
  await phone.fill('Quick add a coworker', name);
  await phone.press('Add');
  await seesPerson(phone, name);
}

/** Waits until the people list shows a link with `name`. */
export async function seesPerson(phone: WebKitPhone, name: string, timeout = WAIT): Promise<void> {
  await phone.route('people');
  await phone.waitFor(
    `"${name}" in the people list`,
    (n: string) => Array.from(document.querySelectorAll('a')).some((a) => (a.textContent ?? '').includes(n)),
    [name],
    timeout,
  );
}
