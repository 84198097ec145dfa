/**
 * Signed mailbox entries (docs/sync.md, "Verified authorship"). The author signs each entry's
 * plaintext (one entry = one batch of its changes, or one part of a large one; receipts too) with
 * its device signing key:
 *
 *   signed entry = u8 version (2) ‖ varUint8Array body ‖ signature (64)
 *   signature    = Ed25519(device key, 'shopfloor/mailbox-entry/v1' ‖ 0x00 ‖ context ‖ 0x00
 *                  ‖ mailboxId ‖ 0x00 ‖ body)
 *
 * where `body` is the entry as entry.ts encodes it (version 1: type, device id, message id, part
 * index and count, bytes) and `context` the campaign room id. The reader checks the signature under
 * the key the verified membership log holds for the device id inside the body.
 *
 * What must stay true: with an `Authorship`, an entry is applied as its named device's only when
 * that check passed; unsigned entries, wrong signatures and devices the log does not hold are
 * refused. Splitting never throws on hostile bytes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { concatBytes, SIGNATURE_BYTES, utf8, verifyBytes } from '../../crypto';
import type { Authorship, AuthorVerdict } from '../authorship';
import type { MailboxEntry } from './entry';

const SIGNED_VERSION = 2;
const UNSIGNED_VERSION = 1;
const LABEL = utf8('shopfloor/mailbox-entry/v1');
const ZERO = new Uint8Array([0]);
/** Bytes signing adds to an entry's plaintext (version, body length, signature). */
export const SIGNED_ENTRY_OVERHEAD = 1 + 5 + SIGNATURE_BYTES;

function signedMessage(context: string, mailboxId: string, body: Uint8Array): Uint8Array {
  return concatBytes(LABEL, ZERO, utf8(context), ZERO, utf8(mailboxId), ZERO, body);
}

/** Signs an entry's plaintext (`body`) for `mailboxId`. */
export async function signEntry(a: Authorship, mailboxId: string, body: Uint8Array): Promise<Uint8Array> {
  const signature = await a.sign(signedMessage(a.context, mailboxId, body));
  const e = encoding.createEncoder();
  encoding.writeUint8(e, SIGNED_VERSION);
  encoding.writeVarUint8Array(e, body);
  encoding.writeUint8Array(e, signature);
  return encoding.toUint8Array(e);
}

/** An opened entry's body and its signature (null: an unsigned version 1 entry); null when malformed. */
export function splitEntry(plain: Uint8Array): { body: Uint8Array; signature: Uint8Array | null } | null {
  if (plain[0] === UNSIGNED_VERSION) return { body: plain, signature: null };
  if (plain[0] !== SIGNED_VERSION) return null;
  try {
    const d = decoding.createDecoder(plain);
    decoding.readUint8(d);
    const body = decoding.readVarUint8Array(d);
    const signature = decoding.readUint8Array(d, SIGNATURE_BYTES);
    if (decoding.hasContent(d)) return null;
    return { body, signature };
  } catch {
    return null;
  }
}

/**
 * A signature check started ahead of the entry's turn (read-ahead.ts), under the key the log held
 * for its device then. Only a hint: `entryAuthor` asks the log again in turn and uses the result
 * only when the key is the same.
 */
export interface AuthorAhead {
  key: Uint8Array;
  good: Promise<boolean>;
}

/**
 * Starts checking an entry's signature under the key the log holds for its device now; null when
 * there is nothing to start (no log, unsigned, a device the log does not hold yet). Never asks
 * with the entry's update: that question may take in its pairing requests, which happens in turn.
 */
export async function authorAhead(
  a: Authorship | null | undefined,
  mailboxId: string,
  entry: MailboxEntry,
  split: { body: Uint8Array; signature: Uint8Array | null },
): Promise<AuthorAhead | null> {
  if (!a || !split.signature) return null;
  const key = await a.keyOf(entry.deviceId).catch(() => null); // asked again in turn
  if (!(key instanceof Uint8Array)) return null;
  const good = verifyBytes(key, split.signature, signedMessage(a.context, mailboxId, split.body));
  return { key, good };
}

const sameKey = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((b, i) => b === y[i]);

/**
 * Who sent an entry. Without an `Authorship` (tools and tests) the named device is taken as said,
 * unverified. With one: unsigned → 'unsigned-change'; a device the log does not hold, even counting
 * the membership ops the entry's own update writes → 'unknown-author'; a signature that does not
 * verify under the log's key → 'forged-author'; no log to ask → applied, unverified. The key is
 * always asked for here, in turn; `ahead` saves verifying again when it checked under that key.
 */
export async function entryAuthor(
  a: Authorship | null | undefined,
  mailboxId: string,
  entry: MailboxEntry,
  split: { body: Uint8Array; signature: Uint8Array | null },
  ahead: AuthorAhead | null = null,
): Promise<AuthorVerdict> {
  if (!a) return { ok: true, verified: false };
  if (!split.signature) return { ok: false, reason: 'unsigned-change' };
  let key = await a.keyOf(entry.deviceId);
  if (key === null && entry.type === 'update' && entry.count === 1)
    key = await a.keyOf(entry.deviceId, entry.bytes);
  if (key === 'no-log') return { ok: true, verified: false };
  if (key === null) return { ok: false, reason: 'unknown-author' };
  const good =
    ahead && sameKey(ahead.key, key)
      ? await ahead.good
      : await verifyBytes(key, split.signature, signedMessage(a.context, mailboxId, split.body));
  return good ? { ok: true, verified: true } : { ok: false, reason: 'forged-author' };
}
