/** The People filter panel, rendered in a DOM and used as an organizer would. */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { UnitNode } from '../../../../src/domain';
import { People } from '../../../../src/ui/people/People';
import { PeopleFilters } from '../../../../src/ui/people/PeopleFilters';
import { createPeopleFilters, type PeopleFilterState } from '../../../../src/ui/people/people-filters';
import { peopleSession } from './people-fixture';

afterEach(cleanup);

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

describe('People screen: search and filters', () => {
  const count = () => screen.getByTestId('people-count').textContent;

  it('search and an assessment filter narrow the count; clearing the filters brings everyone back', () => {
    const w = peopleSession([
      { name: 'Ana Ruiz', assessment: 2 },
      { name: 'Andrés Paz', assessment: 4 },
      { name: 'Bo Chen', assessment: 2 },
    ]);
    render(() => <People session={w.session} />);
    expect(count()).toBe('3 people');

    fireEvent.input(screen.getByLabelText(/^Search by name/), { target: { value: 'an' } });
    expect(count()).toBe('2 of 3 people');

    const toggle = screen.getByRole('button', { name: 'Filters' });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.change(screen.getByLabelText('Assessment'), { target: { value: '2' } });
    expect(count()).toBe('1 of 3 people');
    expect(toggle.textContent).toBe('Filters (1)');

    fireEvent.input(screen.getByLabelText(/^Search by name/), { target: { value: '' } });
    expect(count()).toBe('2 of 3 people');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(count()).toBe('3 people');
    expect(toggle.textContent).toBe('Filters');
  });
});
