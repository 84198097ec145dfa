/**
 * Service-worker registration and the update prompt's framework-agnostic API.
 *
 * - {@link registerServiceWorker} registers `./sw.js` (workbox-window) in production builds only.
 * - When a new version is installed and waiting, {@link onUpdateAvailable} / {@link onUpdateStatus}
 *   listeners hear of it; the UI shows a prompt.
 * - {@link applyUpdate} is the only way to a reload, and is meant to be called from the user's tap.
 *   Even then the reload waits while the user is typing (focus in a text field, or a key pressed in
 *   the last 3 s) or while any {@link addBusyCheck} predicate says so (an unsaved draft).
 * - {@link unregisterAndClearCaches} removes every registration and Cache Storage entry (panic wipe).
 *
 * The decisions live in `update-logic.ts` (pure, unit-tested); this file only reads the DOM.
 */
import { Workbox } from 'workbox-window';
import {
  type BusySnapshot,
  createUpdateController,
  type UpdateController,
  type UpdatePhase,
} from './update-logic';

export {
  type BusySnapshot,
  isTextEntry,
  shouldDeferReload,
  TYPING_GRACE_MS,
  type UpdatePhase,
} from './update-logic';

/** Minimum time between update checks triggered by the app coming back to the foreground. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

let workbox: Workbox | null = null;
/** Set by {@link unregisterAndClearCaches}: nothing registers again in this page's lifetime. */
let stopped = false;
let registration: ServiceWorkerRegistration | null = null;
let lastKeyAt: number | null = null;
let lastUpdateCheck = 0;
const busyChecks = new Set<() => boolean>();

function deepActiveElement(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el && el !== document.body ? el : null;
}

function anyBusyCheck(): boolean {
  for (const check of busyChecks) {
    try {
      if (check()) return true;
    } catch {
      // A check that cannot answer is treated as "busy": waiting is the safe side.
      return true;
    }
  }
  return false;
}

function readSnapshot(): BusySnapshot {
  const el = deepActiveElement();
  return {
    activeTag: el ? el.tagName : null,
    activeType: el instanceof HTMLInputElement ? el.type : null,
    isContentEditable: el instanceof HTMLElement && el.isContentEditable,
    lastKeyAt,
    now: performance.now(),
    busy: anyBusyCheck(),
  };
}

/** Fires `onControlling` when `sw` activates: pages the old worker never controlled get no controllerchange. */
function watchActivation(sw: ServiceWorker): void {
  sw.addEventListener('statechange', () => {
    if (sw.state === 'activated') controller.onControlling();
  });
}

const controller: UpdateController = createUpdateController({
  snapshot: readSnapshot,
  skipWaiting() {
    const waiting = registration?.waiting;
    if (!workbox || !waiting) return false;
    watchActivation(waiting);
    workbox.messageSkipWaiting();
    return true;
  },
  reload: () => location.reload(),
  schedule(fn, ms) {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
});

/** Records typing and re-checks a deferred update when the user moves on. */
function trackActivity(): void {
  const typed = () => {
    lastKeyAt = performance.now();
  };
  const opts: AddEventListenerOptions = { capture: true, passive: true };
  document.addEventListener('keydown', typed, opts);
  // Virtual keyboards often send no useful keydown; input and composition events still arrive.
  document.addEventListener('input', typed, opts);
  document.addEventListener('compositionupdate', typed, opts);
  // During focusout the focus has not moved yet: look once it has.
  document.addEventListener('focusout', () => setTimeout(() => controller.recheck(), 0), opts);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    controller.recheck();
    if (Date.now() - lastUpdateCheck > UPDATE_CHECK_INTERVAL_MS) void checkForUpdate();
  });
}

/** Treats every worker that reaches `installed` while another is active as a waiting update. */
function watchUpdates(reg: ServiceWorkerRegistration): void {
  if (reg.waiting && reg.active) controller.onWaiting();
  // workbox-window reports only its own worker and the first "external" one; a long-lived
  // installed app can see several updates, so listen to the registration directly as well.
  reg.addEventListener('updatefound', () => {
    const sw = reg.installing;
    sw?.addEventListener('statechange', () => {
      if (sw.state === 'installed' && reg.active) controller.onWaiting();
    });
  });
}

