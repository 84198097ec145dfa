/** The encrypted backup as the Settings screen makes it. */
import { exportBackup } from '../storage';
import { type Session, settingsOf } from './session';

/**
 * Builds an encrypted backup of every space under `passphrase` (the open stores as they are, after
 * a flush), and durably records when it was made. Returns the file's bytes.
 */
export async function exportBackupFile(session: Session, passphrase: string): Promise<Uint8Array> {
  const bytes = await exportBackup(session.vault, passphrase, {
    openStores: [session.personal, session.campaign],
  });
  settingsOf(session).set('lastBackupAt', Date.now());
  await session.personal.flush();
  return bytes;
}
