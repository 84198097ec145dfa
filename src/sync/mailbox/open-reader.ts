/**
 * Opening a space's mailbox to read it: with the read capability, and — when the server does not
 * know the mailbox yet (this device is the first member here) — creating it first with the append
 * capability, which names the id, and the read verifier.
 */
import { SyncError } from '../errors';
import {
  type MailboxConnection,
  type MailboxConnectionOptions,
  type MailboxHandlers,
  openMailboxConnection,
} from './connection';
import type { MailboxKeys } from './keys';

/**
 * Opens `keys`' mailbox at `url` for reading from `since`, creating it when unknown.
 *
 * @throws SyncError from the connection (server code, 'mailbox-unreachable', …)
 */
export async function openReader(
  url: string,
  keys: MailboxKeys,
  read: { since: number; window: number },
  handlers: MailboxHandlers,
  opts: MailboxConnectionOptions,
): Promise<MailboxConnection> {
  const request = { mailboxId: keys.mailboxId, cap: keys.readCap, ...read };
  try {
    return await openMailboxConnection(url, request, handlers, opts);
  } catch (e) {
    if (!(e instanceof SyncError && e.code === 'unknown-mailbox')) throw e;
    const create = {
      mailboxId: keys.mailboxId,
      cap: keys.appendCap,
      create: { readVerifier: keys.readVerifier },
    };
    (await openMailboxConnection(url, create, {}, opts)).close();
    return openMailboxConnection(url, request, handlers, opts);
  }
}
