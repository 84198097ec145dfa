/**
 * Retention (docs/mailbox.md "Limits"): mailboxes nobody opened for `idleRetentionDays`, and
 * retired ones `retiredRetentionDays` after they were retired, are deleted whole. The sweep runs
 * at start and then every `sweepIntervalMs` on an unref'd timer (it never keeps the process up).
 */
import type { MailboxContext } from './context';
import { dayOf } from './ids';

/** A running retention schedule. */
export interface Retention {
  /** Sweeps now; resolves with how many mailboxes were deleted. */
  sweep(): Promise<number>;
  /** Stops the schedule; resolves once a sweep in progress has finished. */
  stop(): Promise<void>;
}

/** Starts the sweep schedule for the context's store and limits. */
export function startRetention(ctx: MailboxContext): Retention {
  let running: Promise<number> | null = null;
  let stopped = false;
  const sweep = (): Promise<number> => {
    if (stopped) return Promise.resolve(0);
    running ??= (async () => {
      try {
        const today = dayOf(ctx.now());
        const deleted = await ctx.store.sweep(
          today - ctx.limits.idleRetentionDays,
          today - ctx.limits.retiredRetentionDays,
        );
        if (deleted > 0) ctx.log(`mailbox: retention deleted ${deleted} mailbox(es)`);
        return deleted;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const background = () => {
    sweep().catch(() => ctx.log('mailbox: retention sweep failed; will retry'));
  };
  const timer = setInterval(background, ctx.limits.sweepIntervalMs);
  timer.unref();
  // At start, but after the current turn so a server being set up is not raced by it.
  const first = setTimeout(background, 0);
  first.unref();
  return {
    sweep,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running?.catch(() => {});
    },
  };
}
