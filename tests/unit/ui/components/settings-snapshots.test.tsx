/** The restore points screen, rendered in a DOM and used as an organizer would. */
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Session } from '../../../../src/app/session';
import { createPerson, deletePerson, initCampaign, listPeople } from '../../../../src/domain';
import type { SnapshotInfo } from '../../../../src/storage';
import { Snapshots } from '../../../../src/ui/settings/Snapshots';

const by = { by: 'dev-a' };

/** A campaign with one person, a snapshot of it, and that person deleted since. */
function world() {
  const doc = new Y.Doc();
  initCampaign(doc, { name: 'Depot', ...by });
  const made = createPerson(doc, { name: 'Ana Ruiz' }, by);
  if (!made.ok) throw new Error('createPerson');
  const snapshot = Y.encodeStateAsUpdate(doc);
  deletePerson(doc, made.value, by);
  const info: SnapshotInfo = {
    seq: 1,
    at: Date.UTC(2026, 10, 3, 9, 30),
    reason: 'daily',
    counts: { people: 1, units: 0, conversations: 0 },
    bytes: 4096,
  } as SnapshotInfo;
  let flushed = 0;
  const campaign = {
    doc,
    listSnapshots: async () => [info],
    readSnapshot: async () => snapshot,
    takeSnapshot: async () => info,
    flush: async () => {
      flushed++;
    },
  };
  const session = { campaign, deviceId: 'dev-a' } as unknown as Session;
  return { doc, session, flushed: () => flushed };
}

afterEach(cleanup);

describe('Snapshots', () => {
  it('lists the restore points and asks to confirm before restoring one', async () => {
    const w = world();
    render(() => <Snapshots session={w.session} />);
    const list = await screen.findByTestId('snapshot-list');
    expect(list.querySelectorAll('li')).toHaveLength(1);
    expect(list.textContent).toMatch(/1 people/);

    fireEvent.click(screen.getByRole('button', { name: /restore from this point/i }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toMatch(/restore the campaign as it was/i);
    expect(screen.getByTestId('restore-counts').textContent).toMatch(/1/);
    // Nothing has changed yet: the deleted person is still deleted until the restore is confirmed.
    expect(listPeople(w.doc).people).toHaveLength(0);
    expect(w.flushed()).toBe(0);

    const yes = dialog.querySelector('button.danger') as HTMLButtonElement;
    fireEvent.click(yes);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(listPeople(w.doc).people.map((p) => p.name)).toEqual(['Ana Ruiz']);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/1/));
    expect(w.flushed()).toBe(1);
  });

  it('cancelling the confirmation restores nothing', async () => {
    const w = world();
    render(() => <Snapshots session={w.session} />);
    await screen.findByTestId('snapshot-list');
    fireEvent.click(screen.getByRole('button', { name: /restore from this point/i }));
    await screen.findByRole('alertdialog');
    fireEvent.click(screen.getByRole('button', { name: /cancel/i }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(listPeople(w.doc).people).toHaveLength(0);
    expect(w.flushed()).toBe(0);
  });
});
