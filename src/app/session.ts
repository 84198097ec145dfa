/**
 * The unlocked session: the vault's master key (non-extractable, in memory only), the personal
 * space (never synced) and the active campaign space. Locking drops every reference so the key
 * can be collected; nothing here is written anywhere but through the encrypted stores.
 */
import * as Y from 'yjs';
import { initCampaign } from '../domain';
import {
  createSpace,
  createVault,
  getSpace,
  importBackup,
  listSpaces,
  readBackup,
  type ShopfloorDb,
  SpaceStore,
  StorageError,
  type UnlockedVault,
  unlockVault,
} from '../storage';

export interface SetupInput {
  passphrase: string;
  campaignName: string;
  /** PBKDF2 iterations; only tests lower it. */
  iterations?: number;
  /** Join an invited campaign instead of creating one (its content arrives by sync). */
  join?: { spaceId: string; spaceKey: Uint8Array };
}

import { encodeStateAsUpdates } from '../sync/wire/state-split';
import { campaignActivity } from './activity';
import { loadDeviceIdentity, loadDeviceSigner } from './device-keys';
import { type HomeView, type HomeViewKeeper, keepHomeView, primeHome, readHomeView } from './home-view';
import type { Session } from './session-types';

export type { Session } from './session-types';

/**
 * Size of one part of a stored base: applying one takes well under 100 ms on a phone, so loading
 * a big campaign never holds the main thread long (space-store-load.ts).
 */
export const BASE_PART_BYTES = 128 * 1024;

/** A space's base is stored in parts of {@link BASE_PART_BYTES}, in dependency order. */
export const splitState = (doc: Y.Doc) => encodeStateAsUpdates(doc, undefined, BASE_PART_BYTES);

/** Each open campaign store's home view keeper (home-view.ts). */
const viewKeepers = new WeakMap<SpaceStore, HomeViewKeeper>();

/**
 * A campaign's store keeps the attributed activity log and local snapshots, its base in parts,
 * and its home view current.
 */
async function openCampaignStore(
  db: ShopfloorDb,
  vault: UnlockedVault,
  meta: { id: string; name: string },
  deviceId: string,
) {
  const store = await SpaceStore.open(db, vault.cipher, meta.id, {
    activity: campaignActivity(() => deviceId),
    splitState,
  });
  viewKeepers.set(store, keepHomeView(store, vault.cipher, meta.name));
  return store;
}

/** Stores the campaign's home view as the store left it (after its last write), then stops keeping it. */
async function settleView(store: SpaceStore): Promise<void> {
  const keeper = viewKeepers.get(store);
  if (!keeper) return;
  await keeper.flush().catch(() => {});
  keeper.stop();
}

export function settingsOf(session: Session): Y.Map<unknown> {
  return session.personal.doc.getMap('settings');
}

/** First run: creates the vault, the personal space and the first campaign, durably. */
export async function setupDevice(db: ShopfloorDb, input: SetupInput): Promise<Session> {
  const vault = await createVault(db, input.passphrase, { iterations: input.iterations });
  const personalMeta = await createSpace(vault, { kind: 'personal', name: 'personal' });
  const campaignMeta = await createSpace(vault, {
    kind: 'campaign',
    name: input.campaignName,
    ...(input.join ? { id: input.join.spaceId, key: input.join.spaceKey } : {}),
  });
  const personal = await SpaceStore.open(db, vault.cipher, personalMeta.id);
  const settings = personal.doc.getMap('settings');
  const device = await loadDeviceIdentity(settings);
  const signer = await loadDeviceSigner(settings);
  const campaign = await openCampaignStore(db, vault, campaignMeta, device.deviceId);
  personal.doc.transact(() => {
    settings.set('activeCampaign', campaignMeta.id);
    settings.set('setupAt', Date.now());
  });
  if (!input.join) {
    const created = initCampaign(campaign.doc, { name: input.campaignName, by: device.deviceId });
    if (!created.ok) throw new Error(created.error.code);
  }
  await Promise.all([personal.flush(), campaign.flush()]);
  return { vault, personalMeta, personal, campaignMeta, campaign, deviceId: device.deviceId, device, signer };
}

/**
 * First run from a backup: the backup is opened first (a wrong passphrase or damaged file fails
 * before anything is written), then the vault is created and every space restored.
 */
export async function restoreDevice(
  db: ShopfloorDb,
  input: { passphrase: string; file: Uint8Array; backupPassphrase: string; iterations?: number },
): Promise<Session> {
  await readBackup(input.file, input.backupPassphrase);
  const vault = await createVault(db, input.passphrase, { iterations: input.iterations });
  await importBackup(vault, input.file, input.backupPassphrase, { splitState });
  return openSession(db, vault);
}

/**
 * Unlocks and loads the personal space and the active campaign. `onView` gets the campaign's home
 * view as soon as it is read, when it is current (home-view.ts), before the campaign is loaded.
 */
export async function unlockDevice(
  db: ShopfloorDb,
  passphrase: string,
  onView?: (view: HomeView) => void,
): Promise<Session> {
  return openSession(db, await unlockVault(db, passphrase), onView);
}

async function openSession(
  db: ShopfloorDb,
  vault: UnlockedVault,
  onView?: (view: HomeView) => void,
): Promise<Session> {
  const { spaces } = await listSpaces(vault);
  const personalMeta = spaces.find((s) => s.kind === 'personal');
  if (!personalMeta) throw new StorageError('corrupt-vault', { reason: 'no personal space' });
  const personal = await SpaceStore.open(db, vault.cipher, personalMeta.id);
  const settings = personal.doc.getMap('settings');
  const active = settings.get('activeCampaign');
  const campaigns = spaces.filter((s) => s.kind === 'campaign');
  const campaignMeta = campaigns.find((s) => s.id === active) ?? campaigns[0];
  if (!campaignMeta) throw new StorageError('corrupt-vault', { reason: 'no campaign' });
  if (onView) {
    const view = await readHomeView(db, vault.cipher, campaignMeta.id);
    if (view) onView(view);
  }
  const device = await loadDeviceIdentity(settings);
  const signer = await loadDeviceSigner(settings);
  const campaign = await openCampaignStore(db, vault, campaignMeta, device.deviceId);
  // What home derives from, parsed in slices while the view shows (no task parses it all at once).
  await primeHome(campaign.doc, personal.doc, campaignMeta.name);
  return { vault, personalMeta, personal, campaignMeta, campaign, deviceId: device.deviceId, device, signer };
}

/**
 * Makes `spaceId` the active campaign: opens its store (applying `initialState` when given, e.g.
 * the forked state of a rotated space) and returns the new session. The old campaign store is
 * returned too so the caller can keep it syncing or close it.
 */
export async function openCampaign(
  session: Session,
  spaceId: string,
  initialState?: Uint8Array,
): Promise<Session> {
  const campaignMeta = await getSpace(session.vault, spaceId);
  const campaign = await openCampaignStore(session.vault.db, session.vault, campaignMeta, session.deviceId);
  if (initialState) Y.applyUpdate(campaign.doc, initialState, 'fork');
  settingsOf(session).set('activeCampaign', spaceId);
  await Promise.all([campaign.flush(), session.personal.flush()]);
  return { ...session, campaignMeta, campaign };
}

/** Writes what is pending and drops the stores; the caller forgets the session. */
export async function closeSession(session: Session): Promise<void> {
  await Promise.all([session.personal.close(), session.campaign.close()]);
  await settleView(session.campaign);
  session.personal.doc.destroy();
  session.campaign.doc.destroy();
}

export { Y };
