/**
 * What ran in a main-thread task, from a CDP CPU profile (1 ms samples), for the long-task benches
 * (unlock-tasks.ts, unlock-peer.ts): the page marks the profile with a named busy loop so that
 * samples line up with page time, and each task gets the functions that ran in it.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Marks the profile: a named busy loop whose first sample is at the page time it returns. */
export const SYNC_MARK = `(function __unlockTasksSyncMark() {
  const t = performance.now();
  while (performance.now() - t < 30) {}
  return t;
})()`;

/** A profile's samples as [page time (ms), node id], aligned by the sync mark. */
export function sampleTimes(profile: Profile, markAt: number): [number, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let t = profile.startTime;
  const raw: [number, number][] = profile.samples.map((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    return [t / 1000, id];
  });
  const mark = raw.find(([, id]) => byId.get(id)?.callFrame.functionName === '__unlockTasksSyncMark');
  const offset = mark ? markAt - mark[0] : 0;
  return raw.map(([ms, id]) => [ms + offset, id]);
}

const frameName = (n: ProfileNode) => {
  const f = n.callFrame;
  const file = f.url.split('/').pop() || '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
};

/** The functions that ran in [from, to]: top self time and top time inside (ms, 1 ms samples). */
export function attribute(profile: Profile, samples: [number, number][], from: number, to: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inside = new Map<string, number>();
  for (const [ms, id] of samples) {
    if (ms < from || ms > to) continue;
    const node = byId.get(id);
    if (!node) continue;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + 1);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!n?.callFrame.url) continue;
      const k = frameName(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inside.set(k, (inside.get(k) ?? 0) + 1);
    }
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // Frames in nearly every sample (the event loop's and the framework's trunk) say nothing.
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .filter(([, n]) => m === self || n < 0.8 * total)
      .sort((x, y) => y[1] - x[1])
      .slice(0, k)
      .map(([name, n]) => `${n} ${name}`)
      .join(' · ');
  return `      self: ${top(self, 6)}\n      inside (below the trunk): ${top(inside, 14)}`;
}

/** Starts a CPU profile of the page; returns the page time its samples are aligned to. */
export async function startProfile(cdp: CDPSession, page: Page): Promise<number> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  return (await page.evaluate(SYNC_MARK)) as number;
}

/** Stops the profile; `describe(from, to)` tells what ran between two page times. */
export async function stopProfile(
  cdp: CDPSession,
  markAt: number,
): Promise<(from: number, to: number) => string> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const samples = sampleTimes(profile, markAt);
  return (from, to) => attribute(profile, samples, from, to);
}
