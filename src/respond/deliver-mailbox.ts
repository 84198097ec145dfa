/**
 * Delivers the queued answers of one survey to its mailbox on the server (short links, docs/surveys.md):
 * one append per queued entry, oldest first, each removed from this phone's outbox as soon as the
 * server says `appended` (it is then durable on the server). When the server cannot be reached,
 * the sealed entries stay queued and are tried again, less and less often, while the page is open;
 * opening the same link again later resumes.
 *
 * No random delay before sending: the server sees when a connection arrives whatever the page
 * does, and a delay would only keep the answer on the phone longer (docs/surveys.md, "Timing").
 * The transport is imported lazily so the page itself stays small.
 */
import type { SurveyMailboxKeys } from '../sync/survey-inbox/mailbox';
import { listOutbox, removeFromOutbox } from './outbox';

/** What the page shows about a mailbox delivery. */
export interface MailboxDelivery {
  state: 'sending' | 'offline' | 'sent';
  /** Answers from this phone still waiting for this survey. */
  queued: number;
}

/** Delays between attempts while the server is unreachable (the last one repeats). */
export const RETRY_MS = [2_000, 5_000, 10_000, 30_000] as const;

/**
 * Sends every queued entry of `box`; calls `onChange` as things move. Returns the function that
 * stops (what is unsent stays queued, sealed).
 */
export function deliverToMailbox(
  keys: SurveyMailboxKeys,
  url: string,
  box: string,
  onChange: (d: MailboxDelivery) => void,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const run = async (): Promise<void> => {
    const { appendSurveyEntry } = await import('../sync/survey-inbox/mailbox-send');
    for (;;) {
      if (stopped) return;
      const queue = listOutbox(box);
      const next = queue[0];
      if (!next) {
        onChange({ state: 'sent', queued: 0 });
        return;
      }
      onChange({ state: failures > 0 ? 'offline' : 'sending', queued: queue.length });
      try {
        await appendSurveyEntry(url, keys, next.sealed);
        failures = 0;
        removeFromOutbox(next.id); // the server has it: nothing of it stays here
      } catch {
        if (stopped) return;
        failures += 1;
        onChange({ state: 'offline', queued: queue.length });
        const wait = RETRY_MS[Math.min(failures, RETRY_MS.length) - 1] ?? 30_000;
        await new Promise<void>((resolve) => {
          timer = setTimeout(resolve, wait);
        });
      }
    }
  };
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
