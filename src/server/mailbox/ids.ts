/**
 * Capability checks and mailbox ids (docs/mailbox.md "Keys and ids"): the server sees a capability
 * only while it checks it, and keeps only SHA-256 verifiers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isMailboxToken } from '../../wire/mailbox';

const ID_LABEL = Buffer.from('shopfloor/mailbox/id/v1', 'utf8');

/** Decodes a 43-character base64url token to its 32 bytes, or null. */
export function tokenBytes(token: unknown): Buffer | null {
  if (!isMailboxToken(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  return bytes.length === 32 ? bytes : null;
}

/** base64url SHA-256 of a capability's bytes. */
export function verifierOf(cap: Buffer): string {
  return createHash('sha256').update(cap).digest('base64url');
}

/** The mailbox id an append verifier names: base64url(SHA-256(label ‖ verifier bytes)). */
export function mailboxIdFor(appendVerifier: string): string {
  return createHash('sha256')
    .update(ID_LABEL)
    .update(Buffer.from(appendVerifier, 'base64url'))
    .digest('base64url');
}

/** Constant-time comparison of two base64url verifiers. */
export function sameVerifier(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64url');
  const y = Buffer.from(b, 'base64url');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** Day number used for retention: ms epoch / 86,400,000, floored. */
export function dayOf(ms: number): number {
  return Math.floor(ms / 86_400_000);
}
