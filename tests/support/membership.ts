/** Builders for membership-log tests: devices, a campaign with a founder, forks and merges. */
import { toBase64Url } from '../../src/crypto';
import {
  createDeviceIdentity,
  createGenesis,
  type DeviceSigner,
  issueInvite,
  joinWithInvite,
  MembershipLog,
  type MembershipView,
  type SignedOp,
  verifyLog,
} from '../../src/sync/members/log';

export const NOW = 1_800_000_000_000;
export const DAY = 86_400_000;

/** A new device identity. */
export async function newDevice(): Promise<DeviceSigner> {
  return (await createDeviceIdentity()).signer;
}

/** A stand-in envelope key (65 bytes, like an uncompressed P-256 point). */
export function ecdhKey(seed: number): Uint8Array {
  const k = new Uint8Array(65).fill(seed & 0xff);
  k[0] = 4;
  return k;
}

/** A campaign founded by a fresh device. */
export async function newCampaign(
  now = NOW,
): Promise<{ log: MembershipLog; founder: DeviceSigner; root: string }> {
  const founder = await newDevice();
  const { log } = await createGenesis(founder, {
    campaignId: 'campaign-1',
    personName: 'Founder',
    deviceName: 'phone',
    ecdhPublicKey: ecdhKey(1),
    now,
  });
  return { log, founder, root: log.root };
}

/**
 * A person `admin` invites (single use, a day to run) who joins on a new device, returned; invited
 * at NOW + 1 and joined at NOW + 2 unless told otherwise.
 */
export async function invitePerson(
  log: MembershipLog,
  admin: DeviceSigner,
  opts: {
    name: string;
    role?: 'admin' | 'member';
    deviceName?: string;
    ecdhSeed?: number;
    joinedAt?: number;
  },
): Promise<DeviceSigner> {
  const { secret } = await issueInvite(log, admin, {
    role: opts.role ?? 'member',
    expiresAt: NOW + DAY,
    singleUse: true,
    now: NOW + 1,
  });
  const device = await newDevice();
  await joinWithInvite(log, device, {
    secret,
    personName: opts.name,
    deviceName: opts.deviceName ?? 'phone',
    ecdhPublicKey: ecdhKey(opts.ecdhSeed ?? 3),
    now: opts.joinedAt ?? NOW + 2,
  });
  return device;
}

/**
 * A new phone's pairing request as it stands in the campaign doc (`membership` map, key
 * `pair:…`), well formed but with stand-in keys and proofs: enough for what carries it, not for
 * anything that checks it.
 */
export function pairingRequestStub(deviceName = 'New phone') {
  const b64 = (n: number) => toBase64Url(new Uint8Array(n).fill(n));
  return { v: 1, device: b64(32), deviceName, ecdh: b64(65), proof: b64(64), pairingProof: b64(64) };
}

/** An independent copy of a log (another device's view). */
export function fork(log: MembershipLog): MembershipLog {
  const copy = new MembershipLog(log.root);
  copy.add(...log.all());
  return copy;
}

/** The union of several logs. */
export function merge(...logs: MembershipLog[]): MembershipLog {
  const out = new MembershipLog((logs[0] as MembershipLog).root);
  for (const l of logs) out.add(...l.all());
  return out;
}

/** What a log means. */
export function viewOf(log: MembershipLog | SignedOp[], root?: string): Promise<MembershipView> {
  if (log instanceof MembershipLog) return verifyLog(log.all(), { root: log.root });
  return verifyLog(log, { root: root as string });
}

/** The refusal reason of one op in a view. */
export function reasonOf(view: MembershipView, op: SignedOp): string | undefined {
  return view.refused.find((r) => r.opHash === op.hash)?.reason;
}

/** A comparable summary of a view (everything a device acts on). */
export function summary(view: MembershipView): unknown {
  return {
    members: [...view.members.values()].sort((a, b) => (a.personId < b.personId ? -1 : 1)),
    devices: [...view.devices.keys()].sort(),
    epoch: view.epoch && {
      epoch: view.epoch.epoch,
      keyId: view.epoch.keyId,
      recipients: view.epoch.recipients,
    },
    latestEpoch: view.latestEpoch,
    rekeyNeeded: view.rekeyNeeded,
    accepted: view.accepted,
    refused: view.refused,
    removals: view.removals,
  };
}
