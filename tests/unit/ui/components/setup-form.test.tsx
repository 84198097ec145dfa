/** First run's passphrase step, used as a new organizer would: typed twice, with a strength hint. */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCampaignInvite } from '../../../../src/app/invites';
import { Setup } from '../../../../src/ui/shell/Setup';

const type = (label: RegExp | string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

describe('Setup: the passphrase step', () => {
  beforeEach(() => history.replaceState(null, '', '#/'));
  afterEach(() => {
    cleanup();
    history.replaceState(null, '', '#/');
  });

  it('refuses a confirmation that differs, and moves on once both match', () => {
    render(() => <Setup />);
    type('Choose a passphrase', 'river stone lamp harbor');
    type('Type it again', 'river stone lamp harbour');
    submit();
    expect(screen.getByRole('alert').textContent).toBe('The two passphrases do not match.');
    expect(screen.queryByLabelText(/name/i)).toBeNull();

    type('Type it again', 'river stone lamp harbor');
    submit();
    expect(screen.queryByText('The two passphrases do not match.')).toBeNull();
    expect(screen.getByRole('button', { name: /create/i })).toBeTruthy();
  });

  it('refuses a passphrase shorter than 8 characters before comparing', () => {
    render(() => <Setup />);
    type('Choose a passphrase', 'short');
    type('Type it again', 'other');
    submit();
    expect(screen.getByRole('alert').textContent).toBe('Use at least 8 characters.');
  });

  it('the strength hint follows what is typed, and the field is described by it', () => {
    render(() => <Setup />);
    const pass = screen.getByLabelText('Choose a passphrase');
    expect(pass.getAttribute('aria-describedby')).toBe('setup-pass-help setup-strength');
    const hint = document.getElementById('setup-strength') as HTMLElement;
    type('Choose a passphrase', 'password');
    expect(hint.dataset.score).toBe('0');
    expect(hint.textContent).toContain('Too weak');
    type('Choose a passphrase', 'correct horse battery staple');
    expect(hint.dataset.score).toBe('4');
    expect(hint.textContent).toContain('Very strong');
  });

  it('opened from an invite, says which campaign it is for; from a damaged one, says the link is bad', () => {
    const { link } = createCampaignInvite({
      campaign: { id: 'campaign-id-0123456789', key: new Uint8Array(32).fill(7), name: 'Night shift' },
      settings: new Map<string, unknown>(),
      baseUrl: 'https://example.test/',
    });
    history.replaceState(null, '', link.slice(link.indexOf('#')));
    const first = render(() => <Setup />);
    expect(document.getElementById('invite-notice')?.textContent).toContain('Night shift');
    first.unmount();

    history.replaceState(null, '', `${link.slice(link.indexOf('#'), -6)}AAAAAA`);
    render(() => <Setup />);
    expect(document.getElementById('invite-notice')).toBeNull();
    type('Choose a passphrase', 'river stone lamp harbor');
    type('Type it again', 'river stone lamp harbor');
    submit();
    expect(screen.getByRole('alert').textContent).toMatch(
      /This invite link is not valid \(checksum-mismatch\)/,
    );
  });
});
