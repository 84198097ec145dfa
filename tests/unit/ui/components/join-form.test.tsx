/** The unlocked join screen: a malformed or damaged invite says so plainly; a good one asks for a name. */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCampaignInvite } from '../../../../src/app/invites';
import type { Session } from '../../../../src/app/session';
import { Join } from '../../../../src/ui/sharing/Join';

function fakeSession(deviceName?: string): Session {
  const personal = new Y.Doc();
  if (deviceName) personal.getMap('settings').set('deviceName', deviceName);
  return { personal: { doc: personal } } as unknown as Session;
}

const payloadOf = (link: string) => link.slice(link.indexOf('#/join/') + '#/join/'.length);

const goodPayload = payloadOf(
  createCampaignInvite({
    campaign: { id: 'campaign-id-0123456789', key: new Uint8Array(32).fill(3), name: 'Warehouse 9' },
    settings: new Map<string, unknown>(),
    baseUrl: 'https://example.test/',
  }).link,
);

afterEach(cleanup);

describe('Join', () => {
  it('a malformed invite shows a clear message and no form', () => {
    render(() => <Join session={fakeSession()} payload="not a real invite!" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/^This invite link is not valid \(\w[\w-]*\)\. Ask for the code/);
    expect(screen.queryByRole('button', { name: 'Join campaign' })).toBeNull();
  });

  it('a truncated invite names the problem', () => {
    render(() => <Join session={fakeSession()} payload={goodPayload.slice(0, 20)} />);
    expect(screen.getByRole('alert').textContent).toContain('(truncated)');
  });

  it('a good invite names the campaign, prefills the saved name and asks for one when blank', () => {
    render(() => <Join session={fakeSession('Ana’s phone')} payload={goodPayload} />);
    expect(screen.getByText(/You were invited to join “Warehouse 9”/)).toBeTruthy();
    const name = screen.getByLabelText('Name for this device') as HTMLInputElement;
    expect(name.value).toBe('Ana’s phone');
    expect(name.getAttribute('aria-describedby')).toBe('join-device-help');
    fireEvent.input(name, { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join campaign' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter a name.');
  });
});
