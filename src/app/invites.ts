/**
 * Invite links as the screens use them: reading one (first run and the join screen) and making one
 * for the active campaign (Sharing). Only the invite codec is loaded here (no Yjs, no session), so
 * first run can read the link it was opened from without waiting for the session code.
 */
import {
  createInviteLink,
  type Invite,
  type InviteErrorCode,
  type InviteResult,
  parseInvite,
} from '../sync/members/invite';
import { inviteServers, type SettingsLike } from './reach';

export type { Invite, InviteErrorCode, InviteResult };

/** The route an invite link opens. */
const JOIN_ROUTE = '#/join/';

/** Reads the invite in a join route's payload (the part after `#/join/`). */
export function readInvite(payload: string): InviteResult {
  return parseInvite(`${JOIN_ROUTE}${payload}`);
}

/** First run: the invite this page was opened from, or null when it was not opened from one. */
export function inviteInAddress(hash: string = location.hash): InviteResult | null {
  return hash.startsWith(JOIN_ROUTE) ? parseInvite(hash) : null;
}

/** What making an invite to a campaign takes. */
export interface CampaignInviteInput {
  /** The campaign: its id, key and name (a session's `campaignMeta`). */
  campaign: { id: string; key: Uint8Array; name: string };
  /** This device's settings, where the campaign's servers are kept. */
  settings: SettingsLike;
  /** The address of the app the link opens; default: this page's. */
  baseUrl?: string;
}

/** An invite to a campaign: the link (shown as a QR code and as text). */
export interface CampaignInvite {
  link: string;
}

/**
 * An invite to the campaign. It carries where the campaign's mailbox is, so a new phone can catch
 * up alone. The link is a secret: whoever holds it can read and write the campaign.
 */
export function createCampaignInvite(input: CampaignInviteInput): CampaignInvite {
  const { campaign } = input;
  const baseUrl = input.baseUrl ?? `${location.origin}${location.pathname}`;
  const link = createInviteLink(baseUrl, {
    spaceId: campaign.id,
    spaceKey: campaign.key,
    name: campaign.name,
    servers: inviteServers(input.settings, campaign.id),
  });
  return { link };
}
