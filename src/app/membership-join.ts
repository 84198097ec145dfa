/**
 * The two ways a device enters a campaign's log, as this device's side sees them
 * (docs/membership.md): joining with an invite the log still holds open, and pairing one's own new
 * phone (pairing.ts). Pure steps over the log and the doc; membership-store.ts runs them while it
 * settles the membership, and keeps what they return in this device's record.
 */
import { fromBase64Url, toBase64Url, verifyBytes } from '../crypto';
import {
  addDeviceProofMessage,
  addDeviceWithProof,
  type InviteSecret,
  type MembershipLog,
  type MembershipView,
} from '../sync/members/log';
import {
  checkPairingRequest,
  makePairingRequest,
  readPairingRequest,
  writePairingRequest,
} from '../sync/members/pairing';
import type { Session } from './session';

/** An invite or pairing secret this device holds from the link it was opened with. */
export interface HeldInvite extends InviteSecret {
  /** Pairing links: base64url of the adding device's signing key. */
  pairWith?: string;
  /** Pairing links: when the pairing stops working (ms). */
  pairUntil?: number;
}

/** A pairing this device made ("Add my other phone"): its public key and until when it works. */
export interface HeldPairing {
  id: string;
  /** base64url of the pairing key's public half. */
  key: string;
  until: number;
}

/** Why a link cannot bring a device in (the joiner is told which). */
export type JoinRefusal = 'invite-revoked' | 'invite-expired' | 'invite-used' | 'pairing-expired';

const REFUSALS = new Set<string>(['invite-revoked', 'invite-expired', 'invite-used']);
const ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Parses the held invite of a stored record (untrusted shape), or undefined. */
export function parseHeldInvite(v: unknown): HeldInvite | undefined {
  const inv = v as Partial<HeldInvite> | undefined;
  if (!inv || typeof inv.inviteId !== 'string' || typeof inv.seed !== 'string') return undefined;
  const out: HeldInvite = { inviteId: inv.inviteId, seed: inv.seed };
  if (typeof inv.pairWith === 'string' && Number.isSafeInteger(inv.pairUntil)) {
    out.pairWith = inv.pairWith;
    out.pairUntil = inv.pairUntil as number;
  }
  return out;
}

/** Parses the held pairings of a stored record (untrusted shape). */
export function parseHeldPairings(v: unknown): HeldPairing[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (p): p is HeldPairing =>
      !!p &&
      typeof p === 'object' &&
      ID.test(p.id) &&
      typeof p.key === 'string' &&
      Number.isSafeInteger(p.until),
  );
}

/** Why the log no longer lets anyone join with `inviteId` (null: open, or not arrived yet). */
export function closedInvite(view: MembershipView, inviteId: string, now: number): JoinRefusal | null {
  const invite = view.invites.find((i) => i.inviteId === inviteId);
  if (!invite) return null;
  if (invite.revoked) return 'invite-revoked';
  if (invite.expiresAt < now) return 'invite-expired';
  return invite.singleUse && invite.used > 0 ? 'invite-used' : null;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Why this device's link did not bring it in, once the log can say: its own join refused (a
 * revocation that raced it), the invite closed before it could sign, or its pairing expired.
 */
export function joinRefusal(
  session: Session,
  log: MembershipLog,
  view: MembershipView,
  invite: HeldInvite | undefined,
  now: number,
): JoinRefusal | null {
  if (!invite || view.devices.has(session.signer.deviceId)) return null;
  if (invite.pairWith) return (invite.pairUntil ?? 0) < now ? 'pairing-expired' : null;
  const mine = log.all().find((o) => o.op.kind === 'join' && same(o.op.author, session.signer.publicKey));
  if (mine) {
    const reason = view.refused.find((r) => r.opHash === mine.hash)?.reason ?? '';
    // A join that raced the revocation (or the removal of the admin who invited) is void.
    if (reason === 'voided-invite') return 'invite-revoked';
    return REFUSALS.has(reason) ? (reason as JoinRefusal) : null;
  }
  return closedInvite(view, invite.inviteId, now);
}

/**
 * The new phone's side: asks the device that made the pairing link to add it (a request in the
 * doc), unless the pairing expired. Returns whether a request is out.
 */
export async function requestPairing(
  session: Session,
  log: MembershipLog,
  invite: HeldInvite & { pairWith: string },
  deviceName: string,
): Promise<boolean> {
  if ((invite.pairUntil ?? 0) < Date.now()) return false;
  const req = await makePairingRequest({
    root: log.root,
    secret: invite,
    pairWith: fromBase64Url(invite.pairWith),
    device: session.signer,
    deviceName,
    ecdhPublicKey: fromBase64Url(session.device.publicKey),
  });
  writePairingRequest(session.campaign.doc, req);
  return true;
}

/**
 * The pairing device's side: for each pairing it made that has not expired and has a request made
 * with its key, signs `add-device` for the requesting phone. Returns the pairings still waiting
 * (answered and expired ones are dropped: a pairing works once).
 */
export async function answerPairings(
  session: Session,
  log: MembershipLog,
  pairings: readonly HeldPairing[],
  now: number,
): Promise<HeldPairing[]> {
  const waiting: HeldPairing[] = [];
  for (const p of pairings) {
    if (p.until < now) continue;
    const req = readPairingRequest(session.campaign.doc, p.id);
    const ok =
      !!req &&
      (await checkPairingRequest(req, { root: log.root, pairingKey: fromBase64Url(p.key) })) &&
      // The new device's consent names this device: checked here so a bad one never enters the log.
      (await verifyBytes(
        req.device,
        req.proof,
        addDeviceProofMessage({
          root: log.root,
          by: session.signer.publicKey,
          ecdhPublicKey: req.ecdhPublicKey,
        }),
      ));
    if (!req || !ok) {
      waiting.push(p);
      continue;
    }
    const added = log.all().some((o) => o.op.kind === 'add-device' && same(o.op.device, req.device));
    if (!added) await addDeviceWithProof(log, session.signer, req);
  }
  return waiting;
}

/** A fresh pairing's record, from its public key. */
export function heldPairing(id: string, publicKey: Uint8Array, until: number): HeldPairing {
  return { id, key: toBase64Url(publicKey), until };
}
