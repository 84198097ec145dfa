/**
 * Delivers the outbox of one survey, one response at a time (one y-webrtc room per page, and one
 * fresh doc per response so two responses from this phone share nothing). The transport (Yjs,
 * y-webrtc) is imported only here, lazily, so the page itself stays small.
 */
import { pageSocketUrl } from '../sync/server-urls';
import type { ReceiptStatus } from '../sync/survey-inbox/inbox';
import type { DeliveryState } from '../sync/survey-inbox/send';
import type { RespondKey } from './i18n';
import { listOutbox, removeFromOutbox } from './outbox';

/** What the page shows about delivery. */
export interface Delivery {
  state: DeliveryState;
  /** Responses from this phone still waiting for this survey. */
  queued: number;
}

declare global {
  /** Tests may shorten the random send delay (set before the page loads). */
  var __shopfloorSurveyDelayMs: number | undefined;
}

/**
 * What the page says while answers are on their way. The random delay before sending is
 * deliberate (anonymity) and must never read as a failure; "nobody reachable" is said only once
 * no organizer's phone answered for a while.
 */
export const PENDING_STATUS: Partial<Record<DeliveryState, RespondKey>> = {
  delaying: 'status.delaying',
  connecting: 'status.connecting',
  sending: 'connecting',
  waiting: 'noPeer',
};

/** True while a response is still on its way (no receipt yet). */
export function isPending(state: DeliveryState): boolean {
  return state === 'delaying' || state === 'connecting' || state === 'waiting' || state === 'sending';
}

/** Signaling: the server that served this page (the same one the app uses). */
export function signalingUrl(): string {
  return pageSocketUrl('signal');
}

/**
 * Sends every queued response of `box` in turn; calls `onChange` as things move. Returns the
 * function that stops (what is unsent stays queued, sealed).
 */
export function deliverQueued(
  inboxKey: Uint8Array,
  box: string,
  onChange: (d: Delivery) => void,
): () => void {
  let stopped = false;
  let stopCurrent: (() => void) | null = null;
  const run = async () => {
    const inbox = await import('../sync/survey-inbox/send');
    let last: ReceiptStatus | null = null;
    for (;;) {
      if (stopped) return;
      const queue = listOutbox(box);
      const next = queue[0];
      if (!next) break;
      const delayMs = globalThis.__shopfloorSurveyDelayMs ?? inbox.randomSendDelay();
      const sending = inbox.sendSealedResponse({
        inboxKey,
        signaling: [signalingUrl()],
        response: next,
        delayMs,
        onState: (state) => {
          if (!stopped && isPending(state)) onChange({ state, queued: queue.length });
        },
      });
      stopCurrent = sending.stop;
      last = await sending.done;
      stopCurrent = null;
      if (last === null) return; // stopped
      removeFromOutbox(next.id);
    }
    if (!stopped && last) onChange({ state: last, queued: 0 });
  };
  void run();
  return () => {
    stopped = true;
    stopCurrent?.();
  };
}
