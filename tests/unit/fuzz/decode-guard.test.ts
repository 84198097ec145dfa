/**
 * DecodeGuard: remote updates are checked off the main thread within a time budget. The budget
 * logic runs against injected fake workers; one case runs a real worker thread on an update made
 * to be slow to decode and shows the main thread kept running meanwhile.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { KNOWN_COLLECTIONS } from '../../../src/domain';
import { SpaceBudget } from '../../../src/sync/wire/apply-budget';
import { DecodeGuard, type WorkerLike } from '../../../src/sync/wire/decode-guard';
import { answerDecodeRequest, type DecodeRequest } from '../../../src/sync/wire/decode-worker';
import { tinyStructs } from '../../fuzz/hostile-corpus';
import { nodeDecodeWorkerFactory } from '../../fuzz/node-worker';

const rules = { maxUpdateBytes: 8 * 1024 * 1024, knownCollections: new Set(KNOWN_COLLECTIONS.campaign) };

function validUpdate(name = 'Ana'): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('people').set(`id-${name}`, name);
  return Y.encodeStateAsUpdate(doc);
}

/** A fake worker: answers with the real check after `delay` ms, or never (`delay` null), or errors. */
class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  terminated = false;
  received: DecodeRequest[] = [];
  transfers: (Transferable[] | undefined)[] = [];
  constructor(
    private readonly behave: (req: DecodeRequest) => 'answer' | 'hang' | 'crash',
    private readonly delay = 1,
  ) {}
  postMessage(req: DecodeRequest, transfer?: Transferable[]) {
    this.received.push(req);
    this.transfers.push(transfer);
    const what = this.behave(req);
    if (what === 'hang') return;
    // The handler as it was when the request went out: a late answer still reaches it.
    const onmessage = this.onmessage;
    const onerror = this.onerror;
    setTimeout(() => {
      if (what === 'crash') onerror?.({ message: 'worker ran out of memory' });
      else onmessage?.({ data: answerDecodeRequest(req) });
    }, this.delay);
  }
  terminate() {
    this.terminated = true;
  }
}

function factoryOf(make: () => FakeWorker) {
  const made: FakeWorker[] = [];
  return {
    made,
    create: () => {
      const w = make();
      made.push(w);
      return w;
    },
  };
}

