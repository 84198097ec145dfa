/**
 * The update prompt's decisions, free of the DOM and of workbox-window so they can be unit-tested:
 * when a reload must wait ({@link shouldDeferReload}) and the small state machine that turns "a new
 * service worker is waiting" plus "the user tapped Update" into exactly one reload
 * ({@link createUpdateController}).
 *
 * What must stay true:
 * - Nothing reloads the page unless {@link UpdateController.apply} was called (the user's tap).
 * - After the tap, the reload still waits while the user is busy: focus in a text field, a key
 *   pressed in the last {@link TYPING_GRACE_MS}, or a registered busy check (e.g. an unsaved draft).
 * - At most one reload.
 */

/** How long after the last key press the user still counts as typing. */
export const TYPING_GRACE_MS = 3000;

/** How often a deferred update re-checks whether the user is still busy. */
export const DEFER_POLL_MS = 1000;

/** How long to wait for the new worker to take control after asking it to, before reloading anyway. */
export const ACTIVATE_TIMEOUT_MS = 10_000;

/** `<input type>` values that take no typed text: focus in one of these is not "typing". */
const NON_TEXT_INPUT_TYPES = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'hidden',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
]);

/** What {@link shouldDeferReload} looks at; gathered from the DOM by `register.ts`. */
export interface BusySnapshot {
  /** `tagName` of the focused element (any case), or null when nothing is focused. */
  activeTag: string | null;
  /** `type` of the focused `<input>`, when it is one (default `text`). */
  activeType?: string | null;
  /** Whether the focused element is content-editable. */
  isContentEditable: boolean;
  /** Monotonic time (ms) of the last key press or input event, or null if none yet. */
  lastKeyAt: number | null;
  /** The same clock as `lastKeyAt`, now. */
  now: number;
  /** Whether any caller-registered busy check says so (an unsaved draft, a running import…). */
  busy: boolean;
}

/**
 * Whether the focused element takes typed text.
 *
 * @param tag - The element's `tagName`, or null.
 * @param type - The `<input>`'s `type`, if it is one.
 * @param isContentEditable - The element's `isContentEditable`.
 * @returns true for text-like inputs, textareas and content-editable elements.
 */
export function isTextEntry(
  tag: string | null,
  type: string | null | undefined,
  isContentEditable: boolean,
): boolean {
  if (isContentEditable) return true;
  const t = (tag ?? '').toUpperCase();
  if (t === 'TEXTAREA') return true;
  if (t === 'INPUT') return !NON_TEXT_INPUT_TYPES.has((type || 'text').toLowerCase());
  return false;
}

/**
 * Whether a reload now could lose or interrupt the user's work.
 *
 * @param s - The current focus, last key time and busy checks.
 * @param graceMs - How long after a key press the user counts as typing.
 * @returns true when the reload must wait.
 */
export function shouldDeferReload(s: BusySnapshot, graceMs: number = TYPING_GRACE_MS): boolean {
  if (s.busy) return true;
  if (isTextEntry(s.activeTag, s.activeType, s.isContentEditable)) return true;
  if (s.lastKeyAt !== null) {
    const since = s.now - s.lastKeyAt;
    // A clock that went backwards is treated as "just typed": waiting is the safe side.
    if (since < graceMs) return true;
  }
  return false;
}

/**
 * Where an update stands:
 * - `none`: no new version known;
 * - `available`: a new version is installed and waiting; show the prompt;
 * - `deferred`: the user tapped Update but is busy; the reload happens when they stop;
 * - `activating`: the new service worker was asked to take over; reload follows;
 * - `reloading`: the page is reloading.
 */
export type UpdatePhase = 'none' | 'available' | 'deferred' | 'activating' | 'reloading';

/** What the controller needs from the outside world. */
export interface UpdateControllerDeps {
  /** Reads focus, key timing and busy checks now. */
  snapshot(): BusySnapshot;
  /**
   * Asks the waiting service worker to activate.
   *
   * @returns false when there is no waiting worker (it already activated, e.g. from another tab).
   */
  skipWaiting(): boolean;
  /** Reloads the page. */
  reload(): void;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void;
}

