/** The People filter panel, rendered in a DOM and used as an organizer would. */
import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { UnitNode } from '../../../../src/domain';
import { PeopleFilters } from '../../../../src/ui/people/PeopleFilters';
import { createPeopleFilters, type PeopleFilterState } from '../../../../src/ui/people/people-filters';

const units = [
  { id: 'u1', name: 'Dock', path: 'Dock', depth: 0, parentId: null, ancestors: [] },
] as unknown as UnitNode[];

describe('PeopleFilters', () => {
  it('choosing a unit narrows the filter to that unit and counts one active criterion', () => {
    let state!: PeopleFilterState;
    render(() => {
      state = createPeopleFilters(() => units, '2026-12-05');
      return <PeopleFilters state={state} units={units} shifts={[]} tags={[]} members={[]} />;
    });
    expect(state.active()).toBe(0);
    const unit = screen.getByLabelText(/unit/i) as HTMLSelectElement;
    fireEvent.change(unit, { target: { value: 'u1' } });
    expect(state.filter().unitId).toEqual(new Set(['u1']));
    expect(state.active()).toBe(1);
  });
});
