/**
 * First run and joining, as the screens call them: set up a new campaign, set up by joining an
 * invited one, restore a backup, or join a campaign while unlocked. The session code loads on the
 * first call (through the loader), so the first screen a new user sees does not wait for it.
 * Each operation resolves to an outcome instead of throwing: on success the app moves on by itself
 * (the phase changes); on failure the screen shows the code.
 */
import type { Invite } from './invites';
import { loadUnlocked } from './load-unlocked';
import { MIN_PASSPHRASE_LENGTH } from './strength';

/** How an operation ended: the app has moved on, or the error's code to show. */
export type SetupOutcome = { ok: true } | { ok: false; code: string };

/** Longest device name kept. */
export const MAX_DEVICE_NAME = 60;

/** A device name as typed, as it is stored: trimmed, at most {@link MAX_DEVICE_NAME} characters. */
export function cleanDeviceName(typed: string): string {
  return typed.trim().slice(0, MAX_DEVICE_NAME);
}

async function outcome(run: () => Promise<unknown>): Promise<SetupOutcome> {
  try {
    await run();
    return { ok: true };
  } catch (err) {
    return { ok: false, code: (err as { code?: string }).code ?? String(err) };
  }
}

/** First run: a new campaign under a new passphrase. */
export function setupCampaign(input: { passphrase: string; campaignName: string }): Promise<SetupOutcome> {
  return outcome(async () =>
    (await loadUnlocked()).setup({ passphrase: input.passphrase, campaignName: input.campaignName.trim() }),
  );
}

/** First run opened from an invite: a new passphrase, then the invited campaign. */
export function setupAndJoinCampaign(input: {
  passphrase: string;
  invite: Invite;
  deviceName: string;
}): Promise<SetupOutcome> {
  return outcome(async () =>
    (await loadUnlocked()).setupAndJoin(input.passphrase, input.invite, cleanDeviceName(input.deviceName)),
  );
}

/** Joins an invited campaign while unlocked. */
export function joinInvitedCampaign(input: { invite: Invite; deviceName: string }): Promise<SetupOutcome> {
  return outcome(async () =>
    (await loadUnlocked()).joinCampaign(input.invite, cleanDeviceName(input.deviceName)),
  );
}

/** First run from a backup file (its code is 'not-a-backup' when the file is not one). */
export function restoreFromBackup(input: {
  passphrase: string;
  file: Blob;
  backupPassphrase: string;
}): Promise<SetupOutcome> {
  return outcome(async () =>
    (await loadUnlocked()).restore({
      passphrase: input.passphrase,
      file: new Uint8Array(await input.file.arrayBuffer()),
      backupPassphrase: input.backupPassphrase,
    }),
  );
}

/** Why a new passphrase is refused: too short, or the confirmation differs; null when accepted. */
export function checkNewPassphrase(
  passphrase: string,
  confirmation: string,
): 'too-short' | 'mismatch' | null {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return 'too-short';
  if (passphrase !== confirmation) return 'mismatch';
  return null;
}
