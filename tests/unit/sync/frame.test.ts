import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  FRAME_HEADER_BYTES,
  type FrameDropReason,
  FramedSender,
  FrameReassembler,
  type FrameTransport,
  splitMessage,
} from '../../../src/sync';

function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** Byte equality (vitest's deep equality is very slow on megabyte arrays). */
const same = (x: Uint8Array, y: Uint8Array) => Buffer.from(x).equals(Buffer.from(y));

function reassembler(limits = {}, now = () => 0) {
  const drops: FrameDropReason[] = [];
  const r = new FrameReassembler(limits, (reason) => drops.push(reason), now);
  return { r, drops };
}

describe('splitMessage + FrameReassembler', () => {
  it('splits into frames under the chunk size and reassembles exactly', () => {
    const msg = bytes(300_000);
    const frames = [...splitMessage(7, msg, 64 * 1024)];
    expect(frames).toHaveLength(5);
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(64 * 1024 + FRAME_HEADER_BYTES);
    const { r, drops } = reassembler();
    const results = frames.map((f) => r.push(f));
    expect(results.slice(0, 4).every((x) => x.kind === 'partial')).toBe(true);
    const last = results[4];
    expect(last?.kind).toBe('message');
    expect(last?.kind === 'message' && same(last.bytes, msg)).toBe(true);
    expect(drops).toEqual([]);
    expect(r.inFlight).toBe(0);
    expect(r.reservedBytes).toBe(0);
  });

  it('handles empty and exactly-one-chunk messages', () => {
    const { r } = reassembler();
    const [empty] = [...splitMessage(1, new Uint8Array(0), 16)];
    expect(r.push(empty)).toEqual({ kind: 'message', id: 1, bytes: new Uint8Array(0) });
    const frames = [...splitMessage(2, bytes(16), 16)];
    expect(frames).toHaveLength(1);
    expect(r.push(frames[0])).toMatchObject({ kind: 'message', id: 2 });
  });

  it('reassembles interleaved messages and chunks out of order', () => {
    const a = bytes(1000, 3);
    const b = bytes(700, 9);
    const fa = [...splitMessage(10, a, 128)];
    const fb = [...splitMessage(11, b, 128)].reverse();
    const { r, drops } = reassembler();
    const out: Uint8Array[] = [];
    for (let i = 0; i < Math.max(fa.length, fb.length); i++) {
      for (const f of [fa[i], fb[i]]) {
        if (!f) continue;
        const res = r.push(f);
        if (res.kind === 'message') out.push(res.bytes);
      }
    }
    expect(drops).toEqual([]);
    expect(out).toHaveLength(2);
    expect(out).toContainEqual(a);
    expect(out).toContainEqual(b);
  });

  it('drops garbage frames with coded reasons and never throws', () => {
    const { r, drops } = reassembler();
    expect(r.push('text')).toMatchObject({ kind: 'dropped', reason: 'frame-not-binary' });
    expect(r.push(new Uint8Array(5))).toMatchObject({ kind: 'dropped', reason: 'frame-too-short' });
    const wrongVersion = encodeFrame({ id: 1, index: 0, count: 1, total: 3 }, bytes(3));
    wrongVersion[0] = 9;
    expect(r.push(wrongVersion)).toMatchObject({ reason: 'frame-version' });
    for (let i = 0; i < 500; i++) r.push(bytes(20 + (i % 50), i));
    expect(drops.length).toBeGreaterThan(3);
    expect(r.inFlight).toBeLessThanOrEqual(r.limits.maxInFlight);
  });

  it('rejects out-of-bounds headers', () => {
    const { r } = reassembler({ maxMessageBytes: 1000, maxChunkBytes: 100 });
    const frame = (h: { id: number; index: number; count: number; total: number }, n: number) =>
      encodeFrame(h, bytes(n));
    expect(r.push(frame({ id: 1, index: 0, count: 0, total: 10 }, 5))).toMatchObject({
      reason: 'frame-header',
    });
    expect(r.push(frame({ id: 2, index: 3, count: 3, total: 10 }, 5))).toMatchObject({
      reason: 'frame-header',
    });
    expect(r.push(frame({ id: 3, index: 0, count: 2, total: 4 }, 5))).toMatchObject({
      reason: 'frame-header',
    });
    expect(r.push(frame({ id: 4, index: 0, count: 20, total: 10 }, 1))).toMatchObject({
      reason: 'frame-header',
    });
    expect(r.push(frame({ id: 5, index: 0, count: 2, total: 150 }, 101))).toMatchObject({
      reason: 'frame-header',
    });
    expect(r.push(frame({ id: 6, index: 0, count: 2, total: 500 }, 50))).toMatchObject({
      reason: 'frame-header',
    });
    expect(r.push(frame({ id: 7, index: 0, count: 11, total: 1001 }, 100))).toMatchObject({
      reason: 'message-too-large',
    });
    expect(r.push(frame({ id: 8, index: 0, count: 1, total: 10 }, 9))).toMatchObject({
      reason: 'frame-length-mismatch',
    });
    expect(
      r.push(frame({ id: 0xffffffff, index: 0xfffffffe, count: 0xffffffff, total: 0xffffffff }, 1)),
    ).toMatchObject({
      kind: 'dropped',
    });
    expect(r.inFlight).toBe(0);
  });

  it('drops a message whose frames disagree, repeat, or overflow its total', () => {
    const { r, drops } = reassembler();
    r.push(encodeFrame({ id: 1, index: 0, count: 3, total: 30 }, bytes(10)));
    expect(r.push(encodeFrame({ id: 1, index: 1, count: 4, total: 30 }, bytes(10)))).toMatchObject({
      reason: 'frame-inconsistent',
    });
    r.push(encodeFrame({ id: 2, index: 0, count: 3, total: 30 }, bytes(10)));
    expect(r.push(encodeFrame({ id: 2, index: 0, count: 3, total: 30 }, bytes(10)))).toMatchObject({
      reason: 'frame-duplicate',
    });
    r.push(encodeFrame({ id: 3, index: 0, count: 2, total: 30 }, bytes(20)));
    expect(r.push(encodeFrame({ id: 3, index: 1, count: 2, total: 30 }, bytes(20)))).toMatchObject({
      reason: 'frame-length-mismatch',
    });
    r.push(encodeFrame({ id: 4, index: 0, count: 2, total: 30 }, bytes(10)));
    expect(r.push(encodeFrame({ id: 4, index: 1, count: 2, total: 30 }, bytes(10)))).toMatchObject({
      reason: 'frame-length-mismatch',
    });
    expect(r.inFlight).toBe(0);
    expect(r.reservedBytes).toBe(0);
    // Later frames of a dropped message are ignored quietly (reported once).
    const before = drops.length;
    expect(r.push(encodeFrame({ id: 2, index: 2, count: 3, total: 30 }, bytes(10)))).toEqual({
      kind: 'ignored',
      id: 2,
    });
    expect(drops.length).toBe(before);
  });

  it('bounds memory: in-flight count and reserved bytes', () => {
    const { r } = reassembler({ maxInFlight: 3, maxBufferedBytes: 1000, maxMessageBytes: 800 });
    for (let id = 1; id <= 3; id++) {
      expect(r.push(encodeFrame({ id, index: 0, count: 10, total: 100 }, bytes(10)))).toMatchObject({
        kind: 'partial',
      });
    }
    expect(r.push(encodeFrame({ id: 4, index: 0, count: 10, total: 100 }, bytes(10)))).toMatchObject({
      reason: 'too-many-in-flight',
    });
    const { r: r2 } = reassembler({ maxInFlight: 10, maxBufferedBytes: 1000, maxMessageBytes: 800 });
    expect(r2.push(encodeFrame({ id: 1, index: 0, count: 8, total: 800 }, bytes(100)))).toMatchObject({
      kind: 'partial',
    });
    expect(r2.push(encodeFrame({ id: 2, index: 0, count: 8, total: 800 }, bytes(100)))).toMatchObject({
      reason: 'reassembly-memory',
    });
    expect(r2.reservedBytes).toBe(800);
  });

  it('drops partial messages that went stale', () => {
    let now = 0;
    const { r, drops } = reassembler({ staleMs: 1000 }, () => now);
    r.push(encodeFrame({ id: 1, index: 0, count: 2, total: 20 }, bytes(10)));
    now = 500;
    r.push(encodeFrame({ id: 2, index: 0, count: 2, total: 20 }, bytes(10)));
    now = 1200;
    expect(r.sweep()).toBe(1);
    expect(drops).toEqual(['message-stale']);
    expect(r.inFlight).toBe(1);
    expect(r.push(encodeFrame({ id: 2, index: 1, count: 2, total: 20 }, bytes(10)))).toMatchObject({
      kind: 'message',
    });
  });
});

describe('FramedSender', () => {
  function channel(capacity: number) {
    const sent: Uint8Array[] = [];
    let buffered = 0;
    let drains = 0;
    const transport: FrameTransport = {
      sendFrame: (f) => {
        sent.push(f);
        buffered += f.length;
      },
      bufferedAmount: () => buffered,
      waitForDrain: async () => {
        drains++;
        buffered = Math.max(0, buffered - capacity);
      },
    };
    return { transport, sent, drains: () => drains, maxBuffered: () => buffered };
  }

  it('sends messages in order, never more than the high-water mark above the buffer', async () => {
    const ch = channel(256 * 1024);
    let peak = 0;
    const t: FrameTransport = {
      ...ch.transport,
      sendFrame: (f) => {
        ch.transport.sendFrame(f);
        peak = Math.max(peak, ch.transport.bufferedAmount());
      },
    };
    const sender = new FramedSender(t, { chunkBytes: 64 * 1024, highWaterBytes: 512 * 1024 });
    const a = bytes(3_000_000, 1);
    const b = bytes(10, 2);
    expect(sender.enqueue(a)).toBe(1);
    expect(sender.enqueue(b)).toBe(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(sender.pending).toBe(0);
    expect(ch.drains()).toBeGreaterThan(3);
    expect(peak).toBeLessThanOrEqual(512 * 1024 + 64 * 1024 + FRAME_HEADER_BYTES);
    const r = new FrameReassembler();
    const out = ch.sent.map((f) => r.push(f)).filter((x) => x.kind === 'message');
    expect(out.map((x) => x.kind === 'message' && x.id)).toEqual([1, 2]);
    expect(out[0]?.kind === 'message' && same(out[0].bytes, a)).toBe(true);
  });

  it('gives up a connection whose queue overflows, and stops on a send error', async () => {
    let overflowed = false;
    const stuck: FrameTransport = {
      sendFrame: () => {},
      bufferedAmount: () => 1e9,
      waitForDrain: () => new Promise((r) => setTimeout(r, 5)),
    };
    const sender = new FramedSender(stuck, { maxQueuedBytes: 1000 }, () => {
      overflowed = true;
    });
    expect(sender.enqueue(bytes(600))).toBe(1);
    expect(sender.enqueue(bytes(600))).toBeNull();
    expect(overflowed).toBe(true);
    expect(sender.enqueue(bytes(1))).toBeNull();

    const failing = new FramedSender({
      sendFrame: () => {
        throw new Error('closed');
      },
      bufferedAmount: () => 0,
      waitForDrain: async () => {},
    });
    expect(failing.enqueue(bytes(10))).toBe(1);
    await Promise.resolve();
    expect(failing.enqueue(bytes(10))).toBeNull();
  });
});
