/**
 * What a respondent is told while a long-link answer is on its way: the deliberate random delay
 * is never reported as "nobody reachable"; "nobody reachable" comes only after the grace period
 * without an organizer's phone, and says the answers stay on the phone and are retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { isPending, PENDING_STATUS } from '../../../src/respond/deliver';
import { type DeliveryState, sendSealedResponse } from '../../../src/sync/survey-inbox/send';

const g = globalThis as { WebSocket?: unknown };
const saved = g.WebSocket;
beforeAll(() => {
  g.WebSocket = WebSocket;
});
afterAll(() => {
  g.WebSocket = saved;
});

function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('respondent delivery states', () => {
  it('reports the deliberate delay, then looking, and "nobody reachable" only after the grace period', async () => {
    const states: { state: DeliveryState; at: number }[] = [];
    const started = Date.now();
    const sending = sendSealedResponse({
      inboxKey: new Uint8Array(32).fill(9),
      // A loopback port nothing listens on: the signaling socket keeps failing, so no peer ever comes.
      signaling: ['ws://127.0.0.1:9/signal'],
      decodeWorker: null,
      response: { id: 'r1', sealed: new Uint8Array(40), receipt: new Uint8Array(32) },
      delayMs: 300,
      noPeerGraceMs: 600,
      onState: (state) => states.push({ state, at: Date.now() - started }),
    });
    try {
      await until(() => states.some((s) => s.state === 'waiting'));
    } finally {
      sending.stop();
    }
    expect(await sending.done).toBeNull();
    const order = states.map((s) => s.state).filter((s, i, all) => s !== all[i - 1]);
    expect(order).toEqual(['delaying', 'connecting', 'waiting']);
    const delaying = states.filter((s) => s.state === 'delaying');
    expect(delaying.every((s) => s.at < 300)).toBe(true);
    // Not before the delay and the grace period have both passed.
    expect(states.find((s) => s.state === 'waiting')?.at).toBeGreaterThanOrEqual(900);
  });

  it('the page words: the delay is on purpose, "nobody reachable" is a separate message', async () => {
    const { t } = await import('../../../src/respond/i18n');
    const words = (state: DeliveryState) => t(PENDING_STATUS[state] ?? 'connecting');
    expect(words('delaying')).toMatch(/on purpose/);
    expect(words('delaying')).not.toMatch(/nobody|reachable/i);
    expect(words('connecting')).not.toMatch(/nobody|reachable/i);
    expect(words('waiting')).toMatch(/Nobody from the committee is reachable yet/);
    expect(t('waiting.body')).toMatch(/stored on this phone/);
    expect(t('sendingSoon.body')).not.toMatch(/reachable/);
    for (const s of ['delaying', 'connecting', 'sending', 'waiting'] as const)
      expect(isPending(s)).toBe(true);
    for (const s of ['stored', 'code-used', 'code-unknown', 'closed'] as const)
      expect(isPending(s)).toBe(false);
  });
});
