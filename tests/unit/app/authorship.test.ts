/**
 * The app's side of verified authorship (src/app/authorship.ts): the key a device id is checked
 * against comes from the verified membership log only. Real sessions over fake-indexeddb, docs
 * carried by hand; a forged author (a member signing entries under another member's device id, a
 * removed member, a device that never joined) is refused end to end through the mailbox receiver.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { campaignActivity } from '../../../src/app/activity';
import { campaignAuthorship } from '../../../src/app/authorship';
import { rekeyCampaign } from '../../../src/app/membership';
import { ensureMembership } from '../../../src/app/membership-store';
import type { Session } from '../../../src/app/session';
import { toBase64Url } from '../../../src/crypto';
import type { RejectReason } from '../../../src/sync/errors';
import { encodeUpdateEntries } from '../../../src/sync/mailbox/entry';
import { signEntry } from '../../../src/sync/mailbox/entry-sign';
import { deriveMailboxKeys } from '../../../src/sync/mailbox/keys';
import { MailboxReceiver } from '../../../src/sync/mailbox/receive';
import { sealMailbox } from '../../../src/sync/mailbox/seal';
import type { GuardVerdict } from '../../../src/sync/wire/decode-guard';
import { createPeerOrigin, isPeerOrigin, type PeerOrigin } from '../../../src/sync/wire/origin';
import { pairingRequestStub } from '../../support/membership';
import { carry, inviteLink, joinSession, memberSession } from '../../support/sessions';
import { testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('authorship-app');

/** A device opened with an invite link of `admin`'s; its join is signed but not carried back. */
const invited = async (admin: Session, name: string) =>
  joinSession(newDb(), admin, name, { link: await inviteLink(admin) });

async function committee() {
  const ana = await memberSession(newDb(), 'Ana', { membership: true });
  const bea = await invited(ana, 'Bea');
  carry(bea, ana);
  const mal = await invited(ana, 'Mal');
  carry(mal, ana);
  for (const s of [bea, mal]) carry(ana, s);
  return { ana, bea, mal };
}

const hex = (b: Uint8Array | null | string) => (typeof b === 'string' || b === null ? b : toBase64Url(b));

/** `reader`'s mailbox receiver, checking authors with the app's authorship. */
async function receiverOf(reader: Session) {
  const keys = deriveMailboxKeys(new Uint8Array(32).fill(4));
  const rejected: RejectReason[] = [];
  const origins: PeerOrigin[] = [];
  reader.campaign.doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (isPeerOrigin(tr.origin)) origins.push(tr.origin);
  });
  const receiver = new MailboxReceiver(
    {
      doc: reader.campaign.doc,
      deviceId: reader.deviceId,
      keys,
      authorship: campaignAuthorship(reader).authorship,
      check: async () => ({ ok: true }) as GuardVerdict,
      reject: (r) => rejected.push(r),
      seen: () => {},
      appliedOthers: () => {},
    },
    0,
  );
  const k = await keys;
  /** An entry `writer` signs with its own key, naming `named` (its own id unless forged). */
  const entry = async (writer: Session, update: Uint8Array, named = writer.deviceId) =>
    sealMailbox(
      k.sealKey,
      k.mailboxId,
      'entry',
      await signEntry(
        campaignAuthorship(writer).authorship,
        k.mailboxId,
        encodeUpdateEntries(named, update)[0] as Uint8Array,
      ),
    );
  return { receiver, rejected, origins, entry };
}

function change(key: string): Uint8Array {
  const d = new Y.Doc();
  d.getMap('people').set(key, 'v');
  return Y.encodeStateAsUpdate(d);
}

