/**
 * Verified authorship for a campaign's sync (docs/sync.md, "Verified authorship"): this device
 * signs its mailbox entries with its signing key, and an entry from another device is applied as
 * that device's only when its signature verifies under the key the campaign's verified membership
 * log holds for it. The sync layer asks `keyOf(deviceId)` with the device's sync id (its ECDH id,
 * the one activity and undo use); the log maps it to the device's signing key.
 *
 * What must stay true: `keyOf` answers only from the verified log (verifyLog against this device's
 * root), never from what a member record or an entry claims; a removed device has no key. The
 * answer is remembered until the doc's membership map changes.
 */
import type * as Y from 'yjs';
import { fromBase64Url, signBytes } from '../crypto';
import { readCampaignMeta } from '../domain';
import type { Authorship } from '../sync/authorship';
import {
  activityIdOf,
  docLogEntries,
  MEMBERSHIP_COLLECTION,
  membershipEntriesInUpdate,
} from '../sync/members/campaign-log';
import { MEMBERS_ORIGIN } from '../sync/members/devices';
import { MembershipLog, readSignedOp, type SignedOp } from '../sync/members/log';
import { adoptPairingRequests } from '../sync/members/pairing';
import { creatorRoot, readLocalMembership, verifiedView } from './membership-store';
import { type Session, settingsOf } from './session';

type Keys = { ops: ReadonlySet<string>; keys: Map<string, Uint8Array> } | 'no-log';

/** The campaign's authorship for its sync session; `stop` ends watching the membership map. */
export function campaignAuthorship(session: Session): { authorship: Authorship; stop(): void } {
  const map: Y.Map<unknown> = session.campaign.doc.getMap(MEMBERSHIP_COLLECTION);
  let known: Promise<Keys> | null = null;
  const drop = () => {
    known = null;
  };
  map.observe(drop);
  const current = () => {
    known ??= knownKeys(session, []);
    return known;
  };
  const authorship: Authorship = {
    context: session.campaignMeta.id,
    sign: (message) => signBytes(session.signer.privateKey, message),
    async keyOf(deviceId, update) {
      const now = await current();
      if (now === 'no-log' && !update) return 'no-log';
      const key = now === 'no-log' ? undefined : now.keys.get(deviceId);
      if (key || !update) return key ?? null;
      // Not in the log: the change may carry the ops that put its author in (a joiner's join), or
      // a new phone's pairing request, which the device that paired it must see to add it. The
      // request is taken into the doc (a claim, checked by that device) though the change is not.
      const entries = membershipEntriesInUpdate(update);
      adoptPairingRequests(session.campaign.doc, entries.pairs, MEMBERS_ORIGIN);
      const carried = await decodeOps(entries.ops);
      if (carried.length === 0 || (now !== 'no-log' && carried.every((o) => now.ops.has(o.hash)))) {
        return now === 'no-log' ? 'no-log' : null;
      }
      const withCarried = await knownKeys(session, carried);
      if (withCarried === 'no-log') return 'no-log';
      return withCarried.keys.get(deviceId) ?? null;
    },
  };
  return { authorship, stop: () => map.unobserve(drop) };
}

async function decodeOps(bytes: readonly (Uint8Array | null)[]): Promise<SignedOp[]> {
  const out: SignedOp[] = [];
  for (const b of bytes) {
    if (!b) continue;
    try {
      out.push(await readSignedOp(b));
    } catch {
      // not an op: the log would refuse it too
    }
  }
  return out;
}

function safeBytes(text: string): Uint8Array | null {
  try {
    return fromBase64Url(text);
  } catch {
    return null;
  }
}

/**
 * The signing key of every device the verified log holds, by sync id, from the doc's ops, this
 * device's own copy and `extra`; 'no-log' when this device has no root or the genesis is missing.
 * This device always knows its own key (its entries read back after a relaunch are its own).
 */
async function knownKeys(session: Session, extra: readonly SignedOp[]): Promise<Keys> {
  const doc = session.campaign.doc;
  const rec = readLocalMembership(settingsOf(session), session.campaignMeta.id);
  const fromDoc = await docLogEntries(doc);
  const ops = new Map<string, SignedOp>();
  for (const op of [...(await decodeOps([...fromDoc.ops, ...rec.ops.map(safeBytes)])), ...extra]) {
    ops.set(op.hash, op);
  }
  const root = rec.root ?? (await creatorRoot([...ops.values()], readCampaignMeta(doc).createdBy));
  if (!root || !ops.has(root)) return 'no-log';
  const log = new MembershipLog(root);
  for (const op of ops.values()) await log.receive(op);
  const view = await verifiedView(log);
  const keys = new Map<string, Uint8Array>();
  for (const d of view.devices.values()) keys.set(await activityIdOf(d.ecdhPublicKey), d.publicKey);
  if (!keys.has(session.deviceId)) keys.set(session.deviceId, session.signer.publicKey);
  return { ops: new Set(ops.keys()), keys };
}
