/** What the member list's state tells this phone: joining, removed, untrusted, refused changes, re-key, who removed whom. */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { CampaignMembership } from '../../../../src/app/membership-types';
import { setLangChoice } from '../../../../src/ui/kit/i18n';
import { MembershipPanel } from '../../../../src/ui/sharing/MembershipPanel';
import type { RotationNoticeView } from '../../../../src/ui/sharing/MembershipState';
import { ANA, BO, fakeActions, membershipAs, WORDS } from './members-fixture';

afterEach(() => {
  cleanup();
  setLangChoice('en');
});

function show(membership: CampaignMembership, rotation: RotationNoticeView | null = null, answers = {}) {
  const fake = fakeActions(answers);
  render(() => <MembershipPanel membership={membership} rotation={rotation} actions={fake.actions} />);
  return fake;
}

const noList = () => {
  expect(screen.queryByRole('heading', { name: 'Members' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Invite someone' })).toBeNull();
};

describe('membership states', () => {
  it('joining: waits for the member list, shows no members, keeps this phone’s words', () => {
    show({ ...membershipAs(BO), state: 'joining', me: null, people: [] });
    expect(screen.getByRole('status').textContent).toBe(
      'Waiting for the campaign’s member list… this phone joins once it arrives.',
    );
    noList();
    expect(screen.getByTestId('device-words').textContent).toContain(WORDS.bo.join(''));
  });

  it('removed: says who removed you and what this phone keeps, once', () => {
    show({ ...membershipAs(BO), state: 'removed', removedBy: 'Ana' }, { kind: 'removed', by: 'Ana' });
    const alerts = screen.getAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      'Ana removed you from this campaign. This phone keeps what it had and gets nothing new.',
    ]);
    noList();
  });

  it('untrusted: warns not to trust the list and shows nobody from it', () => {
    show({ ...membershipAs(BO), state: 'untrusted' });
    expect(screen.getByTestId('membership-untrusted').textContent).toContain('does not match your invite');
    expect(screen.getByRole('alert').textContent).toContain('Ask the person who invited you');
    noList();
    expect(screen.queryByText('Mallory')).toBeNull();
  });

  it('counts membership changes that were refused', () => {
    show(membershipAs(BO, { refusedOps: 3 }));
    expect(screen.getByTestId('membership-refused').textContent).toBe(
      '3 membership change(s) were refused: not signed by an admin.',
    );
  });

  it('rekeyNeeded: an admin changes the key in one tap and sees the outcome; a member sees no button', async () => {
    const { calls } = show(membershipAs(ANA, { rekeyNeeded: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Change the key now' }));
    await screen.findByText('Key changed. Only current members get new changes.');
    expect(calls).toEqual([{ action: 'rotateKey', args: [] }]);
    cleanup();

    show(membershipAs(ANA, { rekeyNeeded: true }), null, { rotateKey: { ok: false, error: 'not-ready' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change the key now' }));
    await screen.findByText(/member list is not ready/);
    cleanup();

    show(membershipAs(BO, { rekeyNeeded: true }));
    expect(screen.queryByRole('button', { name: 'Change the key now' })).toBeNull();
  });

  it('says who removed whom when this phone followed a new key', () => {
    show(membershipAs(BO), { kind: 'moved', by: 'Ana', removed: ['Mallory'] });
    expect(screen.getByTestId('rotation-notice').textContent).toBe(
      'Ana removed Mallory. The campaign moved to a new key; this phone followed.',
    );
    cleanup();
    show(membershipAs(BO), { kind: 'removed', by: null });
    expect(screen.getByTestId('rotation-notice').textContent).toContain(
      'You were removed from this campaign',
    );
  });

  it('speaks Spanish', () => {
    setLangChoice('es');
    show({ ...membershipAs(BO), state: 'removed', removedBy: 'Ana' });
    expect(screen.getByRole('alert').textContent).toBe(
      'Ana te quitó de esta campaña. Este teléfono conserva lo que tenía y no recibe nada nuevo.',
    );
    cleanup();
    show(membershipAs(BO, { refusedOps: 2 }), { kind: 'moved', by: 'Ana', removed: ['Mallory', 'Eve'] });
    expect(screen.getByTestId('rotation-notice').textContent).toContain('Ana quitó a Mallory, Eve.');
    expect(screen.getByTestId('membership-refused').textContent).toContain('no los firmó un admin');
  });
});
