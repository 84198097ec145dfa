/**
 * What the Sharing screen saves: this device's name, the network settings (the campaign's servers,
 * signaling, ICE) and the campaign's direct-only switch. Each write is made durable before it
 * resolves; the screen then restarts sync (`restartSync`) where the change affects it.
 */
import { setDirectOnly } from '../domain';
import { campaignServers, setCampaignServers } from './reach';
import { type Session, settingsOf } from './session';
import { cleanDeviceName } from './setup';
import { networkSettings } from './sync-state';

/** The Sharing screen's editable texts as saved: one entry a line. */
export interface SharingSettingsText {
  deviceName: string;
  /** The campaign's server base URLs. */
  servers: string;
  /** Signaling URLs. */
  signaling: string;
  /** ICE servers, `urls [username credential]` a line. */
  ice: string;
}

/** The saved settings, as the Sharing screen's fields show them. */
export function sharingSettingsText(session: Session): SharingSettingsText {
  const settings = settingsOf(session);
  const net = networkSettings(settings);
  return {
    deviceName: String(settings.get('deviceName') ?? ''),
    servers: campaignServers(settings, session.campaignMeta.id).join('\n'),
    signaling: net.signaling.join('\n'),
    ice: net.iceServers.map((s) => [s.urls, s.username, s.credential].filter(Boolean).join(' ')).join('\n'),
  };
}

/** ICE servers typed one a line (`urls [username credential]`); lines that are not stun/turn are dropped. */
export function parseIceLines(text: string): RTCIceServer[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [urls = '', username, credential] = line.split(/\s+/);
      return username ? { urls, username, credential: credential ?? '' } : { urls };
    })
    .filter((s) => /^(stun|turns?):/.test(s.urls as string));
}

/** Saves this device's name as typed; resolves to the saved name, or null (nothing saved) when blank. */
export async function saveDeviceName(session: Session, typed: string): Promise<string | null> {
  const value = cleanDeviceName(typed);
  if (!value) return null;
  settingsOf(session).set('deviceName', value);
  await session.personal.flush();
  return value;
}

/** Saves the network settings as typed; resolves to the campaign's servers as kept (one a line). */
export async function saveNetworkSettings(
  session: Session,
  typed: Pick<SharingSettingsText, 'servers' | 'signaling' | 'ice'>,
): Promise<{ servers: string }> {
  const settings = settingsOf(session);
  const spaceId = session.campaignMeta.id;
  const urls = typed.signaling
    .split('\n')
    .map((l) => l.trim())
    .filter((u) => /^wss?:\/\/\S+$/.test(u));
  settings.set('signaling', urls);
  setCampaignServers(settings, spaceId, typed.servers.split('\n'));
  const servers = campaignServers(settings, spaceId).join('\n');
  settings.set('iceServers', parseIceLines(typed.ice));
  await session.personal.flush();
  return { servers };
}

/** Turns the campaign's direct-only switch on or off; resolves to whether it was saved. */
export async function saveDirectOnly(session: Session, on: boolean): Promise<boolean> {
  const r = setDirectOnly(session.campaign.doc, on, { by: session.deviceId });
  if (!r.ok) return false;
  await session.campaign.flush();
  return true;
}
