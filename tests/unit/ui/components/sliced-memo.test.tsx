/**
 * createSlicedMemo: a result already kept for the source's value shows at once, without a run; on
 * a change the last whole result stays until the new run ends, and a run overtaken by a newer
 * change is dropped.
 */
import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createSlicedMemo } from '../../../../src/ui/kit/sliced';

/** A run the test ends by hand. */
function manualRuns() {
  const pending: { value: number; finish: () => void; stop: () => boolean }[] = [];
  const run = (value: number, stop: () => boolean) =>
    new Promise<string | null>((resolve) => {
      pending.push({ value, stop, finish: () => resolve(stop() ? null : `run ${value}`) });
    });
  return { pending, run };
}

const settle = () => new Promise<void>((r) => setTimeout(r, 0));

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
    expect(pending.map((p) => p.value)).toEqual([2]);
    expect(result()).toBe('kept 1'); // the last whole result until the run ends
    setSource(3);
    pending[0]?.finish();
    await settle();
    expect(result()).toBe('kept 1'); // run 2 was overtaken: dropped
    pending[1]?.finish();
    await settle();
    expect(result()).toBe('run 3');

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
    pending[0]?.finish();
    await settle();
    expect(result()).toBe('run 5');
    dispose();
  });
});
