/** The units and shifts editors of the map's setup, rendered over a real campaign doc and used as an organizer would. */
import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { listShifts, listUnits, type Result } from '../../../../src/domain';
import { createMapData } from '../../../../src/ui/map/map-data';
import { ShiftsEditor } from '../../../../src/ui/map/ShiftsEditor';
import { UnitsEditor } from '../../../../src/ui/map/UnitsEditor';
import { docSession } from '../../../support/doc-session';
import { newCampaign } from '../../../support/domain';

afterEach(cleanup);

/** What the map screen's `save` does, minus storage: refusals are kept, successes announced. */
function saver() {
  const said: string[] = [];
  const refused: string[] = [];
  const save = async (r: Result<unknown>, done: string) => {
    if (!r.ok) {
      refused.push((r.error as { code: string }).code);
      return false;
    }
    said.push(done);
    return true;
  };
  return { said, refused, save };
}

function renderEditors() {
  const doc = newCampaign();
  const s = saver();
  const session = docSession(doc);
  render(() => {
    const data = createMapData(doc);
    return (
      <>
        <UnitsEditor session={session} units={data.units} deleted={data.deletedUnits} save={s.save} />
        <ShiftsEditor session={session} shifts={data.shifts} deleted={data.deletedShifts} save={s.save} />
      </>
    );
  });
  return { doc, ...s };
}

async function addUnit(name: string, estimate = '') {
  fireEvent.input(screen.getByLabelText(/New unit/), { target: { value: name } });
  fireEvent.input(screen.getByLabelText('About how many work there? (optional)'), {
    target: { value: estimate },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Add unit' }));
}

async function addShift(name: string) {
  fireEvent.input(screen.getByLabelText('New shift'), { target: { value: name } });
  fireEvent.click(screen.getByRole('button', { name: 'Add shift' }));
}

describe('UnitsEditor', () => {
  it('adds a unit with its estimate, lists it and empties the form for the next one', async () => {
    const { doc, said } = renderEditors();
    expect(screen.getByText('No units yet.')).toBeTruthy();
    await addUnit('Dock', '40');
    const list = await screen.findByTestId('map-units');
    expect(list.querySelector('.map-edit-name')?.textContent).toBe('Dock · ~40');
    expect(within(list).getByRole('button', { name: 'Edit Dock' })).toBeTruthy();
    expect(said).toEqual(['Unit “Dock” added.']);
    expect(listUnits(doc).map((u) => [u.name, u.estimatedHeadcount])).toEqual([['Dock', 40]]);
    expect((screen.getByLabelText(/New unit/) as HTMLInputElement).value).toBe('');
  });

  it('refuses a blank name and adds nothing', async () => {
    const { doc, refused, said } = renderEditors();
    await addUnit('   ');
    await Promise.resolve();
    expect(refused).toEqual(['name-required']);
    expect(said).toEqual([]);
    expect(listUnits(doc)).toEqual([]);
  });

  it('renames a unit in its edit form, and a blank rename is refused with the form left open', async () => {
    const { doc, refused } = renderEditors();
    await addUnit('Dock');
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Dock' }));
    const name = screen.getByLabelText('Name') as HTMLInputElement;
    expect(name.value).toBe('Dock');
    fireEvent.input(name, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await Promise.resolve();
    expect(refused).toEqual(['name-required']);
    expect(screen.getByLabelText('Name')).toBeTruthy();
    fireEvent.input(name, { target: { value: 'Loading dock' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('button', { name: 'Edit Loading dock' })).toBeTruthy();
    expect(screen.queryByLabelText('Name')).toBeNull();
    expect(listUnits(doc).map((u) => u.name)).toEqual(['Loading dock']);
  });

  it('deletes a unit into the deleted list, from where it can be restored', async () => {
    const { doc } = renderEditors();
    await addUnit('Dock');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Dock' }));
    expect(await screen.findByText('Deleted units (1)')).toBeTruthy();
    expect(screen.getByText('No units yet.')).toBeTruthy();
    expect(listUnits(doc)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Restore Dock' }));
    expect(await screen.findByRole('button', { name: 'Edit Dock' })).toBeTruthy();
    expect(screen.queryByText('Deleted units (1)')).toBeNull();
  });
});

describe('ShiftsEditor', () => {
  it('adds shifts in order; the first cannot move earlier nor the last later; moving reorders', async () => {
    const { doc } = renderEditors();
    await addShift('Days');
    await screen.findByRole('button', { name: 'Rename Days' });
    await addShift('Nights');
    await screen.findByRole('button', { name: 'Rename Nights' });
    const earlier = (n: string) =>
      screen.getByRole('button', { name: `Move ${n} earlier` }) as HTMLButtonElement;
    const later = (n: string) => screen.getByRole('button', { name: `Move ${n} later` }) as HTMLButtonElement;
    expect(earlier('Days').disabled).toBe(true);
    expect(later('Nights').disabled).toBe(true);
    expect(later('Days').disabled).toBe(false);
    fireEvent.click(earlier('Nights'));
    await screen.findByText(
      (_, el) =>
        el?.getAttribute('data-testid') === 'map-shifts' && /Nights.*Days/.test(el.textContent ?? ''),
    );
    expect(listShifts(doc).map((s) => s.name)).toEqual(['Nights', 'Days']);
  });

  it('renames a shift, and deletes and restores it', async () => {
    const { doc } = renderEditors();
    await addShift('Days');
    fireEvent.click(await screen.findByRole('button', { name: 'Rename Days' }));
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Mornings' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Mornings' }));
    expect(await screen.findByText('Deleted shifts (1)')).toBeTruthy();
    expect(listShifts(doc)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Restore Mornings' }));
    expect(await screen.findByRole('button', { name: 'Rename Mornings' })).toBeTruthy();
    expect(listShifts(doc).map((s) => s.name)).toEqual(['Mornings']);
  });
});
