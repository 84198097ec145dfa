/**
 * The handshake retry policy (handshake-retry.ts): backoff, bounds, reset on success, cancel.
 * How a link applies it to a y-webrtc connection is tested in sync-peer-link.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_HANDSHAKE, HandshakeRetry, handshakeOptions } from '../../src/sync/handshake-retry';

afterEach(() => {
  vi.useRealTimers();
});

function stalledLink(remotePeerId: string) {
  const link = { conn: { remotePeerId }, announced: 0, announce: () => link.announced++ };
  return link;
}

describe('HandshakeRetry', () => {
  it('backs off exponentially per peer, up to the longest delay, then stops re-announcing', async () => {
    vi.useFakeTimers();
    const retry = new HandshakeRetry(
      { retryBaseMs: 1_000, retryMaxMs: 5_000, maxRetries: 4 },
      undefined,
      () => 0.5,
    );
    const link = stalledLink('p');
    const delays = [1, 2, 3, 4, 5].map(() => retry.stalled(link));
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, null]);
    expect(retry.stallCount('p')).toBe(5);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(link.announced).toBe(4);
  });

  it('jitters each delay within ±25 % and never past the longest delay', () => {
    const low = new HandshakeRetry({ retryBaseMs: 1_000, retryMaxMs: 1_800 }, undefined, () => 0);
    const high = new HandshakeRetry({ retryBaseMs: 1_000, retryMaxMs: 1_800 }, undefined, () => 0.999);
    expect(low.stalled(stalledLink('p'))).toBe(750);
    expect(high.stalled(stalledLink('p'))).toBe(1_250);
    expect(high.stalled(stalledLink('p'))).toBe(1_800);
    low.cancel();
    high.cancel();
  });

  it('counts each peer on its own and starts a peer afresh once a handshake with it completed', () => {
    const retry = new HandshakeRetry({ maxRetries: 1 }, undefined, () => 0.5);
    expect(retry.stalled(stalledLink('a'))).toBe(1_000);
    expect(retry.stalled(stalledLink('a'))).toBeNull();
    expect(retry.stalled(stalledLink('b'))).toBe(1_000);
    retry.handshaken('a');
    expect(retry.stallCount('a')).toBe(0);
    expect(retry.stalled(stalledLink('a'))).toBe(1_000);
    retry.cancel();
  });

  it('announces nothing once cancelled or once the room stopped looking for peers', async () => {
    vi.useFakeTimers();
    let active = true;
    const retry = new HandshakeRetry({}, () => active);
    const a = stalledLink('a');
    retry.stalled(a);
    retry.cancel();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(a.announced).toBe(0);
    const b = stalledLink('b');
    retry.stalled(b);
    active = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(b.announced).toBe(0);
    expect(retry.stalled(stalledLink('c'))).toBeNull();
  });

  it('remembers a bounded number of peers', () => {
    const retry = new HandshakeRetry({ maxRetries: 0 });
    for (let i = 0; i < 1_000; i++) retry.stalled(stalledLink(`peer-${i}`));
    expect(retry.stallCount('peer-999')).toBe(1);
    expect(retry.stallCount('peer-0')).toBe(0); // forgotten: the oldest go first
  });

  it('defaults to a 15 s timeout and ignores unusable values', () => {
    expect(DEFAULT_HANDSHAKE.timeoutMs).toBe(15_000);
    expect(handshakeOptions()).toEqual(DEFAULT_HANDSHAKE);
    expect(handshakeOptions({ timeoutMs: 500, maxRetries: 0 })).toEqual({
      ...DEFAULT_HANDSHAKE,
      timeoutMs: 500,
      maxRetries: 0,
    });
    expect(
      handshakeOptions({ timeoutMs: -1, maxRetries: 1.5, retryBaseMs: Number.NaN, retryMaxMs: Infinity }),
    ).toEqual(DEFAULT_HANDSHAKE);
  });
});
