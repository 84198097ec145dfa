/**
 * Remembering that the "add to Home Screen" explanation (InstallNotice.tsx) was dismissed: in the
 * personal space's settings once unlocked; before unlock (first run) only a non-identifying flag in
 * localStorage, which says nothing about any campaign. Either one hides it for good on this device.
 * Plain TypeScript (no JSX) so the rules are unit-tested in Node.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js';

/** The personal-settings key holding when the notice was dismissed (ms). */
export const INSTALL_NOTICE_SETTING = 'installNoticeDismissedAt';
/** The localStorage flag set when the notice is dismissed before unlock. */
export const INSTALL_NOTICE_FLAG = 'shopfloor.installNotice';

/** Whether the notice was dismissed, and how to dismiss it. */
export interface Dismissal {
  dismissed: Accessor<boolean>;
  dismiss(): Promise<void>;
}

function deviceFlag(): boolean {
  try {
    return globalThis.localStorage?.getItem(INSTALL_NOTICE_FLAG) === 'dismissed';
  } catch {
    return false;
  }
}

/** Before unlock: only the device flag. */
export function deviceDismissal(): Dismissal {
  const [dismissed, setDismissed] = createSignal(deviceFlag());
  return {
    dismissed,
    async dismiss() {
      try {
        globalThis.localStorage?.setItem(INSTALL_NOTICE_FLAG, 'dismissed');
      } catch {
        // Storage refused (private mode, quota): hide it for this visit anyway.
      }
      setDismissed(true);
    },
  };
}

/** The part of the personal space's settings map the notice uses (a `Y.Map`). */
export interface SettingsMap {
  get(key: string): unknown;
  set(key: string, value: number): unknown;
  observe(fn: () => void): void;
  unobserve(fn: () => void): void;
}

/**
 * Unlocked: the personal settings (or a dismissal made before unlock). Takes the map and a flush
 * rather than the session, so the lock screen's bundle does not pull in Yjs through session.ts.
 */
export function settingsDismissal(settings: SettingsMap, flush: () => Promise<void>): Dismissal {
  const read = () => settings.get(INSTALL_NOTICE_SETTING) != null || deviceFlag();
  const [dismissed, setDismissed] = createSignal(read());
  const update = () => setDismissed(read());
  settings.observe(update);
  onCleanup(() => settings.unobserve(update));
  return {
    dismissed,
    async dismiss() {
      settings.set(INSTALL_NOTICE_SETTING, Date.now());
      setDismissed(true);
      await flush();
    },
  };
}
