/**
 * The security settings as the Settings screen uses them: auto-lock timing, changing the
 * passphrase, the duress passphrase, and the browser's keeping of local storage.
 */
import { changePassphrase, setDuressPassphrase } from '../storage';
import { database } from './app-state';
import { DEFAULT_GRACE_SECONDS, DEFAULT_IDLE_MINUTES } from './auto-lock';
import { type Session, settingsOf } from './session';
import { restartAutoLock } from './unlocked';

export { type PersistenceState, requestPersistence, storageEstimate } from '../storage';

/** When this device locks: after so many idle minutes, or so many seconds in the background. */
export interface AutoLockChoice {
  readonly idleMinutes: number;
  readonly graceSeconds: number;
}

/** The saved auto-lock timing, or the defaults. */
export function savedAutoLock(session: Session): AutoLockChoice {
  const settings = settingsOf(session);
  return {
    idleMinutes: Number(settings.get('lockAfterMinutes') ?? DEFAULT_IDLE_MINUTES),
    graceSeconds: Number(settings.get('lockGraceSeconds') ?? DEFAULT_GRACE_SECONDS),
  };
}

/** Saves the auto-lock timing durably and restarts the timer with it. */
export async function saveAutoLock(session: Session, choice: AutoLockChoice): Promise<void> {
  const settings = settingsOf(session);
  settings.set('lockAfterMinutes', choice.idleMinutes);
  settings.set('lockGraceSeconds', choice.graceSeconds);
  await session.personal.flush();
  restartAutoLock();
}

/**
 * Re-wraps the vault's key under a new passphrase.
 * @throws StorageError('wrong-passphrase') when `oldPassphrase` does not open the vault.
 */
export function changeVaultPassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
  return changePassphrase(database(), oldPassphrase, newPassphrase);
}

/** Sets the duress passphrase (that wipes instead of unlocking), or clears it with `null`. */
export function setDuress(passphrase: string | null): Promise<void> {
  return setDuressPassphrase(database(), passphrase);
}
