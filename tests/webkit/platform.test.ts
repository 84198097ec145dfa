/**
 * What differs by engine, in WebKit: the iPhone "add to Home Screen" explanation (WebKitGTK with
 * an iPhone Safari user agent), and the honest storage status where `navigator.storage.persist`
 * does not exist (WebKitGTK 2.50 has none).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstRun, openPhone, type WebKitPhone, webkitSkip } from './phone';

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
let phone: WebKitPhone | undefined;
afterEach(async () => {
  await phone?.close();
  phone = undefined;
});

const noticeShown = () => !!document.querySelector('section.install-notice');

describe.skipIf(webkitSkip())('WebKit: engine differences', () => {
  it('as an iPhone: the explanation shows at first run, is dismissed once, and settings warns', async () => {
    phone = await openPhone({ userAgent: IPHONE_UA });
    const p = phone;
    await p.session.navigate(p.base);
    await p.seesHeading('Add Shopfloor to your Home Screen');
    await p.seesText('after about a week without use');
    await p.shot('webkit-ios-notice-en');
    await p.press('Got it');
    await p.waitFor('the notice to go', () => !document.querySelector('section.install-notice'));
    await firstRun(p, 'quartz willow beacon tide', 'Dockside Local 5');
    expect(await p.session.execute(noticeShown)).toBe(false);

    await p.route('settings');
    const status = await p.waitFor('the storage status', () => {
      const persistence = document.querySelector('[data-testid="persistence"]');
      const install = document.querySelector('[data-testid="install-status"]');
      const state = persistence?.getAttribute('data-state');
      return state && state !== 'unknown' && install
        ? { state, text: persistence?.textContent ?? '', install: install.getAttribute('data-installed') }
        : null;
    });
    // WebKitGTK has no navigator.storage.persist: the app says it cannot tell, and to keep a backup.
    expect(status.state).toBe('unsupported');
    expect(status.text).toContain('Keep an encrypted backup');
    expect(status.install).toBe('false');
    await p.shot('webkit-ios-settings');
  });

  it('as itself (desktop Linux WebKit): no iPhone explanation', async () => {
    phone = await openPhone();
    const p = phone;
    await p.session.navigate(p.base);
    await p.seesHeading('Welcome to Shopfloor');
    expect(await p.session.execute(noticeShown)).toBe(false);
    expect(await p.session.execute(() => typeof RTCPeerConnection)).toBe('undefined');
  });
});
