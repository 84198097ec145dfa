/**
 * createSlicedMemo: a result already kept for the source's value shows at once, without a run; on
 * a change the last whole result stays until the new run ends, and a run overtaken by a newer
 * change is dropped (with `finish`: ends and shows, then only the newest value runs).
 */
import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createSlicedMemo } from '../../../../src/ui/kit/sliced';
import { waitFor } from '../../../support/wait';

/** A run the test ends by hand. */
function manualRuns() {
  const pending: { value: number; finish: () => void; stop: () => boolean }[] = [];
  const run = (value: number, stop: () => boolean) =>
    new Promise<string | null>((resolve) => {
      pending.push({ value, stop, finish: () => resolve(stop() ? null : `run ${value}`) });
    });
  return { pending, run };
}

/** Waits until `n` runs have started (each starts in a task of its own). */
const started = (pending: unknown[], n: number) => waitFor(() => pending.length >= n, 5000, `${n} runs`);

describe('createSlicedMemo', () => {
  it('shows a kept result at once and runs only for values without one', async () => {
    const { pending, run } = manualRuns();
    const kept = new Map([[1, 'kept 1']]);
    const [source, setSource] = createSignal(1);
    const { result, dispose } = createRoot((dispose) => ({
      result: createSlicedMemo(source, run, { kept: (v) => kept.get(v) }),
      dispose,
    }));
    expect(result()).toBe('kept 1');
    expect(pending).toHaveLength(0);

    setSource(2);
    await started(pending, 1);
    expect(pending.map((p) => p.value)).toEqual([2]);
    expect(result()).toBe('kept 1'); // the last whole result until the run ends
    setSource(3);
    await started(pending, 2);
    pending[0]?.finish();
    pending[1]?.finish();
    await waitFor(() => result() === 'run 3', 5000, 'run 3 shown');
    expect(pending[0]?.stop()).toBe(true); // run 2 was overtaken: dropped

    setSource(1);
    expect(result()).toBe('kept 1');
    expect(pending).toHaveLength(2);
    dispose();
  });

  it('is undefined until the first run ends when nothing is kept', async () => {
    const { pending, run } = manualRuns();
    const { result, dispose } = createRoot((dispose) => ({
      result: createSlicedMemo(() => 5, run, { kept: () => undefined }),
      dispose,
    }));
    expect(result()).toBeUndefined();
    await started(pending, 1);
    expect(result()).toBeUndefined();
    pending[0]?.finish();
    await waitFor(() => result() === 'run 5', 5000, 'run 5 shown');
    dispose();
  });
});

describe('createSlicedMemo with finish', () => {
  it('lets a run end under a stream of changes, shows it, then runs only the newest value', async () => {
    const { pending, run } = manualRuns();
    const [source, setSource] = createSignal(1);
    const { result, dispose } = createRoot((dispose) => ({
      result: createSlicedMemo(source, run, { finish: true }),
      dispose,
    }));
    await started(pending, 1);
    setSource(2);
    setSource(3);
    expect(pending.map((p) => p.value)).toEqual([1]); // one run at a time
    expect(pending[0]?.stop()).toBe(false);
    pending[0]?.finish();
    await waitFor(() => result() === 'run 1', 5000, 'run 1 shown'); // whole, though the source moved on
    await started(pending, 2);
    expect(pending.map((p) => p.value)).toEqual([1, 3]); // 2 was overtaken before it started
    pending[1]?.finish();
    await waitFor(() => result() === 'run 3', 5000, 'run 3 shown');
    dispose();
  });

  it('never replaces a kept result with an older run', async () => {
    const { pending, run } = manualRuns();
    const [source, setSource] = createSignal(1);
    const { result, dispose } = createRoot((dispose) => ({
      result: createSlicedMemo(source, run, { finish: true, kept: (v) => (v === 2 ? 'kept 2' : undefined) }),
      dispose,
    }));
    await started(pending, 1);
    setSource(2);
    expect(result()).toBe('kept 2');
    setSource(3); // queued behind run 1: it starts once run 1's result was handled
    pending[0]?.finish();
    await started(pending, 2);
    expect(result()).toBe('kept 2');
    dispose();
  });
});
