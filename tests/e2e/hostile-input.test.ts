/**
 * No third parties and no injection: every request and WebSocket of a session stays on the app's
 * origin; names carrying script and HTML payloads render as text, with no dialog and no CSP
 * violation.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { firstRun, goto, unlock } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("xss")</script>',
  '"><svg onload=alert(2)>',
  "javascript:alert('3')",
  '{{constructor.constructor("alert(4)")()}}',
];

describe('hostile input and third parties', () => {
  let phone: Phone;
  const base = inject('baseUrl');
  const requests: string[] = [];
  const sockets: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    phone = await launchPhone();
    phone.context.on('request', (r) => requests.push(r.url()));
    phone.page.on('websocket', (ws) => sockets.push(ws.url()));
    phone.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await phone.page.addInitScript(() => {
      (window as unknown as { __violations: string[] }).__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __violations: string[] }).__violations.push(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      );
    });
  });
  afterAll(async () => {
    await phone?.close();
  });

  it('renders script and HTML payloads in names as text', async () => {
    const { page } = phone;
    await page.goto(base);
    await firstRun(page, 'hostile input passphrase', '<b>Bold</b> campaign <img src=x onerror=alert(9)>');
    await page.getByRole('heading', { name: '<b>Bold</b> campaign <img src=x onerror=alert(9)>' }).waitFor();
    await goto(page, 'people');
    for (const p of PAYLOADS) {
      await page.getByLabel('Quick add a coworker').fill(p);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText(p, { exact: true }).first().waitFor();
    }
    await screenshot(page, 'hostile-01-payloads-as-text');
    expect(await page.locator('main img, main script, main svg[onload]').count()).toBe(0);
    await page.reload();
    await unlock(page, 'hostile input passphrase');
    await goto(page, 'people');
    await page.getByText(PAYLOADS[0]!, { exact: true }).waitFor();
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual(
      [],
    );
  });

  it('sends every request and WebSocket to the app’s own origin only', async () => {
    const origin = new URL(base).origin;
    const wsOrigin = origin.replace(/^http/, 'ws');
    expect(requests.length).toBeGreaterThan(3);
    const foreign = requests.filter(
      (u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(foreign).toEqual([]);
    expect(sockets.filter((u) => !u.startsWith(`${wsOrigin}/`))).toEqual([]);
  });

  it('serves the app with a strict Content-Security-Policy', async () => {
    const res = await fetch(base);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
  });
});
