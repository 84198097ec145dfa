/** Real app sessions over fake-indexeddb for membership tests, their campaign docs carried by hand. */
import * as Y from 'yjs';
import { ensureMembership } from '../../src/app/membership-store';
import { type Session, settingsOf, setupDevice } from '../../src/app/session';
import type { ShopfloorDb } from '../../src/storage/db';
import { registerMember } from '../../src/sync/members/devices';
import { FAST } from './test-dbs';

/**
 * A device set up on `db` and registered as a member under `name`; without `join`, it founded the
 * campaign "Depot 9". `membership` also starts its signed membership log (the founder's genesis).
 */
export async function memberSession(
  db: ShopfloorDb,
  name: string,
  opts: { join?: { spaceId: string; spaceKey: Uint8Array }; membership?: boolean } = {},
): Promise<Session> {
  const s = await setupDevice(db, {
    passphrase: `${name} passphrase`,
    campaignName: 'Depot 9',
    ...(opts.join ? { join: opts.join } : {}),
    ...FAST,
  });
  settingsOf(s).set('deviceName', name);
  await registerMember(s.campaign.doc, {
    deviceId: s.deviceId,
    deviceName: name,
    publicKey: s.device.publicKey,
  });
  if (opts.membership) await ensureMembership(s);
  return s;
}

/** Carries every change of `from`'s campaign into `to`'s, as sync would. */
export function carry(from: Session, to: Session): void {
  Y.applyUpdate(
    to.campaign.doc,
    Y.encodeStateAsUpdate(from.campaign.doc, Y.encodeStateVector(to.campaign.doc)),
  );
}
