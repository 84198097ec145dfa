/**
 * How fast a page runs right now, for limits that must hold on a loaded shared machine: the median
 * time of `JSON.parse` of a given text in the page, five runs apart, against what it takes here
 * when the machine is quiet. A limit is scaled up by the ratio (never down).
 */
import type { Page } from 'playwright-core';

const CALIBRATE = `(async (text) => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 30));
    const t = performance.now();
    JSON.parse(text);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[2];
})`;

/** The median `JSON.parse` time of `text` in `page` (ms), and the factor over `quietMs` (≥ 1). */
export async function pageSpeed(
  page: Page,
  text: string,
  quietMs: number,
): Promise<{ ms: number; scale: number }> {
  const ms = (await page.evaluate(`${CALIBRATE}(${JSON.stringify(text)})`)) as number;
  return { ms, scale: Math.max(1, ms / quietMs) };
}

/** A fixed text of about 2 MB of small records, for pages that have no records of their own. */
export function calibrationText(): string {
  return JSON.stringify(
    Array.from({ length: 40_000 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, n: i })),
  );
}
