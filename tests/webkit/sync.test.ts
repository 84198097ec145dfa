/**
 * WebKit and Chromium members of one campaign, synced through the server's mailbox: WebKitGTK has
 * no RTCPeerConnection, so the relay is the only way (as for a phone whose browser has WebRTC but
 * never meets the other phone online). Chromium (Debian's, through playwright-core) creates the
 * campaign and the invite; WebKit joins from the link; edits travel both ways.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  addPerson as addPersonChromium,
  firstRun as firstRunChromium,
  inviteLink,
  nameDevice,
  seesPerson as seesPersonChromium,
} from '../e2e/app-model';
import { launchPhone, type Phone } from '../e2e/browser';
import { addPerson, openPhone, seesPerson, type WebKitPhone, webkitSkip } from './phone';

let chromium: Phone | undefined;
let webkit: WebKitPhone | undefined;
afterAll(async () => {
  await webkit?.close();
  await chromium?.close();
});

describe.skipIf(webkitSkip())('WebKit ↔ Chromium through the mailbox', () => {
  it('WebKit joins from a Chromium invite and edits travel both ways through the relay', async () => {
    chromium = await launchPhone();
    webkit = await openPhone();
    const a = chromium.page;
    const b = webkit;
    await a.goto(b.base);
    await firstRunChromium(a, 'chromium side passphrase', 'Two Engines Local 9');
    await addPersonChromium(a, 'Rosalind Chromium-A');
    await nameDevice(a, 'Chromium A');
    const link = await inviteLink(a);

    await b.session.navigate(link);
    await b.seesHeading('Welcome to Shopfloor');
    await b.fill('Choose a passphrase', 'webkit side passphrase');
    await b.fill('Type it again', 'webkit side passphrase');
    await b.press('Continue');
    await b.fill('Name for this device', 'WebKit B');
    await b.press('Join campaign');
    await b.waitFor(
      'the main navigation',
      () => !!document.querySelector('nav[aria-label="Main"]'),
      [],
      60_000,
    );
    await seesPerson(b, 'Rosalind Chromium-A', 90_000);

    let t0 = Date.now();
    await addPersonChromium(a, 'Lorenzo Live-A');
    await seesPerson(b, 'Lorenzo Live-A', 60_000);
    console.info(`WebKit lane: relay Chromium → WebKit ${Date.now() - t0} ms (incl. typing)`);
    t0 = Date.now();
    await addPerson(b, 'Valentina Live-B');
    await seesPersonChromium(a, 'Valentina Live-B', 60_000);
    console.info(`WebKit lane: relay WebKit → Chromium ${Date.now() - t0} ms (incl. typing)`);

    // It was the relay: WebKit says it cannot connect directly.
    await b.route('sharing');
    const direct = await b.waitFor('the Sharing state', () =>
      document.querySelector('[data-testid="sync-state"]')?.getAttribute('data-direct'),
    );
    expect(direct).toBe('false');
    await b.seesText('This browser cannot connect phone to phone');
    await b.shot('webkit-08-sharing-relay-only');
  }, 240_000);
});
