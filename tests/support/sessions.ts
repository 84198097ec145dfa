/** Real app sessions over fake-indexeddb for membership tests, their campaign docs carried by hand. */
import * as Y from 'yjs';
import { createMemberInvite } from '../../src/app/membership';
import { ensureMembership, rememberInviteMembership } from '../../src/app/membership-store';
import { DEFAULT_INVITE } from '../../src/app/membership-types';
import { type Session, settingsOf, setupDevice } from '../../src/app/session';
import type { ShopfloorDb } from '../../src/storage/db';
import { registerMember } from '../../src/sync/members/devices';
import { parseInvite } from '../../src/sync/members/invite';
import { FAST } from './test-dbs';

/** The base URL test invites are made for. */
export const INVITE_BASE = 'https://shopfloor.example/';

type Join = { spaceId: string; spaceKey: Uint8Array };

/** A device set up on `db` under `name`: joined to `join`, or founding the campaign "Depot 9". */
async function openDevice(db: ShopfloorDb, name: string, join?: Join): Promise<Session> {
  const s = await setupDevice(db, {
    passphrase: `${name} passphrase`,
    campaignName: 'Depot 9',
    ...(join ? { join } : {}),
    ...FAST,
  });
  settingsOf(s).set('deviceName', name);
  return s;
}

/** Writes `s`'s device record into its campaign, as a member under `name`, its client ids signed as the app does. */
async function register(s: Session, name: string): Promise<void> {
  await registerMember(s.campaign.doc, {
    deviceId: s.deviceId,
    deviceName: name,
    publicKey: s.device.publicKey,
    signer: { context: s.campaignMeta.id, publicKey: s.signer.publicKey, privateKey: s.signer.privateKey },
  });
}

/**
 * A device set up on `db` and registered as a member under `name`; without `join`, it founded the
 * campaign "Depot 9". `membership` also starts its signed membership log (the founder's genesis).
 */
export async function memberSession(
  db: ShopfloorDb,
  name: string,
  opts: { join?: Join; membership?: boolean } = {},
): Promise<Session> {
  const s = await openDevice(db, name, opts.join);
  await register(s, name);
  if (opts.membership) await ensureMembership(s);
  return s;
}

/** An invite link to `admin`'s campaign. */
export async function inviteLink(admin: Session, options = DEFAULT_INVITE): Promise<string> {
  const r = await createMemberInvite(admin, options, INVITE_BASE);
  if (!r.ok) throw new Error(r.error);
  return r.link;
}

/**
 * A new device on `db` joining the campaign `from` holds: opened with `link` (an invite or a
 * pairing link, its membership remembered), or without one with `from`'s campaign id and key;
 * `register` first writes its device record (as memberSession). It is given everything `from`
 * has, then starts its membership. Nothing goes back to `from`: `carry(s, from)` where wanted.
 */
export async function joinSession(
  db: ShopfloorDb,
  from: Session,
  name: string,
  opts: { link?: string; register?: boolean } = {},
): Promise<Session> {
  const parsed = opts.link === undefined ? null : parseInvite(opts.link);
  if (parsed && !parsed.ok) throw new Error(`not a link: ${parsed.error}`);
  const invite = parsed?.value;
  const join = invite ?? { spaceId: from.campaignMeta.id, spaceKey: from.campaignMeta.key };
  const s = await openDevice(db, name, { spaceId: join.spaceId, spaceKey: join.spaceKey });
  if (invite?.membership) rememberInviteMembership(settingsOf(s), join.spaceId, invite.membership);
  if (opts.register) await register(s, name);
  carry(from, s);
  await ensureMembership(s);
  return s;
}

/** Carries every change of `from`'s campaign into `to`'s, as sync would. */
export function carry(from: Session, to: Session): void {
  Y.applyUpdate(
    to.campaign.doc,
    Y.encodeStateAsUpdate(from.campaign.doc, Y.encodeStateVector(to.campaign.doc)),
  );
}
