/**
 * The survey definition as the survey mailbox holds it (sealed by the caller, docs/surveys.md):
 * what a respondent's page needs and nothing more.
 *
 * Bytes: `version (1) ‖ flags (1: bit 0 = closed) ‖ survey public key, raw P-256 (65) ‖
 * deflate-raw(JSON of the PublicSurvey)`.
 *
 * What must stay true: never the private key, the read secret, code hashes or anything about
 * people; decoding hostile bytes never throws (null), and a decompression bomb stops at
 * `MAX_JSON_BYTES`.
 */
import { MAX_JSON_BYTES, pipeBytes } from './link';
import { readPublicSurvey } from './public';
import type { PublicSurvey } from './types';

/** Version byte of an encoded definition. */
export const DEFINITION_VERSION = 1;
const PUBLIC_KEY_BYTES = 65;
const HEADER_BYTES = 2 + PUBLIC_KEY_BYTES;
const CLOSED = 1;

/** What the respondent's page gets from the mailbox. */
export interface SurveyDefinition {
  survey: PublicSurvey;
  /** Raw P-256 public key the answers are sealed to. */
  publicKey: Uint8Array;
  /** The committee closed the survey: the page shows "closed" instead of the form. */
  closed: boolean;
}

/** Encodes a definition for sealing into the mailbox blob. */
export async function encodeSurveyDefinition(def: SurveyDefinition): Promise<Uint8Array> {
  if (!(def.publicKey instanceof Uint8Array) || def.publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new Error('survey-definition: bad public key');
  }
  const json = new TextEncoder().encode(JSON.stringify(def.survey));
  const packed = await pipeBytes(json, new CompressionStream('deflate-raw'), MAX_JSON_BYTES * 2);
  const out = new Uint8Array(HEADER_BYTES + packed.length);
  out[0] = DEFINITION_VERSION;
  out[1] = def.closed ? CLOSED : 0;
  out.set(def.publicKey, 2);
  out.set(packed, HEADER_BYTES);
  return out;
}

/** Decodes a definition opened from the mailbox blob; null when it is not a valid one. */
export async function decodeSurveyDefinition(bytes: Uint8Array): Promise<SurveyDefinition | null> {
  if (!(bytes instanceof Uint8Array) || bytes.length <= HEADER_BYTES || bytes[0] !== DEFINITION_VERSION) {
    return null;
  }
  const flags = bytes[1] ?? 0;
  if ((flags & ~CLOSED) !== 0) return null;
  const publicKey = bytes.slice(2, HEADER_BYTES);
  if (publicKey[0] !== 4) return null;
  try {
    const json = await pipeBytes(
      bytes.subarray(HEADER_BYTES),
      new DecompressionStream('deflate-raw'),
      MAX_JSON_BYTES,
    );
    const survey = readPublicSurvey(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)));
    return survey ? { survey, publicKey, closed: (flags & CLOSED) !== 0 } : null;
  } catch {
    return null;
  }
}
