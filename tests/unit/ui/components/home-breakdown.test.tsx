/** The per-unit / per-shift breakdown on home: each group's card line, the table, and "Show all". */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoverageStats } from '../../../../src/domain';
import { BreakdownChart, type BreakdownRow } from '../../../../src/ui/home/BreakdownChart';

afterEach(cleanup);

function stats(known: number, cards: number): CoverageStats {
  return {
    known,
    estimate: 0,
    base: known,
    assessed: known,
    assessedPercent: 100,
    supportive: 0,
    supportivePercent: 0,
    cards,
    cardsPercent: (cards * 100) / known,
    distribution: { 1: 0, 2: 0, 3: known, 4: 0, 5: 0, unassessed: 0 },
    warnings: [],
  } as unknown as CoverageStats;
}

const rows = (n: number): BreakdownRow[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `u${i}`,
    name: `Unit ${i + 1}`,
    stats: stats(10, i === 0 ? 1 : 5),
  }));

describe('BreakdownChart', () => {
  it('says each group’s cards in words, one card in the singular', () => {
    render(() => <BreakdownChart id="t" title="By unit" rows={rows(2)} />);
    const lines = [...document.querySelectorAll('.breakdown-cards')].map((el) => el.textContent);
    expect(lines[0]).toMatch(/^1 card, 10% of /);
    expect(lines[1]).toMatch(/^5 cards, 50% of /);
  });

  it('shows six groups, then all of them on "Show all", and six again on "Show fewer"; the table keeps all', () => {
    render(() => <BreakdownChart id="t" title="By unit" rows={rows(8)} />);
    const shown = () => document.querySelectorAll('.breakdown > li').length;
    expect(shown()).toBe(6);
    expect(screen.getAllByRole('row', { hidden: true })).toHaveLength(9);
    const toggle = screen.getByRole('button', { expanded: false });
    fireEvent.click(toggle);
    expect(shown()).toBe(8);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(shown()).toBe(6);
  });
});