/**
 * Registers the service worker (`./sw.js`, scope `./`). Does nothing in development builds, where
 * `navigator.serviceWorker` is missing, or when called again. Registration waits for the page's
 * `load` event and never throws: the app keeps working without offline support.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || workbox || stopped) return;
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const wb = new Workbox('./sw.js', { scope: './' });
  workbox = wb;
  wb.addEventListener('waiting', () => controller.onWaiting());
  // `isUpdate`: this page had a controller before, so a new one means a new version took over
  // (in this tab on the user's tap, or from another tab).
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) controller.onControlling();
  });
  trackActivity();
  lastUpdateCheck = Date.now();
  wb.register()
    .then((reg) => {
      if (!reg) return;
      registration = reg;
      watchUpdates(reg);
    })
    .catch((err: unknown) => {
      console.warn('Service worker registration failed; the app will not work offline.', err);
    });
}

/**
 * Asks the browser to look for a new version now (same origin only). Resolves when the check ends;
 * never rejects.
 */
export async function checkForUpdate(): Promise<void> {
  if (!workbox || stopped) return;
  lastUpdateCheck = Date.now();
  try {
    await workbox.update();
  } catch {
    // Offline or server unreachable: try again next time.
  }
}

/**
 * Calls `cb` once a new version is ready (immediately if it already is).
 *
 * @param cb - Shows the update prompt.
 * @returns A function that removes the listener.
 */
export function onUpdateAvailable(cb: () => void): () => void {
  let called = false;
  const fire = (phase: UpdatePhase) => {
    if (called || phase === 'none') return;
    called = true;
    cb();
  };
  const off = controller.subscribe(fire);
  fire(controller.phase());
  return off;
}

/**
 * Calls `cb` with the current {@link UpdatePhase} now and on every change, e.g. to show
 * "Updating when you finish typing…" while `deferred`.
 *
 * @param cb - Receives the phase.
 * @returns A function that removes the listener.
 */
export function onUpdateStatus(cb: (phase: UpdatePhase) => void): () => void {
  const off = controller.subscribe(cb);
  cb(controller.phase());
  return off;
}

/** @returns The current update phase (`none` until a new version is waiting). */
export function getUpdatePhase(): UpdatePhase {
  return controller.phase();
}

/**
 * Installs the waiting version; call only from the user's tap on the update prompt. Reloads once
 * the new version controls the page, but never while the user is busy (see the module comment):
 * then the phase is `deferred` and the reload happens when they stop.
 *
 * @returns The phase after the call (`none` when there is nothing to apply).
 */
export function applyUpdate(): UpdatePhase {
  return controller.apply();
}

/**
 * Adds a predicate that holds back the update reload while it returns true (e.g. a form with
 * unsaved input). A predicate that throws counts as busy.
 *
 * @param isBusy - Returns true while a reload would lose work.
 * @returns A function that removes the predicate.
 */
export function addBusyCheck(isBusy: () => boolean): () => void {
  busyChecks.add(isBusy);
  controller.recheck();
  return () => {
    busyChecks.delete(isBusy);
    controller.recheck();
  };
}

/** What {@link unregisterAndClearCaches} removed. */
export interface ClearResult {
  /** Service-worker registrations unregistered. */
  registrations: number;
  /** Cache Storage caches deleted. */
  caches: number;
  /** Registrations or caches that could not be removed (or could not be listed). */
  failures: number;
}

/**
 * Unregisters every service worker of this origin, then deletes every Cache Storage cache. Works
 * in any build (also without {@link registerServiceWorker}); never throws. Afterwards nothing
 * registers or checks for updates again until the page is reloaded.
 *
 * @returns Counts of what was removed and of failures.
 */
export async function unregisterAndClearCaches(): Promise<ClearResult> {
  stopped = true;
  const result: ClearResult = { registrations: 0, caches: 0, failures: 0 };
  try {
    const container = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
    if (container) {
      const regs = await container.getRegistrations();
      for (const r of await Promise.allSettled(regs.map((reg) => reg.unregister()))) {
        if (r.status === 'fulfilled' && r.value) result.registrations++;
        else result.failures++;
      }
    }
  } catch {
    result.failures++;
  }
  try {
    if (typeof caches !== 'undefined') {
      const names = await caches.keys();
      for (const r of await Promise.allSettled(names.map((name) => caches.delete(name)))) {
        if (r.status === 'fulfilled' && r.value) result.caches++;
        else result.failures++;
      }
    }
  } catch {
    result.failures++;
  }
  registration = null;
  return result;
}
