/**
 * Which browser engine runs the app, whether it is an iPhone or iPad, and whether the app was
 * added to the Home Screen — decided from plain values, so the rules can be unit-tested.
 *
 * What must stay true:
 * - Every browser on iOS and iPadOS is WebKit (Chrome is `CriOS`, Firefox `FxiOS`, Edge `EdgiOS`),
 *   so "iOS" means "Safari's storage rules", whatever the browser's name.
 * - iPadOS 13+ reports itself as a Mac ("Macintosh; Intel Mac OS X"); a Mac has no touch screen,
 *   so a Mac user agent with more than one touch point is an iPad.
 * - On iOS, a site that is not on the Home Screen can have all its storage erased after about
 *   seven days without use (WebKit's tracking prevention); an installed web app is exempt.
 */

export type Engine = 'webkit' | 'blink' | 'gecko' | 'other';

export interface PlatformInfo {
  /** An iPhone, iPod or iPad (iPadOS included), in any browser. */
  ios: boolean;
  /** Opened from the Home Screen (or as an installed app elsewhere), not in a browser tab. */
  installed: boolean;
  engine: Engine;
}

/** What the browser tells about itself; {@link readPlatformSignals} gathers it. */
export interface PlatformSignals {
  userAgent: string;
  maxTouchPoints: number;
  /** iOS Safari's own flag: true when opened from the Home Screen; absent elsewhere. */
  standalone?: boolean | undefined;
  /** `matchMedia('(display-mode: standalone)')` (or fullscreen / minimal-ui) matches. */
  displayModeStandalone: boolean;
}

const IOS_DEVICE = /\b(iPhone|iPad|iPod)\b/;
const MAC = /\bMacintosh\b/;

/** Decides engine, iOS and installed state from the browser's signals. */
export function detectPlatform(s: PlatformSignals): PlatformInfo {
  const ua = s.userAgent;
  const ios = IOS_DEVICE.test(ua) || (MAC.test(ua) && s.maxTouchPoints > 1);
  return {
    ios,
    installed: s.standalone === true || s.displayModeStandalone,
    engine: ios ? 'webkit' : engineOf(ua),
  };
}

function engineOf(ua: string): Engine {
  // Order matters: Blink user agents also say AppleWebKit and Safari; Gecko's say "like Gecko" nowhere.
  if (/\b(Chrome|Chromium|CriOS|Edg|OPR|SamsungBrowser)\//.test(ua)) return 'blink';
  if (/\bFirefox\//.test(ua) && /\bGecko\//.test(ua)) return 'gecko';
  if (/\bAppleWebKit\//.test(ua)) return 'webkit';
  return 'other';
}

/** Reads the signals from this browser (safe where any of them is missing). */
export function readPlatformSignals(
  nav: Partial<Navigator> & { standalone?: boolean } = (globalThis.navigator ?? {}) as Navigator,
  media: ((query: string) => { matches: boolean }) | undefined = globalThis.matchMedia?.bind(globalThis),
): PlatformSignals {
  const mode = (m: string) => {
    try {
      return media?.(`(display-mode: ${m})`).matches ?? false;
    } catch {
      return false;
    }
  };
  return {
    userAgent: nav.userAgent ?? '',
    maxTouchPoints: nav.maxTouchPoints ?? 0,
    standalone: nav.standalone,
    displayModeStandalone: mode('standalone') || mode('fullscreen') || mode('minimal-ui'),
  };
}

/** This browser's platform, read once (the answer does not change while the page lives). */
let current: PlatformInfo | null = null;
export function currentPlatform(): PlatformInfo {
  current ??= detectPlatform(readPlatformSignals());
  return current;
}

/**
 * True when the "add to Home Screen" explanation should be shown: an iPhone or iPad, in a browser
 * tab (not installed), and the explanation was not dismissed yet.
 */
export function installNoticeDue(platform: PlatformInfo, dismissed: boolean): boolean {
  return platform.ios && !platform.installed && !dismissed;
}
