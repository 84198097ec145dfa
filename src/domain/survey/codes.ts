/**
 * Single-use answer codes. The organizer generates codes, prints them or shows them as QR codes,
 * and hands them out at random; the survey keeps only their hashes. A response carries the code
 * its respondent typed (inside the sealed plaintext); when collecting, a member's device checks the
 * hash against the survey and keeps the first response per code (see `addSurveyResponse`).
 *
 * What must stay true: a code is never stored in clear in the campaign, and nothing records who got
 * which code. Codes have 50 random bits; the hash binds the survey id so one survey's codes say
 * nothing about another's.
 */
import { encodeBase64Url } from '../ids';
import { CODE_ALPHABET, CODE_LENGTH, normalizeAnswerCode } from './public';

/**
 * A new random answer code, grouped for reading: `XXXXX-XXXXX`.
 * @example newAnswerCode() // 'K7QX2-MP9DH'
 */
export function newAnswerCode(): string {
  // 32 symbols: every byte's low 5 bits are uniform.
  const bytes = new Uint8Array(CODE_LENGTH);
  globalThis.crypto.getRandomValues(bytes);
  const chars = Array.from(bytes, (b) => CODE_ALPHABET.charAt(b & 31));
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/**
 * The stored form of a code: SHA-256 over a label, the survey id and the normalized code, first 16
 * bytes, base64url. Null when `code` is not a well-formed code.
 */
export async function hashAnswerCode(surveyId: string, code: string): Promise<string | null> {
  const normalized = normalizeAnswerCode(code);
  if (normalized === null) return null;
  const data = new TextEncoder().encode(`shopfloor/answer-code/v1:${surveyId}:${normalized}`);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data));
  return encodeBase64Url(digest.subarray(0, 16));
}