describe('DecodeGuard with a worker', () => {
  it('answers in call order, with the worker’s verdicts, reusing one worker', async () => {
    const f = factoryOf(() => new FakeWorker(() => 'answer', 5));
    const guard = new DecodeGuard({ rules, createWorker: f.create, budgetMs: 1000 });
    const order: number[] = [];
    const inputs = [validUpdate('a'), Uint8Array.of(1, 2, 3), validUpdate('b'), tinyStructs(10)];
    const verdicts = await Promise.all(
      inputs.map((u, i) =>
        guard.check(u).then((v) => {
          order.push(i);
          return v;
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3]);
    expect(verdicts.map((v) => v.ok)).toEqual([true, false, true, true]);
    expect(verdicts[1]).toMatchObject({ reason: 'undecodable-update' });
    expect(f.made).toHaveLength(1);
    expect(f.made[0]?.received.map((r) => r.knownCollections)).toEqual(
      inputs.map(() => [...KNOWN_COLLECTIONS.campaign]),
    );
    guard.dispose();
  });

  it('sends the worker only the update’s own bytes, moved, never the buffer it is a view of', async () => {
    // A snapshot's updates are views into one buffer of the whole snapshot: posting a view clones
    // all of that buffer, once per update.
    const f = factoryOf(() => new FakeWorker(() => 'answer'));
    const guard = new DecodeGuard({ rules, createWorker: f.create });
    const a = validUpdate('a');
    const b = validUpdate('b');
    const whole = new Uint8Array(a.length + b.length + 1_000_000);
    whole.set(a, 0);
    whole.set(b, a.length);
    const views = [whole.subarray(0, a.length), whole.subarray(a.length, a.length + b.length)];
    const verdicts = await Promise.all(views.map((v) => guard.check(v)));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true]);
    const w = f.made[0] as FakeWorker;
    expect(w.received.map((r) => r.update.buffer.byteLength)).toEqual([a.length, b.length]);
    expect(w.received.map((r) => [...r.update])).toEqual([[...a], [...b]]);
    expect(w.transfers.map((t) => t?.[0])).toEqual(w.received.map((r) => r.update.buffer));
    expect(whole.subarray(0, a.length)).toEqual(a); // the caller's bytes are left as they were
    guard.dispose();
  });

  it('passes its apply budget to the worker, which refuses an update over it and passes one at it', async () => {
    const f = factoryOf(() => new FakeWorker(() => 'answer'));
    const guard = new DecodeGuard({ rules: { ...rules, maxApplyItems: 50 }, createWorker: f.create });
    const [over, under] = await Promise.all([guard.check(tinyStructs(51)), guard.check(tinyStructs(50))]);
    expect(over).toMatchObject({ ok: false, reason: 'apply-budget', detail: '51 > 50' });
    expect(under).toEqual({ ok: true });
    expect(f.made[0]?.received.map((r) => r.maxApplyItems)).toEqual([50, 50]);
    expect(f.made).toHaveLength(1); // a refusal on cost is an answer: the worker is kept
    guard.dispose();
  });

  it('refuses a check that overruns its budget as decode-timeout, kills that worker, and starts a fresh one', async () => {
    const slow = tinyStructs(5);
    const f = factoryOf(
      () => new FakeWorker((req) => (req.update.length === slow.length ? 'hang' : 'answer')),
    );
    const guard = new DecodeGuard({ rules, createWorker: f.create, budgetMs: 30 });
    // One update, reused below: a fresh doc's random clientID changes the encoded length.
    const cUpdate = validUpdate('c');
    const [a, b, c] = await Promise.all([
      guard.check(validUpdate()),
      guard.check(slow),
      guard.check(cUpdate),
    ]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toEqual({ ok: false, reason: 'decode-timeout' });
    expect(c).toMatchObject({ ok: true });
    expect(f.made).toHaveLength(2);
    expect(f.made[0]?.terminated).toBe(true);
    expect(f.made[1]?.terminated).toBe(false);
    expect(guard.workersStarted).toBe(2);
    // The replacement was warmed up before the next update was posted to it.
    expect(f.made[1]?.received.map((r) => r.update.length)).toEqual([2, cUpdate.length]);
    guard.dispose();
    expect(f.made[1]?.terminated).toBe(true);
  });

  it('a caller may stretch one check’s budget, up to 8×', async () => {
    const f = factoryOf(() => new FakeWorker(() => 'answer', 80));
    const guard = new DecodeGuard({ rules, createWorker: f.create, budgetMs: 30 });
    await guard.warmUp();
    const u = validUpdate('d');
    expect(await guard.check(u)).toEqual({ ok: false, reason: 'decode-timeout' });
    expect(await guard.check(u, { budgetScale: 4 })).toEqual({ ok: true });
    guard.dispose();
    const g2 = new DecodeGuard({
      rules,
      createWorker: factoryOf(() => new FakeWorker(() => 'answer', 400)).create,
      budgetMs: 30,
    });
    await g2.warmUp();
    // 100× asked, 8× given: 240 ms is not enough for a 400 ms answer.
    expect(await g2.check(u, { budgetScale: 100 })).toEqual({ ok: false, reason: 'decode-timeout' });
    g2.dispose();
  });

  it('reports a worker that fails as decode-worker-failed and recovers', async () => {
    let first = true;
    const f = factoryOf(() => {
      const crash = first;
      first = false;
      return new FakeWorker(() => (crash ? 'crash' : 'answer'));
    });
    const guard = new DecodeGuard({ rules, createWorker: f.create, budgetMs: 1000 });
    expect(await guard.check(validUpdate())).toMatchObject({ ok: false, reason: 'decode-worker-failed' });
    expect(await guard.check(validUpdate())).toMatchObject({ ok: true });
    expect(f.made[0]?.terminated).toBe(true);
    guard.dispose();
  });

  it('ignores a late answer from a worker it already gave up on', async () => {
    // Answers take 70 ms, the budget is 50: the first worker answers 20 ms into the second check.
    const f = factoryOf(() => new FakeWorker(() => 'answer', 70));
    const guard = new DecodeGuard({ rules, createWorker: f.create, budgetMs: 50 });
    expect(await guard.check(validUpdate())).toEqual({ ok: false, reason: 'decode-timeout' });
    // The first worker's (ok) answer arrives while its replacement is warming up: it must not be
    // taken for the verdict of that job, nor of the next (undecodable) update.
    expect(await guard.check(Uint8Array.of(9))).toMatchObject({ ok: false, reason: 'decode-timeout' });
    expect(f.made).toHaveLength(3);
    guard.dispose();
  });

  it('posts a few checks ahead, and each one’s budget starts once the one before it answered', async () => {
    // Like a real worker: one message at a time, in order, each taking `took` ms.
    class SequentialWorker extends FakeWorker {
      private busyUntil = 0;
      outstanding = 0;
      mostOutstanding = 0;
      override postMessage(req: DecodeRequest, transfer?: Transferable[]) {
        this.received.push(req);
        this.transfers.push(transfer);
        this.outstanding++;
        this.mostOutstanding = Math.max(this.mostOutstanding, this.outstanding);
        const onmessage = this.onmessage;
        this.busyUntil = Math.max(this.busyUntil, Date.now()) + 40;
        setTimeout(() => {
          this.outstanding--;
          onmessage?.({ data: answerDecodeRequest(req) });
        }, this.busyUntil - Date.now());
      }
    }
    const f = factoryOf(() => new SequentialWorker(() => 'answer') as FakeWorker);
    // 40 ms a check, 100 ms budget: six checks posted at once take 240 ms, none overruns its own.
    const guard = new DecodeGuard({ rules, createWorker: f.create, budgetMs: 100 });
    const verdicts = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => guard.check(validUpdate(k))),
    );
    expect(verdicts.every((v) => v.ok)).toBe(true);
    expect(f.made).toHaveLength(1);
    const w = f.made[0] as SequentialWorker;
    expect(w.mostOutstanding).toBe(4);
    guard.dispose();
  });

  it('refuses an oversized update without posting it to a worker', async () => {
    const f = factoryOf(() => new FakeWorker(() => 'answer'));
    const guard = new DecodeGuard({ rules: { ...rules, maxUpdateBytes: 100 }, createWorker: f.create });
    expect(await guard.check(new Uint8Array(101))).toMatchObject({ ok: false, reason: 'oversized-update' });
    expect(f.made).toHaveLength(0);
    guard.dispose();
  });
});

