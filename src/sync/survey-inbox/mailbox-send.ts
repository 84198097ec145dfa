/**
 * The respondent's side of a survey mailbox (survey-mailbox.ts): fetch the sealed definition, and
 * append one sealed answer. Each call opens its own short-lived append-only connection (the link
 * secret gives no more: no reading, no deleting, no creating).
 */
import { SyncError } from '../errors';
import { type MailboxConnectionOptions, openMailboxConnection } from '../mailbox/connection';
import { openSurveyDefinition, type SurveyMailboxKeys } from './mailbox';

/** What fetching the definition found. */
export type DefinitionFetch =
  | { kind: 'ok'; encoded: Uint8Array }
  /** The server does not hold this survey (yet): not published from an online phone, or expired. */
  | { kind: 'not-live' }
  /** The server could not be reached or failed. */
  | { kind: 'unreachable' }
  /** The blob does not open with this link (damaged link, or not this survey's blob). */
  | { kind: 'invalid' };

/** Fetches and opens the survey's definition blob (still encoded: domain `decodeSurveyDefinition`). */
export async function fetchSurveyDefinition(
  url: string,
  keys: SurveyMailboxKeys,
  opts?: MailboxConnectionOptions,
): Promise<DefinitionFetch> {
  let conn: Awaited<ReturnType<typeof openMailboxConnection>> | null = null;
  try {
    conn = await openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.appendCap }, {}, opts);
    const sealed = await conn.getBlob();
    if (!sealed) return { kind: 'not-live' };
    const encoded = await openSurveyDefinition(keys, sealed);
    return encoded ? { kind: 'ok', encoded } : { kind: 'invalid' };
  } catch (e) {
    const code = e instanceof SyncError ? e.code : null;
    if (code === 'unknown-mailbox' || code === 'not-found') return { kind: 'not-live' };
    if (code === 'forbidden') return { kind: 'invalid' };
    return { kind: 'unreachable' };
  } finally {
    conn?.close();
  }
}

/**
 * Appends one sealed entry (`sealSurveyEntry`); resolves with its seq once the server stored it.
 *
 * @throws SyncError (server code, 'mailbox-unreachable', 'mailbox-timeout', …): the caller keeps
 * the sealed entry queued and tries again.
 */
export async function appendSurveyEntry(
  url: string,
  keys: SurveyMailboxKeys,
  sealedEntry: Uint8Array,
  opts?: MailboxConnectionOptions,
): Promise<number> {
  const conn = await openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.appendCap }, {}, opts);
  try {
    return await conn.append(sealedEntry);
  } finally {
    conn.close();
  }
}
