/**
 * Opening the app on another machine's address. Over plain http the page is not a secure context
 * (no WebCrypto, no service worker): the app and the survey page say so and what to do, in English
 * and Spanish, instead of failing halfway through setup. Over HTTPS with the server's self-signed
 * certificate (accepted once, as the organizer does on the phone) first run completes.
 *
 * A non-loopback host name is mapped to 127.0.0.1 inside Chromium, so nothing leaves the machine.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/server';
import { loadServerCertificate } from '../../src/server/tls';
import { expectAccessible } from './a11y';
import { firstRun } from './app-model';
import { launchPhone, type Phone, screenshot } from './browser';

const LAN_NAME = 'shopfloor-lan.test';
const lanBase = () => inject('baseUrl').replace('127.0.0.1', LAN_NAME);
const mapArgs = [`--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`];

let phone: Phone | undefined;
let server: RunningServer | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await phone?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  phone = server = dataDir = undefined;
});

describe('secure context', () => {
  it('plain http on a network address: the app explains instead of failing (en, es; light, dark)', async () => {
    phone = await launchPhone({ args: mapArgs });
    const { page } = phone;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(lanBase());
    await page.getByRole('heading', { name: 'Open Shopfloor over a secure connection' }).waitFor();
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const text = (await page.locator('#insecure-context').textContent()) ?? '';
    expect(text).toContain(`http://${LAN_NAME}:`);
    expect(text).toContain('HTTPS=1');
    // Nothing else started: no setup screen, no database.
    await expect(page.getByRole('heading', { name: 'Welcome to Shopfloor' }).count()).resolves.toBe(0);
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    expect(errors).toEqual([]);
    await expectAccessible(page, 'insecure context (light)');
    await screenshot(page, 'secure-context-en-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'insecure context (dark)');
    await screenshot(page, 'secure-context-en-dark');

    // The survey page for coworkers says it in its own words.
    await page.goto(`${lanBase()}respond.html#s2.x`);
    await page.getByRole('heading', { name: 'This link must be opened over a secure connection' }).waitFor();
    expect(errors).toEqual([]);
    await expectAccessible(page, 'survey page, insecure context');
  });

  it('Spanish', async () => {
    phone = await launchPhone({ args: mapArgs, locale: 'es-ES' });
    const { page } = phone;
    await page.goto(lanBase());
    await page.getByRole('heading', { name: 'Abre Shopfloor con una conexión segura' }).waitFor();
    await expectAccessible(page, 'insecure context (es)');
    await screenshot(page, 'secure-context-es-light');
    await page.goto(`${lanBase()}respond.html#s2.x`);
    await page.getByRole('heading', { name: 'Este enlace debe abrirse con una conexión segura' }).waitFor();
  });

  it('HTTPS=1 with the self-signed certificate: first run completes on a network address', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shopfloor-e2e-tls-'));
    const cert = loadServerCertificate({ mode: 'self-signed', dataDir }, [
      'localhost',
      '127.0.0.1',
      LAN_NAME,
    ]);
    server = await startServer({ port: 0, host: '127.0.0.1', tls: { cert: cert.cert, key: cert.key } });
    phone = await launchPhone({
      args: [...mapArgs, `--ignore-certificate-errors-spki-list=${spkiHash(cert.cert)}`],
    });
    const { page } = phone;
    await page.goto(`https://${LAN_NAME}:${server.port}/`);
    await page.getByRole('heading', { name: 'Welcome to Shopfloor' }).waitFor();
    expect(await page.evaluate(() => window.isSecureContext && !!crypto.subtle)).toBe(true);
    await firstRun(page, 'harbor lantern pebble quay', 'Dock 9');
  });
});

/** base64 SHA-256 of the certificate's public key, for Chromium's per-key certificate exception. */
function spkiHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
