/** Bulk actions on the People list, rendered in a DOM and used as an organizer would. */
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { getPerson, type Person, peopleIndex } from '../../../../src/domain';
import { BulkActions } from '../../../../src/ui/people/BulkActions';
import { ME, peopleSession } from './people-fixture';

afterEach(cleanup);

function world() {
  const w = peopleSession([
    { name: 'Ana Ruiz', tags: ['night'] },
    { name: 'Bo Chen' },
    { name: 'Cy Diaz', assignedTo: ME },
  ]);
  const people = () => peopleIndex(w.campaignDoc).people() as readonly Person[];
  render(() => (
    <BulkActions
      session={w.session}
      people={people}
      members={[{ id: ME, label: 'Me' }]}
      shifts={[]}
      tags={[['night', 1]]}
    />
  ));
  fireEvent.click(screen.getByRole('button', { name: 'Change these 3 people' }));
  return w;
}

const tagsOf = (w: ReturnType<typeof peopleSession>) =>
  w.ids.map((id) => {
    const r = getPerson(w.campaignDoc, id);
    return r.ok ? r.value.tags : [];
  });

describe('BulkActions', () => {
  it('adds a tag to those who lack it after a confirm that counts them, then undoes it', async () => {
    const w = world();
    fireEvent.change(screen.getByLabelText('Change'), { target: { value: 'addTag' } });
    fireEvent.input(screen.getByLabelText('To'), { target: { value: 'night' } });
    fireEvent.click(screen.getByRole('button', { name: 'Review…' }));
    const confirm = screen.getByRole('alertdialog');
    expect(confirm.textContent).toContain('Add the tag “night” to 2 people?');
    expect(confirm.textContent).toContain('Already as asked: 1 people will not change.');
    expect(tagsOf(w)).toEqual([['night'], [], []]);

    fireEvent.click(screen.getByRole('button', { name: 'Yes, change 2' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Changed 2 people.'));
    expect(tagsOf(w)).toEqual([['night'], ['night'], ['night']]);
    expect(w.flushed.campaign).toBe(1);

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Undone.'));
    expect(tagsOf(w)).toEqual([['night'], [], []]);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('cancel changes nothing; an empty tag is refused before any confirm', () => {
    const w = world();
    fireEvent.click(screen.getByRole('button', { name: 'Review…' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Assign 2 people to yourself?');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    const assigned = w.ids.map((id) => {
      const r = getPerson(w.campaignDoc, id);
      return r.ok ? (r.value.assignedTo ?? null) : 'gone';
    });
    expect(assigned).toEqual([null, null, ME]);

    fireEvent.change(screen.getByLabelText('Change'), { target: { value: 'addTag' } });
    fireEvent.click(screen.getByRole('button', { name: 'Review…' }));
    expect(screen.getByRole('alert').textContent).toBe('Type a tag first.');
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});
