/** The bargaining unit's size editor: refusals in words, in place; a saved size; back to the estimates. */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { type Result, readBargainingUnitSize } from '../../../../src/domain';
import { BargainingUnitEditor } from '../../../../src/ui/map/BargainingUnitEditor';
import { createMapData } from '../../../../src/ui/map/map-data';
import { docSession } from '../../../support/doc-session';
import { newCampaign } from '../../../support/domain';

afterEach(cleanup);

function renderEditor() {
  const doc = newCampaign();
  const said: string[] = [];
  const save = async (r: Result<unknown>, done: string) => {
    if (r.ok) said.push(done);
    return r.ok;
  };
  render(() => <BargainingUnitEditor session={docSession(doc)} unit={createMapData(doc).unit} save={save} />);
  const input = screen.getByLabelText('People in the bargaining unit') as HTMLInputElement;
  const submit = (value: string) => {
    fireEvent.input(input, { target: { value } });
    fireEvent.click(screen.getByRole('button', { name: 'Save size' }));
  };
  return { doc, said, input, submit };
}

describe('BargainingUnitEditor', () => {
  it('refuses what is not a whole number of people, in words, and saves nothing', async () => {
    const { doc, said, input, submit } = renderEditor();
    submit('lots');
    expect((await screen.findByRole('alert')).textContent).toBe('Enter a number of people, like 120.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    submit('-3');
    expect(screen.getByRole('alert').textContent).toBe('The size cannot be negative.');
    submit('12.5');
    expect(screen.getByRole('alert').textContent).toBe('Enter a whole number of people.');
    expect(said).toEqual([]);
    expect(readBargainingUnitSize(doc)).toBeUndefined();
  });

  it('saves a size, clears the error, and "use the estimates" clears the size again', async () => {
    const { doc, said, input, submit } = renderEditor();
    expect(screen.queryByRole('button', { name: 'Use the units’ estimates' })).toBeNull();
    submit('x');
    await screen.findByRole('alert');
    submit('120');
    await Promise.resolve();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(readBargainingUnitSize(doc)).toBe(120);
    expect(said).toEqual(['Bargaining unit set to 120.']);
    fireEvent.click(await screen.findByRole('button', { name: 'Use the units’ estimates' }));
    await Promise.resolve();
    expect(readBargainingUnitSize(doc)).toBeUndefined();
    expect(input.value).toBe('');
    expect(said.at(-1)).toBe('Now counting against the units’ estimates.');
  });
});
