/** The unlocked session's shape, apart from session.ts so the modules session.ts uses can name it. */
import type { SpaceMeta, SpaceStore, UnlockedVault } from '../storage';
import type { DeviceSigner } from '../sync/members/log';
import type { DeviceIdentity } from './device-keys';

export interface Session {
  vault: UnlockedVault;
  personalMeta: SpaceMeta;
  personal: SpaceStore;
  campaignMeta: SpaceMeta;
  campaign: SpaceStore;
  /** This device's id (derived from its public key): recorded as `by` on every change it makes. */
  deviceId: string;
  /** This device's key pair, for member registration and key rotation. */
  device: DeviceIdentity;
  /** This device's signing identity, for the campaign's membership log (docs/membership.md). */
  signer: DeviceSigner;
}
