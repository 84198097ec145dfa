/**
 * Managing the ways in (docs/membership.md): admins list and revoke open invites, a revoked or
 * expired invite brings nobody in and its holder is told why, and a member pairs their own other
 * phone, which shows under them and goes when they are removed. Real sessions over fake-indexeddb,
 * their campaign docs carried by hand (what sync would carry).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { campaignMembership, rekeyCampaign } from '../../../src/app/membership';
import { createPairingLink, revokeMemberInvite } from '../../../src/app/membership-invites';
import {
  ensureMembership,
  readLocalMembership,
  rememberInviteMembership,
} from '../../../src/app/membership-store';
import { type Session, settingsOf, setupDevice } from '../../../src/app/session';
import { MEMBERSHIP_COLLECTION } from '../../../src/sync/members/campaign-log';
import { parseInvite } from '../../../src/sync/members/invite';
import { createDeviceIdentity } from '../../../src/sync/members/log';
import { makePairingRequest, PAIRING_PREFIX, writePairingRequest } from '../../../src/sync/members/pairing';
import { carry, INVITE_BASE, inviteLink, joinSession, memberSession } from '../../support/sessions';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('membership-invites');
const DAY_MS = 86_400_000;

afterEach(() => {
  vi.restoreAllMocks();
});

const founder = (name: string) => memberSession(newDb(), name, { membership: true });

/** A new phone opened with `link` (an invite or a pairing link), holding what `from` has. */
async function phone(from: Session, name: string, link: string): Promise<Session> {
  const s = await joinSession(newDb(), from, name, { link });
  carry(s, from);
  return s;
}

const inviteIdOf = (link: string) => {
  const p = parseInvite(link);
  return p.ok ? (p.value.membership?.inviteId ?? '') : '';
};

describe('open invites', () => {
  it('lists open invites with who made them; an admin revokes one and nobody joins with it anywhere', async () => {
    const ana = await founder('Ana');
    const link = await inviteLink(ana);
    const multi = await inviteLink(ana, { role: 'member', singleUse: false, expiresInDays: 30 });
    const listed = (await campaignMembership(ana)).invites;
    expect(listed.map((i) => [i.id, i.byName, i.singleUse, i.used, i.legacy])).toEqual([
      [inviteIdOf(link), 'Ana', true, 0, false],
      [inviteIdOf(multi), 'Ana', false, 0, false],
    ]);
    expect(listed[0]?.expiresAt).toBeGreaterThan(Date.now() + 6 * DAY_MS);

    expect(await revokeMemberInvite(ana, inviteIdOf(link))).toEqual({ ok: true });
    expect((await campaignMembership(ana)).invites.map((i) => i.id)).toEqual([inviteIdOf(multi)]);

    const cy = await phone(ana, 'Cy', link);
    const seen = await campaignMembership(cy);
    expect(seen.state).toBe('joining');
    expect(seen.joinRefused).toBe('invite-revoked');
    carry(cy, ana);
    expect((await campaignMembership(ana)).people.map((p) => p.name)).toEqual(['Ana']);

    // A multi-use invite stays open and counts its uses.
    const dee = await phone(ana, 'Dee', multi);
    carry(dee, ana);
    expect((await campaignMembership(dee)).state).toBe('ready');
    expect((await campaignMembership(ana)).invites.map((i) => [i.id, i.used])).toEqual([
      [inviteIdOf(multi), 1],
    ]);
    expect(await revokeMemberInvite(ana, 'AAAAAAAAAAAAAAAAAAAAAA')).toEqual({
      ok: false,
      error: 'unknown-invite',
    });
  });

  it('a join that raced the revocation is refused on every device, and its holder is told', async () => {
    const ana = await founder('Ana');
    const link = await inviteLink(ana);
    const anaBefore = Y.encodeStateAsUpdate(ana.campaign.doc);
    expect(await revokeMemberInvite(ana, inviteIdOf(link))).toEqual({ ok: true });
    // Cy got the log from before the revocation and signed a join; both then meet.
    const cy = await setupDevice(newDb(), {
      passphrase: 'Cy passphrase',
      campaignName: 'Depot 9',
      join: { spaceId: ana.campaignMeta.id, spaceKey: ana.campaignMeta.key },
      ...FAST,
    });
    settingsOf(cy).set('deviceName', 'Cy');
    const parsed = parseInvite(link);
    if (!parsed.ok || !parsed.value.membership) throw new Error('bad link');
    rememberInviteMembership(settingsOf(cy), cy.campaignMeta.id, parsed.value.membership);
    Y.applyUpdate(cy.campaign.doc, anaBefore);
    await ensureMembership(cy);
    carry(cy, ana);
    carry(ana, cy);
    expect((await campaignMembership(cy)).joinRefused).toBe('invite-revoked');
    const anaSees = await campaignMembership(ana);
    expect(anaSees.people.map((p) => p.name)).toEqual(['Ana']);
    expect(anaSees.refusedOps).toBe(1);
  });

  it('an expired invite brings nobody in: the joiner signs nothing and is told', async () => {
    const ana = await founder('Ana');
    const link = await inviteLink(ana, { role: 'member', singleUse: true, expiresInDays: 1 });
    const later = Date.now() + 2 * DAY_MS;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    expect((await campaignMembership(ana)).invites).toEqual([]);
    const cy = await phone(ana, 'Cy', link);
    expect((await campaignMembership(cy)).joinRefused).toBe('invite-expired');
    const ops = [...cy.campaign.doc.getMap(MEMBERSHIP_COLLECTION).keys()];
    expect(ops).toHaveLength(2);
  });

  it('only admins revoke', async () => {
    const ana = await founder('Ana');
    const bea = await phone(ana, 'Bea', await inviteLink(ana));
    const link = await inviteLink(ana);
    carry(ana, bea);
    expect(await revokeMemberInvite(bea, inviteIdOf(link))).toEqual({ ok: false, error: 'not-admin' });
  });
});

