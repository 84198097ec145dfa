/** Inviting from the signed member list: admins choose role, uses and expiry before the link is made. */
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { InviteOptions } from '../../../../src/app/membership-types';
import { setLangChoice } from '../../../../src/ui/kit/i18n';
import { InviteCard } from '../../../../src/ui/sharing/InviteCard';
import type { InviteResult } from '../../../../src/ui/sharing/membership-view';

afterEach(() => {
  cleanup();
  setLangChoice('en');
});

const LINK = 'https://example.test/#/join/invite-abc';

function maker(answer: (o: InviteOptions) => Promise<InviteResult>, admin = true) {
  const asked: InviteOptions[] = [];
  render(() => (
    <InviteCard
      admin={admin}
      admins="Ana, Bo"
      onCreate={(o) => {
        asked.push(o);
        return answer(o);
      }}
    />
  ));
  return asked;
}

const checked = (name: string) => (screen.getByLabelText(name) as HTMLInputElement).checked;

describe('invite card', () => {
  it('offers the options first, defaults to one phone, a member, a week; the link shows only once made', async () => {
    let release: (r: InviteResult) => void = () => {};
    const asked = maker(() => new Promise((resolve) => (release = resolve)));
    expect(screen.queryByLabelText('Invite link')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    expect(checked('Member')).toBe(true);
    expect(checked('Works for one phone only')).toBe(true);
    expect(checked('7 day(s)')).toBe(true);
    expect(screen.queryByRole('img')).toBeNull();

    fireEvent.click(screen.getByLabelText('Admin'));
    expect(screen.getByText('Admins can remove anyone, including you.')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Works for one phone only'));
    fireEvent.click(screen.getByLabelText('30 day(s)'));
    fireEvent.click(screen.getByRole('button', { name: 'Make invite link' }));
    const waiting = screen.getByRole('button', { name: 'Making the link…' }) as HTMLButtonElement;
    expect(waiting.disabled).toBe(true);
    expect(asked).toEqual([{ role: 'admin', singleUse: false, expiresInDays: 30 }]);

    release({ ok: true, link: LINK });
    await waitFor(() => expect((screen.getByLabelText('Invite link') as HTMLInputElement).value).toBe(LINK));
    expect(screen.getByRole('img', { name: 'Invite code to scan' })).toBeTruthy();
    expect(screen.getByTestId('invite-summary').textContent).toBe(
      'Joins as: Admin. Any number of phones. Works for 30 day(s).',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Hide invite' }));
    expect(screen.queryByLabelText('Invite link')).toBeNull();
  });

  it('shows why a link was not made and keeps the choices', async () => {
    maker(async () => ({ ok: false, error: 'not-admin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    fireEvent.click(screen.getByLabelText('1 day(s)'));
    fireEvent.click(screen.getByRole('button', { name: 'Make invite link' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Only admins can do this.');
    expect(checked('1 day(s)')).toBe(true);
    expect(screen.queryByLabelText('Invite link')).toBeNull();
    cleanup();

    maker(async () => {
      throw new Error('no identity');
    });
    fireEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    fireEvent.click(screen.getByRole('button', { name: 'Make invite link' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong: no identity');
  });

  it('gives members no invite button, only who to ask', () => {
    maker(async () => ({ ok: true, link: LINK }), false);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('Only admins can invite or remove people. Ask an admin: Ana, Bo.')).toBeTruthy();
  });

  it('speaks Spanish', () => {
    setLangChoice('es');
    maker(async () => ({ ok: true, link: LINK }));
    fireEvent.click(screen.getByRole('button', { name: 'Invitar a alguien' }));
    expect(checked('Miembro')).toBe(true);
    expect(checked('Sirve para un solo teléfono')).toBe(true);
    expect(checked('7 día(s)')).toBe(true);
    expect(screen.getByRole('button', { name: 'Crear enlace de invitación' })).toBeTruthy();
  });
});
