/**
 * Retiring a space's mailbox after a key rotation: the old space's mailbox stops taking entries
 * and the server deletes it after its retention (docs/mailbox.md). The app calls this for the OLD
 * space key once the new space is shared, on a socket of its own.
 */
import { SyncError } from '../errors';
import { openMailboxConnection, type WebSocketCtor } from './connection';
import { campaignMailboxRoot, deriveMailboxKeys } from './keys';

/**
 * Marks the mailbox of `spaceKey` retired on every server in `urls`. Resolves with how many servers
 * confirmed; a server where the mailbox never existed counts as done.
 *
 * @example
 * await retireMailbox(oldSpace.key, [`wss://${location.host}/mailbox`]);
 */
export async function retireMailbox(
  spaceKey: Uint8Array,
  urls: readonly string[],
  opts: { WebSocketImpl?: WebSocketCtor; connectTimeoutMs?: number } = {},
): Promise<number> {
  const keys = await deriveMailboxKeys(await campaignMailboxRoot(spaceKey));
  let done = 0;
  for (const url of urls) {
    try {
      const conn = await openMailboxConnection(
        url,
        { mailboxId: keys.mailboxId, cap: keys.readCap },
        {},
        opts,
      );
      try {
        if (!conn.retired) await conn.retire();
        done++;
      } finally {
        conn.close();
      }
    } catch (e) {
      if (e instanceof SyncError && e.code === 'unknown-mailbox') done++;
    }
  }
  return done;
}
