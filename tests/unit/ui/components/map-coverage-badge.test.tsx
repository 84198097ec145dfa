/** The coverage badge of a map row: what it says, and when it says nothing. */
import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoverageBadge as Badge, Shift } from '../../../../src/domain';
import { CoverageBadge } from '../../../../src/ui/map/CoverageBadge';

afterEach(cleanup);

const nights = { id: 's2', name: 'Nights' } as Shift;
const days = { id: 's1', name: 'Days' } as Shift;

function badgeText(badge: Badge) {
  render(() => <CoverageBadge badge={badge} />);
  return screen.queryByTestId('coverage-badge');
}

describe('CoverageBadge', () => {
  it('says nothing for a row nobody is known or estimated in', () => {
    expect(badgeText({ kind: 'empty', missing: [], missingOn: [] })).toBeNull();
  });

  it('is a quiet tick when every shift is covered', () => {
    const el = badgeText({ kind: 'ok', missing: [], missingOn: [] });
    expect(el?.classList.contains('ok')).toBe(true);
    expect(el?.textContent).toBe('✓ Coverage: Leader and committee member on every shift');
  });

  it('names both roles at once when the row has neither', () => {
    const el = badgeText({ kind: 'gaps', missing: ['no-leader', 'no-committee'], missingOn: [] });
    expect(el?.classList.contains('ok')).toBe(false);
    expect(el?.textContent).toBe('⚠ Coverage: No leader or committee member');
  });

  it('lists the shifts a role is missing on, and a role missing everywhere', () => {
    const el = badgeText({
      kind: 'gaps',
      missing: ['no-committee'],
      missingOn: [{ warning: 'no-leader', shifts: [days, nights, null] }],
    });
    expect(el?.textContent).toBe('⚠ Coverage: No committee member · No leader on Days, Nights, and No shift');
  });
});
