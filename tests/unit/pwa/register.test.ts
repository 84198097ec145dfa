/**
 * The update prompt never reloads without the user's tap, and never while they are typing or busy;
 * the panic-wipe helper removes every service-worker registration and cache.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyUpdate,
  getUpdatePhase,
  onUpdateAvailable,
  registerServiceWorker,
  unregisterAndClearCaches,
} from '../../../src/pwa/register';
import {
  ACTIVATE_TIMEOUT_MS,
  type BusySnapshot,
  createUpdateController,
  DEFER_POLL_MS,
  isTextEntry,
  shouldDeferReload,
  TYPING_GRACE_MS,
  type UpdatePhase,
} from '../../../src/pwa/update-logic';

const idle: BusySnapshot = {
  activeTag: null,
  activeType: null,
  isContentEditable: false,
  lastKeyAt: null,
  now: 100_000,
  busy: false,
};

describe('isTextEntry', () => {
  it('counts textareas, text-like inputs and content-editable elements as typing', () => {
    expect(isTextEntry('TEXTAREA', null, false)).toBe(true);
    expect(isTextEntry('textarea', null, false)).toBe(true);
    for (const type of ['text', 'search', 'email', 'tel', 'url', 'password', 'number', 'date', '']) {
      expect(isTextEntry('INPUT', type, false), type).toBe(true);
    }
    expect(isTextEntry('INPUT', null, false)).toBe(true);
    expect(isTextEntry('DIV', null, true)).toBe(true);
  });

  it('does not count buttons, checkboxes, selects or links', () => {
    for (const type of ['button', 'checkbox', 'radio', 'submit', 'range', 'file', 'CHECKBOX']) {
      expect(isTextEntry('INPUT', type, false), type).toBe(false);
    }
    expect(isTextEntry('BUTTON', null, false)).toBe(false);
    expect(isTextEntry('SELECT', null, false)).toBe(false);
    expect(isTextEntry('A', null, false)).toBe(false);
    expect(isTextEntry(null, null, false)).toBe(false);
  });
});

describe('shouldDeferReload', () => {
  it('lets an idle user reload', () => {
    expect(shouldDeferReload(idle)).toBe(false);
  });

  it('waits while focus is in a text field or content-editable element', () => {
    expect(shouldDeferReload({ ...idle, activeTag: 'INPUT', activeType: 'text' })).toBe(true);
    expect(shouldDeferReload({ ...idle, activeTag: 'TEXTAREA' })).toBe(true);
    expect(shouldDeferReload({ ...idle, activeTag: 'DIV', isContentEditable: true })).toBe(true);
    expect(shouldDeferReload({ ...idle, activeTag: 'BUTTON' })).toBe(false);
    expect(shouldDeferReload({ ...idle, activeTag: 'INPUT', activeType: 'checkbox' })).toBe(false);
  });

  it('waits for 3 s after the last key press', () => {
    expect(TYPING_GRACE_MS).toBe(3000);
    expect(shouldDeferReload({ ...idle, lastKeyAt: idle.now })).toBe(true);
    expect(shouldDeferReload({ ...idle, lastKeyAt: idle.now - 2999 })).toBe(true);
    expect(shouldDeferReload({ ...idle, lastKeyAt: idle.now - 3000 })).toBe(false);
    expect(shouldDeferReload({ ...idle, lastKeyAt: idle.now - 60_000 })).toBe(false);
    expect(shouldDeferReload({ ...idle, lastKeyAt: idle.now - 500 }, 400)).toBe(false);
  });

  it('treats a key time in the future (clock went backwards) as just typed', () => {
    expect(shouldDeferReload({ ...idle, lastKeyAt: idle.now + 10 })).toBe(true);
  });

  it('waits while a caller-registered check says busy, whatever the focus', () => {
    expect(shouldDeferReload({ ...idle, busy: true })).toBe(true);
    expect(shouldDeferReload({ ...idle, busy: true, activeTag: 'BUTTON' })).toBe(true);
  });
});

/** A controller wired to fakes: a manual clock and scheduler, a mutable snapshot, counters. */
function harness(opts: { waiting?: boolean } = {}) {
  let now = 100_000;
  let snap: Omit<BusySnapshot, 'now'> = { ...idle };
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const calls = { reload: 0, skipWaiting: 0 };
  let waiting = opts.waiting ?? true;
  const phases: UpdatePhase[] = [];
  const ctl = createUpdateController({
    snapshot: () => ({ ...snap, now }),
    skipWaiting: () => {
      calls.skipWaiting++;
      return waiting;
    },
    reload: () => {
      calls.reload++;
    },
    schedule(fn, ms) {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
  });
  ctl.subscribe((p) => phases.push(p));
  return {
    ctl,
    calls,
    phases,
    set(s: Partial<Omit<BusySnapshot, 'now'>>) {
      snap = { ...snap, ...s };
    },
    /** Advances the fake clock, running due timers in order. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t.id !== due.id);
        now = due.at;
        due.fn();
      }
      now = end;
    },
    get now() {
      return now;
    },
    noWaitingWorker() {
      waiting = false;
    },
    pendingTimers: () => timers.length,
  };
}

describe('createUpdateController', () => {
  it('starts with nothing to do, and apply() is a no-op then', () => {
    const h = harness();
    expect(h.ctl.phase()).toBe('none');
    expect(h.ctl.apply()).toBe('none');
    expect(h.calls).toEqual({ reload: 0, skipWaiting: 0 });
  });

  it('announces a waiting worker but never reloads without the tap', () => {
    const h = harness();
    h.ctl.onWaiting();
    expect(h.ctl.phase()).toBe('available');
    h.ctl.onControlling(); // e.g. another tab applied the update
    h.ctl.recheck();
    h.advance(60 * 60_000);
    expect(h.calls.reload).toBe(0);
    expect(h.calls.skipWaiting).toBe(0);
    expect(h.ctl.phase()).toBe('available');
  });

  it('on the tap of an idle user: skip waiting, then reload once when the new worker controls', () => {
    const h = harness();
    h.ctl.onWaiting();
    expect(h.ctl.apply()).toBe('activating');
    expect(h.calls).toEqual({ reload: 0, skipWaiting: 1 });
    h.ctl.onControlling();
    expect(h.calls.reload).toBe(1);
    expect(h.ctl.phase()).toBe('reloading');
    // Duplicate signals (controllerchange and statechange) and repeated taps: still one reload.
    h.ctl.onControlling();
    h.ctl.apply();
    h.ctl.recheck();
    h.advance(ACTIVATE_TIMEOUT_MS * 2);
    expect(h.calls).toEqual({ reload: 1, skipWaiting: 1 });
    expect(h.phases).toEqual(['available', 'activating', 'reloading']);
  });

  it('defers everything while the user types in a field, and goes on after focus leaves', () => {
    const h = harness();
    h.ctl.onWaiting();
    h.set({ activeTag: 'TEXTAREA' });
    expect(h.ctl.apply()).toBe('deferred');
    h.advance(30_000);
    expect(h.calls).toEqual({ reload: 0, skipWaiting: 0 });
    h.set({ activeTag: 'BUTTON' });
    h.ctl.recheck(); // focusout
    expect(h.calls.skipWaiting).toBe(1);
    h.ctl.onControlling();
    expect(h.calls.reload).toBe(1);
  });

  it('picks up a deferred update by polling when no event arrives', () => {
    const h = harness();
    h.ctl.onWaiting();
    h.set({ busy: true });
    h.ctl.apply();
    h.advance(10 * DEFER_POLL_MS);
    expect(h.calls.skipWaiting).toBe(0);
    h.set({ busy: false });
    h.advance(DEFER_POLL_MS);
    expect(h.calls.skipWaiting).toBe(1);
  });

  it('waits 3 s after the last key press even with focus elsewhere', () => {
    const h = harness();
    h.ctl.onWaiting();
    h.set({ lastKeyAt: h.now - 1000 });
    h.ctl.apply();
    expect(h.ctl.phase()).toBe('deferred');
    h.advance(1500);
    expect(h.calls.skipWaiting).toBe(0);
    h.advance(1000);
    expect(h.calls.skipWaiting).toBe(1);
  });

  it('does not reload if the user starts typing while the new worker activates', () => {
    const h = harness();
    h.ctl.onWaiting();
    h.ctl.apply();
    expect(h.calls.skipWaiting).toBe(1);
    h.set({ activeTag: 'INPUT', activeType: 'search', lastKeyAt: h.now });
    h.ctl.onControlling();
    expect(h.ctl.phase()).toBe('deferred');
    h.advance(20_000);
    expect(h.calls.reload).toBe(0);
    h.set({ activeTag: null });
    h.advance(DEFER_POLL_MS);
    expect(h.calls.reload).toBe(1);
    expect(h.calls.skipWaiting).toBe(1);
    expect(h.pendingTimers()).toBe(0);
  });

  it('asks the waiting worker only once, however often the user taps or focus moves', () => {
    const h = harness();
    h.ctl.onWaiting();
    h.ctl.apply();
    h.ctl.apply();
    h.ctl.recheck();
    h.set({ busy: true });
    h.ctl.recheck();
    expect(h.ctl.phase()).toBe('activating');
    expect(h.calls.skipWaiting).toBe(1);
    expect(h.pendingTimers()).toBe(1); // just the activation timeout
  });

  it('reloads directly when another tab already activated the new version', () => {
    const h = harness();
    h.ctl.onWaiting();
    h.ctl.onControlling();
    h.ctl.apply();
    expect(h.calls).toEqual({ reload: 1, skipWaiting: 0 });
  });

  it('reloads when no worker is waiting any more', () => {
    const h = harness();
    h.noWaitingWorker();
    h.ctl.onWaiting();
    h.ctl.apply();
    expect(h.calls).toEqual({ reload: 1, skipWaiting: 1 });
  });

  it('reloads after a timeout when the takeover is never reported, but not mid-typing', () => {
    const h = harness();
    h.ctl.onWaiting();
    h.ctl.apply();
    h.advance(ACTIVATE_TIMEOUT_MS - 1);
    expect(h.calls.reload).toBe(0);
    h.set({ busy: true });
    h.advance(1);
    expect(h.ctl.phase()).toBe('deferred');
    expect(h.calls.reload).toBe(0);
    h.set({ busy: false });
    h.advance(DEFER_POLL_MS);
    expect(h.calls.reload).toBe(1);
  });

  it('keeps going when a listener throws', () => {
    const h = harness();
    h.ctl.subscribe(() => {
      throw new Error('broken UI');
    });
    h.ctl.onWaiting();
    h.ctl.apply();
    h.ctl.onControlling();
    expect(h.calls.reload).toBe(1);
  });
});

describe('register.ts outside a production browser', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('registers nothing in a development/test build and has no update', () => {
    const register = vi.fn();
    vi.stubGlobal('navigator', { serviceWorker: { register, getRegistrations: async () => [] } });
    registerServiceWorker();
    expect(register).not.toHaveBeenCalled();
    const cb = vi.fn();
    const off = onUpdateAvailable(cb);
    off();
    expect(cb).not.toHaveBeenCalled();
    expect(getUpdatePhase()).toBe('none');
    expect(applyUpdate()).toBe('none');
  });

  it('unregisterAndClearCaches removes every registration, then every cache', async () => {
    const order: string[] = [];
    const reg = (name: string, ok: boolean | Error) => ({
      unregister: async () => {
        order.push(`unregister ${name}`);
        if (ok instanceof Error) throw ok;
        return ok;
      },
    });
    vi.stubGlobal('navigator', {
      serviceWorker: {
        getRegistrations: async () => [reg('a', true), reg('b', true), reg('c', new Error('x'))],
      },
    });
    const store = new Set(['workbox-precache-v2-http://localhost/', 'other']);
    vi.stubGlobal('caches', {
      keys: async () => {
        order.push('keys');
        return [...store];
      },
      delete: async (name: string) => {
        order.push(`delete ${name}`);
        return store.delete(name);
      },
    });
    const result = await unregisterAndClearCaches();
    expect(result).toEqual({ registrations: 2, caches: 2, failures: 1 });
    expect(store.size).toBe(0);
    expect(order.indexOf('keys')).toBeGreaterThan(order.indexOf('unregister c'));
  });

  it('unregisterAndClearCaches never throws, even where the APIs are missing or fail', async () => {
    vi.stubGlobal('navigator', {
      serviceWorker: {
        getRegistrations: async () => {
          throw new DOMException('denied', 'SecurityError');
        },
      },
    });
    vi.stubGlobal('caches', undefined);
    expect(await unregisterAndClearCaches()).toEqual({ registrations: 0, caches: 0, failures: 1 });
    vi.stubGlobal('navigator', {});
    expect(await unregisterAndClearCaches()).toEqual({ registrations: 0, caches: 0, failures: 0 });
  });
});
