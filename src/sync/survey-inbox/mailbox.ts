/**
 * Survey mailboxes: how respondents (who hold only the 16-byte link secret S) and organizers (who
 * also hold the survey's read secret) reach one survey's mailbox on the server (docs/surveys.md,
 * docs/mailbox.md).
 *
 * Keys: root = HKDF-SHA256(S, "shopfloor/survey-mailbox/root/v1", 32); `deriveMailboxKeys(root)`
 * gives the mailbox id, the append capability and the seal key. The read capability is NOT taken
 * from the root (anyone with the link could derive it): it is the survey's random 32-byte read
 * secret, kept in the campaign record only, and its SHA-256 is the read verifier given when the
 * mailbox is created. The definition is the mailbox blob, sealed with the seal key (kind 'blob').
 *
 * Entry plaintext (inside the mailbox seal, kind 'entry'): `0x01 ‖ response id (16 raw bytes) ‖
 * sealed response` — the response sealed to the survey public key (crypto/ecdh.ts) exactly as
 * before. The random id makes collecting idempotent: an entry read twice (a crash between storing
 * and deleting it) is a duplicate the second time.
 *
 * What must stay true: nothing here identifies a respondent; the link secret alone can append
 * and fetch the definition, never read, delete or replace anything.
 */
import { concatBytes, fromBase64Url, hkdfSha256, toBase64Url } from '../../crypto';
import { LINK_SECRET_BYTES } from '../../domain/survey/link';
import { SURVEY_LIMITS } from '../../domain/survey/types';
import { SyncError } from '../errors';
import { deriveMailboxKeys } from '../mailbox/keys';
import { openMailbox, sealMailbox } from '../mailbox/seal';
import { pageSocketUrl } from '../server-urls';

/** HKDF label turning a survey's link secret into its mailbox root. */
export const SURVEY_MAILBOX_ROOT_LABEL = 'shopfloor/survey-mailbox/root/v1';
/** Version byte of an entry's plaintext. */
export const SURVEY_ENTRY_VERSION = 1;
const ID_BYTES = 16;

/** What a link holder can do with a survey mailbox. */
export interface SurveyMailboxKeys {
  mailboxId: string;
  appendCap: string;
  /** AES-256-GCM key of entries and of the definition blob (non-extractable). */
  sealKey: CryptoKey;
}

/** What the organizers add: the read capability and its verifier. */
export interface SurveyReaderKeys extends SurveyMailboxKeys {
  readCap: string;
  readVerifier: string;
}

/**
 * The mailbox keys a respondent derives from the link secret.
 *
 * @throws SyncError('invalid-space-key') when the secret is not 16 bytes.
 */
export async function surveyMailboxKeys(linkSecret: Uint8Array): Promise<SurveyMailboxKeys> {
  if (!(linkSecret instanceof Uint8Array) || linkSecret.length !== LINK_SECRET_BYTES) {
    throw new SyncError('invalid-space-key', { bytes: linkSecret?.length });
  }
  const keys = await deriveMailboxKeys(await hkdfSha256(linkSecret, SURVEY_MAILBOX_ROOT_LABEL, 32));
  // keys.readCap is derived from the link secret and therefore never used: see the header.
  return { mailboxId: keys.mailboxId, appendCap: keys.appendCap, sealKey: keys.sealKey };
}

/**
 * The organizers' keys: the link-derived ones plus the read capability from the read secret.
 *
 * @throws SyncError('invalid-space-key') on a bad secret length.
 */
export async function surveyReaderKeys(
  linkSecret: Uint8Array,
  readSecret: Uint8Array,
): Promise<SurveyReaderKeys> {
  if (!(readSecret instanceof Uint8Array) || readSecret.length !== 32) {
    throw new SyncError('invalid-space-key', { bytes: readSecret?.length });
  }
  const base = await surveyMailboxKeys(linkSecret);
  const verifier = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(readSecret)));
  return { ...base, readCap: toBase64Url(readSecret), readVerifier: toBase64Url(verifier) };
}

/** Seals one response for the mailbox (padded to a bucket by the mailbox seal). */
export async function sealSurveyEntry(
  keys: SurveyMailboxKeys,
  response: { id: string; sealed: Uint8Array },
): Promise<Uint8Array> {
  const id = fromBase64Url(response.id);
  if (id.length !== ID_BYTES) throw new SyncError('invalid-space-key', { bytes: id.length });
  const plain = concatBytes(new Uint8Array([SURVEY_ENTRY_VERSION]), id, response.sealed);
  return sealMailbox(keys.sealKey, keys.mailboxId, 'entry', plain);
}

/** Opens one mailbox entry; null for anything that is not a well-formed response entry. */
export async function openSurveyEntry(
  keys: SurveyMailboxKeys,
  sealed: Uint8Array,
): Promise<{ id: string; sealed: Uint8Array } | null> {
  const plain = await openMailbox(keys.sealKey, keys.mailboxId, 'entry', sealed);
  if (!plain || plain.length <= 1 + ID_BYTES || plain[0] !== SURVEY_ENTRY_VERSION) return null;
  const response = plain.slice(1 + ID_BYTES);
  if (response.length > SURVEY_LIMITS.sealedBytes) return null;
  return { id: toBase64Url(plain.subarray(1, 1 + ID_BYTES)), sealed: response };
}

/** Seals an encoded definition (domain `encodeSurveyDefinition`) as the mailbox blob. */
export function sealSurveyDefinition(keys: SurveyMailboxKeys, encoded: Uint8Array): Promise<Uint8Array> {
  return sealMailbox(keys.sealKey, keys.mailboxId, 'blob', encoded);
}

/** Opens the mailbox blob; null when it was not sealed for this survey. */
export function openSurveyDefinition(
  keys: SurveyMailboxKeys,
  sealed: Uint8Array,
): Promise<Uint8Array | null> {
  return openMailbox(keys.sealKey, keys.mailboxId, 'blob', sealed);
}

/** The mailbox WebSocket URL of the server that served this page. */
export function mailboxUrl(loc: { protocol: string; host: string } = location): string {
  return pageSocketUrl('mailbox', loc);
}
