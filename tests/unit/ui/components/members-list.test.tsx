/** Sharing's member list from the signed log: one row per person, devices folded, admin-only controls. */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLangChoice } from '../../../../src/ui/kit/i18n';
import { MembershipPanel } from '../../../../src/ui/sharing/MembershipPanel';
import { ANA, BO, fakeActions, membershipAs, WORDS } from './members-fixture';

afterEach(() => {
  cleanup();
  setLangChoice('en');
});

function renderAs(who: typeof ANA, answers: Parameters<typeof fakeActions>[0] = {}) {
  const fake = fakeActions(answers);
  render(() => <MembershipPanel membership={membershipAs(who)} rotation={null} actions={fake.actions} />);
  return fake;
}

const row = (name: string) => {
  const li = screen
    .getAllByRole('listitem')
    .find((l) => l.matches('li.member-person') && l.textContent?.startsWith(name));
  if (!li) throw new Error(`no row for ${name}`);
  return li as HTMLElement;
};

describe('members list', () => {
  it('shows one row per person with role, who invited them, and their devices folded with safety words', () => {
    renderAs(ANA);
    expect(document.querySelectorAll('li.member-person')).toHaveLength(3);
    const ana = row('Ana');
    expect(ana.textContent).toContain('(you)');
    expect(ana.textContent).toContain('Admin');
    expect(ana.textContent).toContain('started the campaign');
    const mallory = row('Mallory');
    expect(mallory.textContent).toContain('Member');
    expect(mallory.textContent).toContain('invited by Ana');
    expect(mallory.textContent).toContain('2 device(s): Mallory phone, Mallory tablet');
    const details = mallory.querySelector('details');
    expect(details?.open).toBe(false);
    expect(within(mallory).getByText('Compare safety words').tagName).toBe('SUMMARY');
    const words = within(mallory).getByRole('list', { name: 'Safety words: Mallory tablet' });
    expect([...words.querySelectorAll('li')].map((li) => li.textContent)).toEqual([...WORDS.mallory2]);
    const links = within(mallory).getAllByRole('link', { name: /Activity: Mallory/ });
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#/activity/act-m1', '#/activity/act-m2']);
  });

  it('shows this phone’s six words with what to compare them against', () => {
    renderAs(BO);
    const card = screen.getByTestId('device-words');
    expect(within(card).getByRole('heading').textContent).toBe('This phone’s safety words');
    const words = within(card).getByRole('list');
    expect([...words.querySelectorAll('li')].map((li) => li.textContent)).toEqual([...WORDS.bo]);
    expect(card.textContent).toContain('under your name');
  });

  it('asks an admin before removing a person, naming every device, then removes them', async () => {
    const { calls } = renderAs(ANA);
    expect(within(row('Ana')).queryByRole('button')).toBeNull();
    fireEvent.click(within(row('Mallory')).getByRole('button', { name: 'Remove Mallory' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain(
      'Remove Mallory and all their devices (Mallory phone, Mallory tablet)?',
    );
    expect(dialog.textContent).toContain('key is changed, so they get nothing new');
    expect(dialog.textContent).toContain('To undo what Mallory changed, open their activity first');
    expect(
      within(dialog)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['#/activity/act-m1', '#/activity/act-m2']);
    expect(calls).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, remove' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls).toEqual([{ action: 'removePerson', args: ['p-mallory'] }]);
  });

  it('keeps the question open and says why when a removal is refused or fails', async () => {
    renderAs(ANA, { removePerson: { ok: false, error: 'offline-key' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove Bo' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));
    expect((await screen.findByRole('alert')).textContent).toContain('cannot change the key right now');
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    cleanup();

    renderAs(ANA, { removePerson: new Error('store closed') });
    fireEvent.click(screen.getByRole('button', { name: 'Remove Bo' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong: store closed');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('changes roles after a confirmation', async () => {
    const { calls } = renderAs(ANA, { setRole: { ok: false, error: 'last-admin' } });
    fireEvent.click(within(row('Bo')).getByRole('button', { name: 'Make admin' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Make Bo an admin?');
    fireEvent.click(screen.getByRole('button', { name: 'Yes' }));
    await screen.findByText(/at least one admin/);
    expect(calls).toEqual([{ action: 'setRole', args: ['p-bo', 'admin'] }]);
  });

  it('gives a member no controls and names the admins to ask instead', () => {
    renderAs(BO);
    expect(screen.queryByRole('button', { name: /Remove|Make admin|Make member|Invite/ })).toBeNull();
    expect(screen.getByTestId('admins-only').textContent).toBe(
      'Only admins can invite or remove people. Ask an admin: Ana.',
    );
    expect(row('Bo').textContent).toContain('(you)');
    expect(within(row('Bo')).getByText('(this phone)')).toBeTruthy();
  });

  it('speaks Spanish', () => {
    setLangChoice('es');
    renderAs(ANA);
    expect(within(row('Mallory')).getByRole('button', { name: 'Quitar a Mallory' })).toBeTruthy();
    expect(within(row('Mallory')).getByText('Comparar palabras de seguridad')).toBeTruthy();
    expect(row('Mallory').textContent).toContain('invitado por Ana');
    expect(screen.getByRole('heading', { name: 'Palabras de seguridad de este teléfono' })).toBeTruthy();
  });
});
