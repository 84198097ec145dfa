/**
 * Mailbox keys and ids (docs/mailbox.md, "Keys and ids"). A space's mailbox root `R` comes from
 * the space key under its own HKDF label; the capabilities, the seal key and the mailbox id come
 * from `R`.
 *
 * What must stay true: the labels are versioned and never edited (changing one moves every space
 * to a new, empty mailbox); the mailbox id and the signaling room name come from the space key under
 * different labels, so the server cannot link the two; the seal key never leaves the device
 * (imported non-extractable) and is never sent anywhere, only the capabilities are.
 */
import { concatBytes, hkdfSha256, toBase64Url, utf8 } from '../../crypto';
import { SyncError } from '../errors';

/** HKDF label of a campaign space's mailbox root. */
export const MAILBOX_ROOT_LABEL = 'shopfloor/mailbox/root/v1';
/** HKDF label of the append capability. */
export const APPEND_CAP_LABEL = 'shopfloor/mailbox/append-cap/v1';
/** HKDF label of the read capability. */
export const READ_CAP_LABEL = 'shopfloor/mailbox/read-cap/v1';
/** HKDF label of the AES-256-GCM key entries are sealed with. */
export const SEAL_KEY_LABEL = 'shopfloor/mailbox/seal/v1';
/** Prefix hashed with the append verifier into the mailbox id. */
export const MAILBOX_ID_PREFIX = 'shopfloor/mailbox/id/v1';

/** Everything a device needs to use one mailbox. */
export interface MailboxKeys {
  /** The mailbox id (43 base64url characters), named by its append verifier. */
  mailboxId: string;
  /** Append capability (base64url of 32 bytes), sent in `open`. */
  appendCap: string;
  /** Read capability (base64url of 32 bytes), sent in `open`. */
  readCap: string;
  /** SHA-256 of the append capability (base64url). */
  appendVerifier: string;
  /** SHA-256 of the read capability (base64url), stored by the server when the mailbox is created. */
  readVerifier: string;
  /** AES-256-GCM key for sealing entries; non-extractable, never leaves the device. */
  sealKey: CryptoKey;
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
}

/**
 * The mailbox root of a campaign space.
 *
 * @throws SyncError('invalid-space-key') when the key is not 32 bytes.
 */
export async function campaignMailboxRoot(spaceKey: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (!(spaceKey instanceof Uint8Array) || spaceKey.length !== 32) {
    throw new SyncError('invalid-space-key', { bytes: spaceKey?.length });
  }
  return hkdfSha256(spaceKey, MAILBOX_ROOT_LABEL, 32);
}

/**
 * Derives a mailbox's id, capabilities, verifiers and seal key from its 32-byte root.
 *
 * @example
 * const keys = await deriveMailboxKeys(await campaignMailboxRoot(space.key));
 */
export async function deriveMailboxKeys(root: Uint8Array): Promise<MailboxKeys> {
  if (!(root instanceof Uint8Array) || root.length !== 32) {
    throw new SyncError('invalid-space-key', { bytes: root?.length });
  }
  const [appendCap, readCap, sealRaw] = await Promise.all([
    hkdfSha256(root, APPEND_CAP_LABEL, 32),
    hkdfSha256(root, READ_CAP_LABEL, 32),
    hkdfSha256(root, SEAL_KEY_LABEL, 32),
  ]);
  const [appendVerifier, readVerifier, sealKey] = await Promise.all([
    sha256(appendCap),
    sha256(readCap),
    crypto.subtle.importKey('raw', sealRaw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']),
  ]);
  sealRaw.fill(0);
  const id = await sha256(concatBytes(utf8(MAILBOX_ID_PREFIX), appendVerifier));
  return {
    mailboxId: toBase64Url(id),
    appendCap: toBase64Url(appendCap),
    readCap: toBase64Url(readCap),
    appendVerifier: toBase64Url(appendVerifier),
    readVerifier: toBase64Url(readVerifier),
    sealKey,
  };
}
