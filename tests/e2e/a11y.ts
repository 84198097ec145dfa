/**
 * axe-core in the page, failing on any violation. axe is injected through the DevTools protocol
 * (`page.evaluate`) because the app's CSP (`script-src 'self'`) rightly refuses the inline script
 * `page.addScriptTag({content})` would add — and the CSP stays on in tests.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await axeViolations(page), `axe violations on ${screen}`).toEqual([]);
}

/** What axe-core finds on the page as it is now (up to three nodes per rule), for reports. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as {
      passes: unknown[];
      violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[];
    };
    if (result.passes.length === 0) return [{ id: 'axe-did-not-run', impact: '', nodes: [] }];
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  return violations;
}