describe('adding one’s own other phone', () => {
  it('a pairing link adds the new phone under the same person, with its own words; removal takes both', async () => {
    const ana = await founder('Ana');
    const bea = await phone(ana, 'Bea', await inviteLink(ana));
    carry(ana, bea);
    const made = await createPairingLink(bea, INVITE_BASE);
    if (!made.ok) throw new Error(made.error);
    expect(parseInvite(made.link)).toMatchObject({
      ok: true,
      value: { membership: { pairUntil: made.until } },
    });
    expect((await campaignMembership(ana)).invites).toEqual([]);

    const tablet = await phone(bea, 'Bea tablet', made.link);
    const waiting = await campaignMembership(tablet);
    expect([waiting.state, waiting.pairing, waiting.joinRefused]).toEqual(['joining', true, null]);
    await ensureMembership(bea);
    carry(bea, tablet);
    carry(bea, ana);
    const seen = await campaignMembership(tablet);
    expect(seen.state).toBe('ready');
    const beaRow = seen.people.find((p) => p.me);
    expect(beaRow?.name).toBe('Bea');
    expect(beaRow?.devices.map((d) => [d.name, d.thisDevice])).toEqual(
      expect.arrayContaining([
        ['Bea', false],
        ['Bea tablet', true],
      ]),
    );
    const [w1, w2] = beaRow?.devices.map((d) => d.words.join(' ')) ?? [];
    expect(w1).not.toBe(w2);
    const anaSees = await campaignMembership(ana);
    expect(anaSees.people.map((p) => [p.name, p.devices.length])).toEqual([
      ['Ana', 1],
      ['Bea', 2],
    ]);
    // The pairing is used up.
    expect(readLocalMembership(settingsOf(bea), bea.campaignMeta.id).pairings).toBeUndefined();

    const beaId = anaSees.people.find((p) => p.name === 'Bea')?.personId ?? '';
    const removed = await rekeyCampaign(ana, beaId);
    expect(removed.ok).toBe(true);
    const after = await campaignMembership(ana);
    expect(after.people.map((p) => p.name)).toEqual(['Ana']);
    carry(ana, tablet);
    expect((await campaignMembership(tablet)).state).toBe('removed');
  });

  it('adds no device from a request the pairing key did not sign, nor after the pairing expired', async () => {
    const ana = await founder('Ana');
    const bea = await phone(ana, 'Bea', await inviteLink(ana));
    const mal = await phone(ana, 'Mal', await inviteLink(ana));
    carry(ana, bea);
    const made = await createPairingLink(bea, INVITE_BASE);
    if (!made.ok) throw new Error(made.error);
    const parsed = parseInvite(made.link);
    if (!parsed.ok || !parsed.value.membership) throw new Error('bad link');
    const pairingId = parsed.value.membership.inviteId;
    // Mal saw a pairing id (in a request) but not the link: he signs with a seed of his own.
    const hidden = (await createDeviceIdentity()).signer;
    const forged = await makePairingRequest({
      root: parsed.value.membership.root,
      secret: { inviteId: pairingId, seed: (await createDeviceIdentity()).stored.seed },
      pairWith: bea.signer.publicKey,
      device: hidden,
      deviceName: 'Mal spare',
      ecdhPublicKey: mal.signer.publicKey,
    });
    writePairingRequest(mal.campaign.doc, forged);
    expect(mal.campaign.doc.getMap(MEMBERSHIP_COLLECTION).has(PAIRING_PREFIX + pairingId)).toBe(true);
    carry(mal, bea);
    await ensureMembership(bea);
    expect((await campaignMembership(bea)).people.find((p) => p.name === 'Bea')?.devices).toHaveLength(1);
    expect(readLocalMembership(settingsOf(bea), bea.campaignMeta.id).pairings).toHaveLength(1);

    // The real phone comes a day and more later: the pairing has expired on both sides.
    vi.spyOn(Date, 'now').mockReturnValue(made.until + 1);
    const tablet = await phone(bea, 'Bea tablet', made.link);
    expect((await campaignMembership(tablet)).joinRefused).toBe('pairing-expired');
    await ensureMembership(bea);
    expect((await campaignMembership(bea)).people.find((p) => p.name === 'Bea')?.devices).toHaveLength(1);
    expect(readLocalMembership(settingsOf(bea), bea.campaignMeta.id).pairings).toBeUndefined();
  });
});
