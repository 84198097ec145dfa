/**
 * iPhone rules: which browsers count as iOS (every iOS browser is WebKit; iPadOS says "Mac" but has
 * touch), when the app counts as installed, and when the "add to Home Screen" explanation shows.
 */
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import {
  detectPlatform,
  installNoticeDue,
  type PlatformSignals,
  readPlatformSignals,
} from '../../../src/pwa/platform';
import {
  INSTALL_NOTICE_SETTING,
  type SettingsMap,
  settingsDismissal,
} from '../../../src/ui/shell/install-dismissal';

const UA = {
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  iphoneChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  iphoneFirefox:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
  macSafari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  androidChrome:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  androidFirefox: 'Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0',
  desktopFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  /** WebKitGTK's MiniBrowser, as the WebKit lane measured it. */
  miniBrowser:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15',
};

const signals = (over: Partial<PlatformSignals>): PlatformSignals => ({
  userAgent: UA.iphoneSafari,
  maxTouchPoints: 5,
  standalone: false,
  displayModeStandalone: false,
  ...over,
});

describe('detectPlatform', () => {
  it('iPhone Safari in a tab: iOS, WebKit, not installed', () => {
    expect(detectPlatform(signals({}))).toEqual({ ios: true, installed: false, engine: 'webkit' });
  });

  it('iPhone Safari from the Home Screen: installed, by navigator.standalone or by display-mode', () => {
    expect(detectPlatform(signals({ standalone: true })).installed).toBe(true);
    expect(detectPlatform(signals({ standalone: undefined, displayModeStandalone: true })).installed).toBe(
      true,
    );
  });

  it('Chrome and Firefox on iPhone are WebKit too', () => {
    expect(detectPlatform(signals({ userAgent: UA.iphoneChrome }))).toEqual({
      ios: true,
      installed: false,
      engine: 'webkit',
    });
    expect(detectPlatform(signals({ userAgent: UA.iphoneFirefox })).engine).toBe('webkit');
  });

  it('an iPad says Mac but has touch points; a real Mac has none', () => {
    expect(detectPlatform(signals({ userAgent: UA.macSafari, maxTouchPoints: 5 })).ios).toBe(true);
    expect(detectPlatform(signals({ userAgent: UA.macSafari, maxTouchPoints: 0 }))).toEqual({
      ios: false,
      installed: false,
      engine: 'webkit',
    });
  });

  it('Android Chrome is Blink, Firefox is Gecko, neither iOS', () => {
    expect(detectPlatform(signals({ userAgent: UA.androidChrome, standalone: undefined }))).toEqual({
      ios: false,
      installed: false,
      engine: 'blink',
    });
    expect(detectPlatform(signals({ userAgent: UA.androidFirefox })).engine).toBe('gecko');
    expect(detectPlatform(signals({ userAgent: UA.desktopFirefox, maxTouchPoints: 0 })).engine).toBe('gecko');
  });

  it('WebKitGTK (the CI lane) is WebKit on desktop Linux, not iOS', () => {
    expect(
      detectPlatform(signals({ userAgent: UA.miniBrowser, maxTouchPoints: 0, standalone: undefined })),
    ).toEqual({ ios: false, installed: false, engine: 'webkit' });
  });

  it('an empty or unknown user agent is "other", never a crash', () => {
    expect(detectPlatform(signals({ userAgent: '', maxTouchPoints: 0 }))).toEqual({
      ios: false,
      installed: false,
      engine: 'other',
    });
  });

  it('reads signals where navigator or matchMedia are missing or throw', () => {
    expect(readPlatformSignals({}, undefined)).toEqual({
      userAgent: '',
      maxTouchPoints: 0,
      standalone: undefined,
      displayModeStandalone: false,
    });
    const throwing = () => {
      throw new Error('no media queries');
    };
    expect(readPlatformSignals({ userAgent: UA.iphoneSafari }, throwing).displayModeStandalone).toBe(false);
    const standalone = (q: string) => ({ matches: q === '(display-mode: standalone)' });
    expect(readPlatformSignals({ userAgent: UA.iphoneSafari, standalone: true }, standalone)).toMatchObject({
      standalone: true,
      displayModeStandalone: true,
    });
  });
});

describe('the "add to Home Screen" explanation', () => {
  const due = (s: Partial<PlatformSignals>, dismissed = false) =>
    installNoticeDue(detectPlatform(signals(s)), dismissed);

  it('shows on iPhone Safari not installed', () => expect(due({})).toBe(true));
  it('shows on other iPhone browsers (same WebKit rules)', () =>
    expect(due({ userAgent: UA.iphoneChrome })).toBe(true));
  it('does not show once installed', () => {
    expect(due({ standalone: true })).toBe(false);
    expect(due({ displayModeStandalone: true })).toBe(false);
  });
  it('does not show on Android Chrome', () => expect(due({ userAgent: UA.androidChrome })).toBe(false));
  it('shows on an iPad that reports itself as a Mac', () =>
    expect(due({ userAgent: UA.macSafari, maxTouchPoints: 5 })).toBe(true));
  it('does not show on a Mac', () => expect(due({ userAgent: UA.macSafari, maxTouchPoints: 0 })).toBe(false));
  it('does not show in WebKitGTK', () =>
    expect(due({ userAgent: UA.miniBrowser, maxTouchPoints: 0 })).toBe(false));
  it('does not show once dismissed', () => expect(due({}, true)).toBe(false));

  it('a dismissal is kept in the personal settings and flushed', async () => {
    const map = new Map<string, unknown>();
    const observers = new Set<() => void>();
    const settings: SettingsMap = {
      get: (k) => map.get(k),
      set: (k, v) => {
        map.set(k, v);
        for (const fn of observers) fn();
      },
      observe: (fn) => observers.add(fn),
      unobserve: (fn) => observers.delete(fn),
    };
    let flushed = 0;
    // Both made inside the root, before any await, as a component does (cleanup needs the owner).
    const { first, later, dispose } = createRoot((dispose) => ({
      first: settingsDismissal(settings, async () => {
        flushed++;
      }),
      later: settingsDismissal(settings, async () => {}),
      dispose,
    }));
    expect(first.dismissed()).toBe(false);
    expect(later.dismissed()).toBe(false);
    await first.dismiss();
    expect(first.dismissed()).toBe(true);
    expect(typeof map.get(INSTALL_NOTICE_SETTING)).toBe('number');
    expect(flushed).toBe(1);
    // Another view of the same settings follows the change.
    expect(later.dismissed()).toBe(true);
    dispose();
    expect(observers.size).toBe(0);
  });
});
