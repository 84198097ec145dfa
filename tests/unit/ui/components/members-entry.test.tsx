/**
 * The ways in, on the Sharing screen: open invites (admins revoke one with a tap, members only see
 * them), "Add my other phone" (a pairing link, then the phone under one's name), and what a phone
 * whose link was refused, or that waits for its pairing, is told. In English and Spanish.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { CampaignMembership, OpenInvite } from '../../../../src/app/membership-types';
import { setLangChoice } from '../../../../src/ui/kit/i18n';
import { MembershipPanel } from '../../../../src/ui/sharing/MembershipPanel';
import { ANA, BO, fakeActions, membershipAs } from './members-fixture';

afterEach(() => {
  cleanup();
  setLangChoice('en');
});

const MADE = Date.UTC(2026, 11, 1, 9, 30);
const INVITES: OpenInvite[] = [
  {
    id: 'inv-one',
    byName: 'Ana',
    madeAt: MADE,
    expiresAt: MADE + 7 * 86_400_000,
    role: 'member',
    singleUse: true,
    used: 0,
    legacy: false,
  },
  {
    id: 'inv-many',
    byName: 'Ana',
    madeAt: MADE + 60_000,
    expiresAt: MADE + 30 * 86_400_000,
    role: 'member',
    singleUse: false,
    used: 2,
    legacy: false,
  },
];

function show(membership: CampaignMembership, answers = {}) {
  const fake = fakeActions(answers);
  render(() => <MembershipPanel membership={membership} rotation={null} actions={fake.actions} />);
  return fake;
}

describe('open invites', () => {
  it('an admin sees who made each, until when, uses, and revokes one in one tap', async () => {
    const fake = show(membershipAs(ANA, { invites: INVITES }));
    const rows = screen.getByTestId('open-invites').querySelectorAll('li');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('Made by Ana');
    expect(rows[0]?.textContent).toContain('Works until');
    expect(rows[0]?.textContent).toContain('One phone only, not used yet');
    expect(rows[1]?.textContent).toContain('Any number of phones, used by 2');
    const buttons = screen.getAllByRole('button', { name: /^Revoke the invite made by Ana/ });
    expect(buttons).toHaveLength(2);
    fireEvent.click(buttons[1] as HTMLElement);
    await waitFor(() =>
      expect(screen.getByText('Invite revoked. Nobody can join with it anymore.')).toBeTruthy(),
    );
    expect(fake.calls).toEqual([{ action: 'revokeInvite', args: ['inv-many'] }]);
  });

  it('a refused revocation says why and keeps the list', async () => {
    show(membershipAs(ANA, { invites: INVITES }), { revokeInvite: { ok: false, error: 'not-admin' } });
    fireEvent.click(screen.getAllByRole('button', { name: /^Revoke/ })[0] as HTMLElement);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Only admins can do this.'));
    expect(screen.getByTestId('open-invites').querySelectorAll('li')).toHaveLength(2);
  });

  it('a member sees the open invites but no revoke button; with none open, no card', () => {
    show(membershipAs(BO, { invites: INVITES }));
    expect(screen.getByTestId('open-invites').querySelectorAll('li')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
    cleanup();
    show(membershipAs(BO));
    expect(screen.queryByTestId('open-invites')).toBeNull();
  });

  it('speaks Spanish', () => {
    setLangChoice('es');
    show(membershipAs(ANA, { invites: INVITES }));
    expect(screen.getByRole('heading', { name: 'Invitaciones abiertas' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /^Revocar la invitación creada por Ana/ })).toHaveLength(2);
    expect(screen.getByTestId('open-invites').textContent).toContain('Un solo teléfono, aún sin usar');
  });
});

describe('add my other phone', () => {
  it('makes a pairing link, then says when the other phone is under this person', async () => {
    const [m, setM] = createSignal(membershipAs(BO));
    const fake = fakeActions();
    render(() => <MembershipPanel membership={m()} rotation={null} actions={fake.actions} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add my other phone' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Pairing link') as HTMLInputElement).value).toBe(
        'https://example.test/#/join/pair',
      ),
    );
    expect(screen.getByRole('img', { name: 'Pairing code to scan with your other phone' })).toBeTruthy();
    expect(fake.calls.map((c) => c.action)).toEqual(['pairDevice']);
    const bo = m().people.find((p) => p.me);
    if (!bo) throw new Error('no Bo');
    const tablet = { id: 'd-bo2', activityId: 'a2', name: 'Bo tablet', words: ['a'], thisDevice: false };
    setM({ ...m(), people: m().people.map((p) => (p.me ? { ...p, devices: [...p.devices, tablet] } : p)) });
    await waitFor(() =>
      expect(screen.getByTestId('pair-added').textContent).toBe('Your other phone is added: Bo tablet.'),
    );
    expect(screen.queryByLabelText('Pairing link')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add another phone' }));
    await waitFor(() => expect(screen.getByLabelText('Pairing link')).toBeTruthy());
    expect(screen.queryByTestId('pair-added')).toBeNull();
    expect(fake.calls.map((c) => c.action)).toEqual(['pairDevice', 'pairDevice']);
  });

  it('says why no link was made', async () => {
    show(membershipAs(BO), { pairDevice: { ok: false, error: 'too-many-devices' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add my other phone' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'You already have 5 phones in this campaign. Remove one first.',
      ),
    );
  });

  it('is offered in Spanish too, and not before this phone is in the list', () => {
    setLangChoice('es');
    show(membershipAs(BO));
    expect(screen.getByRole('button', { name: 'Añadir mi otro teléfono' })).toBeTruthy();
    cleanup();
    show({ ...membershipAs(BO), state: 'joining', me: null, people: [] });
    expect(screen.queryByRole('button', { name: 'Añadir mi otro teléfono' })).toBeNull();
  });
});

describe('a phone whose link did not bring it in', () => {
  const joining = (patch: Partial<CampaignMembership>) => ({
    ...membershipAs(BO),
    state: 'joining' as const,
    me: null,
    people: [],
    ...patch,
  });

  it('is told the invite was revoked, expired or used, instead of waiting', () => {
    show(joining({ joinRefused: 'invite-revoked', refusedOps: 1 }));
    expect(screen.getByTestId('membership-join-refused').textContent).toContain(
      'This invite was revoked by an admin. This phone is not in the campaign.',
    );
    expect(screen.queryByTestId('membership-joining')).toBeNull();
    // Its own refused join is not reported again as "changes not signed by an admin".
    expect(screen.queryByTestId('membership-refused')).toBeNull();
    cleanup();
    show(joining({ joinRefused: 'invite-expired' }));
    expect(screen.getByRole('alert').textContent).toContain('This invite has expired.');
    cleanup();
    setLangChoice('es');
    show(joining({ joinRefused: 'invite-used' }));
    expect(screen.getByRole('alert').textContent).toContain('otro ya la usó');
  });

  it('a pairing phone waits for the other phone, or is told its link expired', () => {
    show(joining({ pairing: true }));
    expect(screen.getByTestId('membership-joining').textContent).toBe(
      'Waiting for your other phone to add this one… Keep the app open on both phones.',
    );
    cleanup();
    show(joining({ pairing: true, joinRefused: 'pairing-expired' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'This pairing link has expired. Make a new one on your other phone (Sharing → Add my other phone).',
    );
  });
});