/** The update state machine; see {@link createUpdateController}. */
export interface UpdateController {
  /** The current phase. */
  phase(): UpdatePhase;
  /** Subscribes to phase changes (called with the new phase); returns an unsubscribe function. */
  subscribe(cb: (phase: UpdatePhase) => void): () => void;
  /** A new service worker is installed and waiting. */
  onWaiting(): void;
  /** A new service worker took control of this page (after our request, or another tab's). */
  onControlling(): void;
  /** The user tapped Update. Reloads now, or as soon as they are no longer busy. */
  apply(): UpdatePhase;
  /** Re-evaluates a deferred update now (call on focusout, keyup idle, visibility changes). */
  recheck(): void;
}

/**
 * Creates the update state machine.
 *
 * @param deps - DOM and service-worker access (fakes in tests).
 * @returns The controller.
 */
export function createUpdateController(deps: UpdateControllerDeps): UpdateController {
  const machine = new UpdateMachine(deps);
  return {
    phase: () => machine.phase,
    subscribe: (cb) => machine.subscribe(cb),
    onWaiting: () => machine.onWaiting(),
    onControlling: () => machine.onControlling(),
    apply: () => machine.apply(),
    recheck: () => machine.recheck(),
  };
}

/** The state behind {@link createUpdateController}. */
class UpdateMachine {
  phase: UpdatePhase = 'none';
  /** The user tapped Update. Only this ever leads to a reload. */
  private requested = false;
  /** The new worker already controls this page: only a reload is left to do. */
  private controlled = false;
  private cancelPoll: (() => void) | null = null;
  private cancelActivate: (() => void) | null = null;
  private readonly listeners = new Set<(phase: UpdatePhase) => void>();

  constructor(private readonly deps: UpdateControllerDeps) {}

  subscribe(cb: (phase: UpdatePhase) => void): () => void {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  onWaiting(): void {
    if (this.phase === 'none') this.set('available');
  }

  onControlling(): void {
    this.controlled = true;
    this.stopActivateTimer();
    if (this.requested) this.proceed();
    else if (this.phase === 'none') this.set('available');
  }

  apply(): UpdatePhase {
    if (this.phase === 'none' || this.phase === 'reloading') return this.phase;
    this.requested = true;
    this.proceed();
    return this.phase;
  }

  recheck(): void {
    if (!this.requested) return;
    this.stopPolling();
    this.proceed();
  }

  private set(next: UpdatePhase): void {
    if (next === this.phase) return;
    this.phase = next;
    for (const cb of [...this.listeners]) {
      try {
        cb(next);
      } catch {
        // A broken listener must not stop the update or the other listeners.
      }
    }
  }

  private stopPolling(): void {
    this.cancelPoll?.();
    this.cancelPoll = null;
  }

  private stopActivateTimer(): void {
    this.cancelActivate?.();
    this.cancelActivate = null;
  }

  private poll(): void {
    if (this.cancelPoll) return;
    this.cancelPoll = this.deps.schedule(() => {
      this.cancelPoll = null;
      this.proceed();
    }, DEFER_POLL_MS);
  }

  private reloadOnce(): void {
    this.stopPolling();
    this.stopActivateTimer();
    this.set('reloading');
    this.deps.reload();
  }

  private proceed(): void {
    if (!this.requested || this.phase === 'reloading') return;
    // Asked the new worker to take over; wait for it (or for the timeout) before deciding again.
    if (this.phase === 'activating' && !this.controlled) return;
    if (shouldDeferReload(this.deps.snapshot())) {
      this.set('deferred');
      this.poll();
      return;
    }
    this.stopPolling();
    if (this.controlled) {
      this.reloadOnce();
      return;
    }
    this.activate();
  }

  /** Asks the waiting worker to take over, and goes on after {@link ACTIVATE_TIMEOUT_MS} regardless. */
  private activate(): void {
    this.set('activating');
    if (!this.deps.skipWaiting()) {
      // Nothing is waiting any more: the new version is already active, a reload picks it up.
      this.controlled = true;
      this.reloadOnce();
      return;
    }
    this.cancelActivate = this.deps.schedule(() => {
      this.cancelActivate = null;
      // No controllerchange arrived (worker failed, or an odd browser): a reload still gets the
      // newest active version, so go on as if it had.
      this.controlled = true;
      this.proceed();
    }, ACTIVATE_TIMEOUT_MS);
  }
}
