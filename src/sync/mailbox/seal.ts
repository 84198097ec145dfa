/**
 * Sealing mailbox entries, snapshot parts and blobs (docs/mailbox.md, "Sealing").
 *
 * Sealed = `iv (12) ‖ AES-256-GCM(sealKey, padded, aad)` with
 * `aad = UTF-8('shopfloor/mailbox/<kind>/v1') ‖ mailboxId`, and `padded = u32 BE length ‖
 * plaintext ‖ zeros` sized so that the sealed bytes are exactly one of the buckets (1 KiB … 1 MiB).
 *
 * What must stay true: the server sees only bucket sizes, never a plaintext length; the kind and
 * the mailbox id are authenticated, so an entry replayed as a snapshot part or into another mailbox
 * fails to open; opening never throws on hostile bytes (it returns null); a plaintext too large for
 * the largest bucket is refused here — splitting is the engine's job.
 */
import { concatBytes, randomBytes, utf8 } from '../../crypto';
import { SEALED_BUCKETS } from '../../wire/mailbox';

/** What a sealed message is; part of its additional data. */
export type SealKind = 'entry' | 'snapshot' | 'blob';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const LENGTH_BYTES = 4;
/** Bytes a sealed message adds to its plaintext before padding. */
export const SEAL_OVERHEAD_BYTES = IV_BYTES + TAG_BYTES + LENGTH_BYTES;
const LARGEST = SEALED_BUCKETS[SEALED_BUCKETS.length - 1] ?? 1048576;
/** Largest plaintext that fits one sealed message (the largest bucket). */
export const MAX_SEALED_PLAINTEXT = LARGEST - SEAL_OVERHEAD_BYTES;

/** The sealed size a plaintext of `bytes` takes, or null when it fits no bucket. */
export function sealedSizeFor(bytes: number): number | null {
  for (const b of SEALED_BUCKETS) if (bytes + SEAL_OVERHEAD_BYTES <= b) return b;
  return null;
}

function additionalData(kind: SealKind, mailboxId: string): Uint8Array<ArrayBuffer> {
  return concatBytes(utf8(`shopfloor/mailbox/${kind}/v1`), utf8(mailboxId));
}

/**
 * Seals `plaintext` for mailbox `mailboxId`, padded to a bucket.
 *
 * @throws RangeError when the plaintext exceeds {@link MAX_SEALED_PLAINTEXT}.
 * @example
 * const sealed = await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', body);
 */
export async function sealMailbox(
  sealKey: CryptoKey,
  mailboxId: string,
  kind: SealKind,
  plaintext: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const size = sealedSizeFor(plaintext.length);
  if (size === null) throw new RangeError(`mailbox message too large: ${plaintext.length}`);
  const padded = new Uint8Array(size - IV_BYTES - TAG_BYTES);
  new DataView(padded.buffer).setUint32(0, plaintext.length, false);
  padded.set(plaintext, LENGTH_BYTES);
  const iv = randomBytes(IV_BYTES);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(kind, mailboxId) },
    sealKey,
    padded,
  );
  return concatBytes(iv, new Uint8Array(ct));
}

/**
 * Opens a sealed message; null when it is not a bucket size, was changed, was sealed for another
 * kind or mailbox or key, or its padding is inconsistent.
 */
export async function openMailbox(
  sealKey: CryptoKey,
  mailboxId: string,
  kind: SealKind,
  sealed: Uint8Array,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!(sealed instanceof Uint8Array) || !SEALED_BUCKETS.includes(sealed.length)) return null;
  let padded: Uint8Array;
  try {
    padded = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: sealed.slice(0, IV_BYTES), additionalData: additionalData(kind, mailboxId) },
        sealKey,
        sealed.slice(IV_BYTES),
      ),
    );
  } catch {
    return null;
  }
  if (padded.length < LENGTH_BYTES) return null;
  const length = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0, false);
  if (length > padded.length - LENGTH_BYTES) return null;
  return padded.slice(LENGTH_BYTES, LENGTH_BYTES + length);
}