describe('verified authorship in the app', () => {
  it('attributes a peer change in the activity log only to a proven sender', () => {
    const doc = new Y.Doc();
    const activity = campaignActivity(() => 'this-device-0123456789');
    const claimed = createPeerOrigin('peer-1');
    claimed.deviceId = 'claimed-device-0123456789';
    const proven = createPeerOrigin('peer-2');
    proven.deviceId = 'proven-device-0123456789';
    proven.verified = true;
    const by = (origin: unknown) => {
      let author: unknown;
      doc.once('afterTransaction', (tr: Y.Transaction) => {
        author = activity.attribute(tr.origin, tr);
      });
      doc.transact(() => doc.getMap('people').set(String(Math.random()), 'v'), origin);
      return author as { kind: string; deviceId?: string };
    };
    expect(by(claimed)).toMatchObject({ kind: 'peer' });
    expect(by(claimed).deviceId).toBeUndefined();
    expect(by(proven)).toMatchObject({ kind: 'peer', deviceId: 'proven-device-0123456789' });
  });

  it('checks a device id against the signing key the verified log holds, and nothing else', async () => {
    const { ana, bea, mal } = await committee();
    const a = campaignAuthorship(bea).authorship;
    expect(a.context).toBe(bea.campaignMeta.id);
    expect(hex(await a.keyOf(ana.deviceId))).toBe(hex(ana.signer.publicKey));
    expect(hex(await a.keyOf(mal.deviceId))).toBe(hex(mal.signer.publicKey));
    expect(await a.keyOf('ZZZZZZZZZZZZZZZZZZZZZZ')).toBeNull();
  });

  it('refuses a member signing as another, a removed member and a stranger; applies honest members', async () => {
    const { ana, bea, mal } = await committee();
    const stranger = await memberSession(newDb(), 'Eve', { membership: true });
    const { receiver, rejected, origins, entry } = await receiverOf(bea);
    receiver.entry(1, await entry(ana, change('by-ana')));
    receiver.entry(2, await entry(mal, change('mal-as-ana'), ana.deviceId));
    receiver.entry(3, await entry(stranger, change('by-eve')));
    await receiver.settled;
    const people = bea.campaign.doc.getMap('people');
    expect(people.get('by-ana')).toBe('v');
    expect(people.has('mal-as-ana')).toBe(false);
    expect(people.has('by-eve')).toBe(false);
    expect(rejected).toEqual(['forged-author', 'unknown-author']);
    expect(origins.map((o) => [o.deviceId, o.verified])).toEqual([[ana.deviceId, true]]);

    // Ana removes Mal; once Bea's log holds the removal, Mal's entries are refused.
    receiver.entry(4, await entry(mal, change('mal-before')));
    await receiver.settled;
    expect(people.get('mal-before')).toBe('v');
    const r = await rekeyCampaign(
      ana,
      (await ensureMembership(ana)).view?.devices.get(mal.signer.deviceId)?.personId ?? '',
    );
    if (!r.ok) throw new Error(r.error);
    carry(ana, bea);
    receiver.entry(5, await entry(mal, change('mal-after')));
    await receiver.settled;
    expect(people.has('mal-after')).toBe(false);
    expect(rejected.at(-1)).toBe('unknown-author');
  });

  it('refuses a new phone not added yet, but takes its pairing request into the doc', async () => {
    const { bea } = await committee();
    const phone = await memberSession(newDb(), 'New phone', { membership: true });
    const { receiver, rejected, entry } = await receiverOf(bea);
    const request = pairingRequestStub();
    const d = new Y.Doc();
    d.getMap('membership').set('pair:0123456789abcdefghij', request);
    d.getMap('people').set('early', 'v');
    receiver.entry(1, await entry(phone, Y.encodeStateAsUpdate(d)));
    await receiver.settled;
    expect(rejected).toEqual(['unknown-author']);
    expect(bea.campaign.doc.getMap('people').has('early')).toBe(false);
    expect(bea.campaign.doc.getMap('membership').get('pair:0123456789abcdefghij')).toEqual(request);
  });

  it('accepts a joiner whose first entry carries its own join, before the log holds it', async () => {
    const { ana, bea, mal } = await committee();
    const cy = await invited(ana, 'Cy'); // Cy's join is in Cy's doc only
    const a = campaignAuthorship(bea).authorship;
    expect(await a.keyOf(cy.deviceId)).toBeNull();
    const { receiver, rejected, origins, entry } = await receiverOf(bea);
    // Cy's first push: the doc's difference from Bea's, with its join and a change of its own.
    cy.campaign.doc.getMap('people').set('by-cy', 'v');
    const diff = Y.encodeStateAsUpdate(cy.campaign.doc, Y.encodeStateVector(bea.campaign.doc));
    // Carrying Cy's join does not let Mal write as Cy: the join names Cy's key, not hers.
    receiver.entry(1, await entry(mal, diff, cy.deviceId));
    receiver.entry(2, await entry(cy, diff));
    await receiver.settled;
    expect(rejected).toEqual(['forged-author']);
    expect(bea.campaign.doc.getMap('people').get('by-cy')).toBe('v');
    expect(origins.map((o) => [o.deviceId, o.verified])).toEqual([[cy.deviceId, true]]);
    expect(hex(await a.keyOf(cy.deviceId))).toBe(hex(cy.signer.publicKey));
  });
});
