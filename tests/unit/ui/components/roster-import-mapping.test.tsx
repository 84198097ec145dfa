/** The mapping step of a roster import, rendered in a DOM and used as an organizer would. */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Session } from '../../../../src/app/session';
import { initCampaign } from '../../../../src/domain';
import { RosterImport } from '../../../../src/ui/roster/RosterImport';

const CSV = 'Full name,Mobile,Locker\nAna Ruiz,555 0101,12\nBo Chen,555 0102,\n';

function session(): Session {
  const doc = new Y.Doc();
  initCampaign(doc, { name: 'Depot', by: 'dev-a' });
  return { campaign: { doc, flush: async () => {} }, deviceId: 'dev-a' } as unknown as Session;
}

/** Picks a CSV file as the user would, and waits for the mapping step. */
async function pick(text: string) {
  const input = screen.getByLabelText(/choose a csv or vcard file/i) as HTMLInputElement;
  const file = new File([text], 'roster.csv', { type: 'text/csv' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
  await screen.findByTestId('file-summary');
}

const select = (column: string) => screen.getByLabelText(new RegExp(column)) as HTMLSelectElement;
const reviewButton = () => screen.getByRole('button', { name: /review import/i }) as HTMLButtonElement;

afterEach(cleanup);

describe('RosterImport mapping step', () => {
  it("maps a CSV's headers to fields and leaves an unknown column undecided", async () => {
    render(() => <RosterImport session={session()} />);
    await pick(CSV);
    expect(screen.getByTestId('file-summary').textContent).toMatch(/roster\.csv/);
    expect(select('Full name').value).toBe('name');
    expect(select('Mobile').value).toBe('phone');
    expect(select('Locker').value).toBe('');
    expect(reviewButton().disabled).toBe(false);
  });

  it('warns about a column with data and no use when going on to the review', async () => {
    render(() => <RosterImport session={session()} />);
    await pick(CSV);
    fireEvent.click(reviewButton());
    const questions = await screen.findByTestId('import-questions');
    expect(questions.textContent).toMatch(/Locker/);
    expect(questions.textContent).toMatch(/e\.g\. 12/);
    expect(screen.getByTestId('questions-pending')).toBeTruthy();
    const go = screen.getByRole('button', { name: /import people/i }) as HTMLButtonElement;
    expect(go.disabled).toBe(true);
  });

  it('changing a mapping: without a name column the review waits; a used column is not asked about', async () => {
    render(() => <RosterImport session={session()} />);
    await pick(CSV);
    fireEvent.change(select('Full name'), { target: { value: 'skip' } });
    expect(screen.getByText(/choose which column holds the names/i)).toBeTruthy();
    expect(reviewButton().disabled).toBe(true);

    fireEvent.change(select('Full name'), { target: { value: 'name' } });
    fireEvent.change(select('Locker'), { target: { value: 'note' } });
    expect(screen.queryByText(/choose which column holds the names/i)).toBeNull();
    fireEvent.click(reviewButton());
    await screen.findByTestId('review-counts');
    expect(screen.queryByTestId('import-questions')).toBeNull();
    expect(screen.queryByTestId('questions-pending')).toBeNull();
  });
});
