/** Sharing's invite card: shown on demand, as a QR code and a link that reads back as the campaign. */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { readInvite } from '../../../../src/app/invites';
import { InviteCard } from '../../../../src/ui/sharing/InviteCard';

const campaign = { id: 'campaign-id-0123456789', key: new Uint8Array(32).fill(9), name: 'Dock crew' };
const settings = new Map<string, unknown>();

afterEach(cleanup);

describe('InviteCard', () => {
  it('shows nothing secret until asked, then the QR code and a link to the campaign', () => {
    render(() => <InviteCard campaign={campaign} settings={settings} />);
    expect(screen.queryByLabelText('Invite link')).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    const link = (screen.getByLabelText('Invite link') as HTMLInputElement).value;
    expect(link).toMatch(/#\/join\//);
    const read = readInvite(link.slice(link.indexOf('#/join/') + '#/join/'.length));
    expect(read.ok && read.value.name).toBe('Dock crew');
    expect(read.ok && read.value.spaceId).toBe(campaign.id);
    expect(screen.getByRole('img', { name: 'Invite code to scan' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Hide invite' }));
    expect(screen.queryByLabelText('Invite link')).toBeNull();
  });
});
