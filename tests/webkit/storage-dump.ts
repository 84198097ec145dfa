/**
 * The raw-storage scan of the Chromium tests (tests/e2e/app-model.ts), run in WebKit: the same
 * page function, handed to WebDriver's Execute Script instead of Playwright's evaluate.
 */
import type { Page } from 'playwright-core';
import { dumpAllStorage, forms } from '../e2e/app-model';
import type { WebKitPhone } from './phone';

/** Every IndexedDB row and key, Cache Storage body and Web Storage item, one Latin-1 string each. */
export function dumpStorage(phone: WebKitPhone): Promise<{ source: string; text: string }[]> {
  const page = { evaluate: (fn: () => unknown) => phone.session.execute(fn) };
  return dumpAllStorage(page as unknown as Page);
}

/** Every encoding a secret could take in storage (UTF-8, UTF-16LE, base64, lowercase, NFD). */
export const secretForms = forms;
