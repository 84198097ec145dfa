/**
 * DurableOutbox: local updates go out only once stored, in order; a failed store holds them and
 * retries; a crash (clear) drops what was held. The convergence fuzz (fuzz-convergence.test.ts)
 * runs the same class under power cuts.
 */
import { describe, expect, it } from 'vitest';
import { DurableOutbox } from '../../../src/sync/durable-outbox';

function gate() {
  let open!: () => void;
  let fail!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    open = res;
    fail = rej;
  });
  return { promise, open, fail };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('DurableOutbox', () => {
  it('sends nothing until the store says durable, then everything queued, in order', async () => {
    const sent: number[] = [];
    const gates: ReturnType<typeof gate>[] = [];
    const outbox = new DurableOutbox<number>({
      whenDurable: () => {
        const g = gate();
        gates.push(g);
        return g.promise;
      },
      send: (n) => sent.push(n),
    });
    outbox.push(1);
    outbox.push(2);
    await tick();
    expect(sent).toEqual([]);
    expect(outbox.size).toBe(2);
    outbox.push(3); // queued while the first wait is running: needs a wait of its own
    gates[0]?.open();
    await tick();
    expect(sent).toEqual([1, 2]);
    gates[1]?.open();
    await tick();
    expect(sent).toEqual([1, 2, 3]);
    expect(outbox.size).toBe(0);
  });

  it('keeps updates when storing failed and sends them once a retry succeeds', async () => {
    const sent: string[] = [];
    let attempts = 0;
    const outbox = new DurableOutbox<string>({
      whenDurable: () => (++attempts === 1 ? Promise.reject(new Error('quota')) : Promise.resolve()),
      send: (u) => sent.push(u),
      retryMs: 10,
    });
    outbox.push('a');
    await tick();
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toEqual(['a']);
    expect(attempts).toBe(2);
    outbox.close();
  });

  it('drops what it held on a crash: a held update is never sent', async () => {
    const sent: string[] = [];
    const g = gate();
    const outbox = new DurableOutbox<string>({ whenDurable: () => g.promise, send: (u) => sent.push(u) });
    outbox.push('lost in the power cut');
    await tick();
    outbox.clear();
    g.open();
    await tick();
    expect(sent).toEqual([]);
  });

  it('in manual mode sends only on release (a deterministic harness)', async () => {
    const sent: string[] = [];
    const outbox = new DurableOutbox<string>({
      whenDurable: () => Promise.resolve(),
      send: (u) => sent.push(u),
      auto: false,
    });
    outbox.push('x');
    await tick();
    expect(sent).toEqual([]);
    expect(await outbox.release()).toBe(true);
    expect(sent).toEqual(['x']);
  });

  it('without a store sends at once', () => {
    const sent: string[] = [];
    const outbox = new DurableOutbox<string>({ whenDurable: null, send: (u) => sent.push(u) });
    outbox.push('now');
    expect(sent).toEqual(['now']);
  });
});
