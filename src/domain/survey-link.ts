/**
 * The respondent link: `https://host/respond.html#<payload>[.<answer code>]`.
 *
 * Payload bytes (base64url): `version(1) ‖ inbox key (32) ‖ survey public key, raw P-256 (65) ‖
 * deflate-raw(JSON of the PublicSurvey)`. Everything is in the fragment, which browsers never send
 * to a server. Carrying the definition in the link lets the page show the survey with no organizer
 * online (the answer then waits, sealed, on the respondent's phone).
 *
 * What must stay true: the link never carries the private key, code hashes or anything about
 * people. Decoding a hostile link never throws, and a decompression bomb stops at `MAX_JSON_BYTES`.
 */
import { encodeBase64Url } from './ids';
import { normalizeAnswerCode, readPublicSurvey } from './survey-public';
import type { PublicSurvey } from './survey-types';

/** Version byte of the link payload. */
export const LINK_VERSION = 1;
/** Largest definition accepted after decompression. */
export const MAX_JSON_BYTES = 256 * 1024;
const INBOX_KEY_BYTES = 32;
const PUBLIC_KEY_BYTES = 65;

/** What a link carries. */
export interface SurveyLink {
  inboxKey: Uint8Array;
  publicKey: Uint8Array;
  survey: PublicSurvey;
  /** A single-use answer code printed into the link (normalized), if any. */
  code?: string;
}

function fromB64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, max: number) {
  const writer = stream.writable.getWriter();
  void writer.write(new Uint8Array(bytes)).catch(() => {});
  void writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new Error('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Builds the fragment (without `#`) for a published survey.
 *
 * @example
 * const url = `${origin}/respond.html#${await encodeSurveyLink({ inboxKey, publicKey, survey })}`;
 */
export async function encodeSurveyLink(link: SurveyLink): Promise<string> {
  if (link.inboxKey.length !== INBOX_KEY_BYTES || link.publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new Error('survey-link: bad key length');
  }
  const json = new TextEncoder().encode(JSON.stringify(link.survey));
  const packed = await pipe(json, new CompressionStream('deflate-raw'), MAX_JSON_BYTES * 2);
  const payload = new Uint8Array(1 + INBOX_KEY_BYTES + PUBLIC_KEY_BYTES + packed.length);
  payload[0] = LINK_VERSION;
  payload.set(link.inboxKey, 1);
  payload.set(link.publicKey, 1 + INBOX_KEY_BYTES);
  payload.set(packed, 1 + INBOX_KEY_BYTES + PUBLIC_KEY_BYTES);
  const code = link.code ? normalizeAnswerCode(link.code) : null;
  return encodeBase64Url(payload) + (code ? `.${code}` : '');
}

/** Reads a link fragment (with or without `#`); null when it is not a valid survey link. */
export async function decodeSurveyLink(fragment: string): Promise<SurveyLink | null> {
  const [payloadText = '', codeText, ...rest] = fragment.replace(/^#/, '').split('.');
  if (rest.length > 0 || payloadText.length > 16_000) return null;
  const payload = fromB64(payloadText);
  if (!payload || payload.length <= 1 + INBOX_KEY_BYTES + PUBLIC_KEY_BYTES || payload[0] !== LINK_VERSION) {
    return null;
  }
  const inboxKey = payload.slice(1, 1 + INBOX_KEY_BYTES);
  const publicKey = payload.slice(1 + INBOX_KEY_BYTES, 1 + INBOX_KEY_BYTES + PUBLIC_KEY_BYTES);
  if (publicKey[0] !== 4) return null;
  let survey: PublicSurvey | null;
  try {
    const json = await pipe(
      payload.subarray(1 + INBOX_KEY_BYTES + PUBLIC_KEY_BYTES),
      new DecompressionStream('deflate-raw'),
      MAX_JSON_BYTES,
    );
    survey = readPublicSurvey(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)));
  } catch {
    return null;
  }
  if (!survey) return null;
  const link: SurveyLink = { inboxKey, publicKey, survey };
  if (codeText !== undefined) {
    const code = normalizeAnswerCode(codeText);
    if (code === null) return null;
    link.code = code;
  }
  return link;
}