describe('DecodeGuard timers', () => {
  it('calls the global timers unbound, as browsers require ("Illegal invocation" otherwise)', async () => {
    const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
    const strict = <F extends (...args: never[]) => unknown>(fn: F) =>
      function (this: unknown, ...args: Parameters<F>) {
        if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
        return fn(...args);
      };
    globalThis.setTimeout = strict(real.setTimeout) as unknown as typeof setTimeout;
    globalThis.clearTimeout = strict(real.clearTimeout) as unknown as typeof clearTimeout;
    try {
      const f = factoryOf(() => new FakeWorker(() => 'answer'));
      const guard = new DecodeGuard({ rules, createWorker: f.create });
      expect(await guard.check(validUpdate())).toMatchObject({ ok: true });
      guard.dispose();
    } finally {
      globalThis.setTimeout = real.setTimeout;
      globalThis.clearTimeout = real.clearTimeout;
    }
  });
});

describe('DecodeGuard without workers (Node)', () => {
  it('checks in-thread, and refuses past its own size cap without decoding', async () => {
    const guard = new DecodeGuard({ rules, inThreadMaxBytes: 1024 });
    expect(guard.usesWorker).toBe(false);
    expect(await guard.check(validUpdate())).toMatchObject({ ok: true });
    expect(await guard.check(Uint8Array.of(0xff, 0xff))).toMatchObject({
      ok: false,
      reason: 'undecodable-update',
    });
    expect(await guard.check(tinyStructs(1000))).toMatchObject({ ok: false, reason: 'oversized-update' });
  });
});

describe('DecodeGuard on a real worker thread', () => {
  it('gives up on a slow-to-decode update while the main thread keeps running', async () => {
    const bomb = tinyStructs(2_000_000); // 4 MB of one-clock structs: about a second to decode here
    const guard = new DecodeGuard({ rules, createWorker: nodeDecodeWorkerFactory(), budgetMs: 150 });
    expect(await guard.warmUp()).toMatchObject({ ok: true }); // starting the thread is not part of any budget
    expect(await guard.check(validUpdate())).toMatchObject({ ok: true });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const verdict = await guard.check(bomb);
    clearInterval(ticker);
    expect(verdict).toEqual({ ok: false, reason: 'decode-timeout' });
    expect(ticks).toBeGreaterThan(2); // the main thread ran timers while the worker decoded
    // A fresh thread takes the next update.
    expect(await guard.warmUp()).toMatchObject({ ok: true });
    expect(await guard.check(validUpdate('after'))).toMatchObject({ ok: true });
    expect(guard.workersStarted).toBe(2);
    guard.dispose();
  });
});

describe('DecodeGuard and the space caps', () => {
  it('holds the cost the worker measured against the space: refused as space-full, the worker kept', async () => {
    const f = factoryOf(() => new FakeWorker(() => 'answer'));
    const doc = new Y.Doc();
    const space = new SpaceBudget(doc, { maxSpaceBytes: 1e9, maxSpaceItems: 60 });
    const guard = new DecodeGuard({ rules, createWorker: f.create, space });
    expect(await guard.check(tinyStructs(60))).toEqual({ ok: true });
    expect(await guard.check(tinyStructs(61))).toMatchObject({ ok: false, reason: 'space-full' });
    expect(f.made).toHaveLength(1);
    guard.dispose();
    space.dispose();
  });
});
