/**
 * The respondent link: `https://host/respond.html#<payload>[.<answer code>]`.
 *
 * Short link (version 2, every survey published since the mailbox): payload (base64url, 26
 * characters) = `0x02 ‖ link secret S (16) ‖ check (2)`, where check = the first two bytes of
 * SHA-256(UTF-8 "shopfloor/survey-link/v2" ‖ S). The page derives the survey mailbox from S and
 * fetches the sealed definition from the server (docs/surveys.md); the check tells a damaged link
 * ("this link does not work") from a survey not on the server yet ("not open yet").
 *
 * Long link (version 1, surveys published earlier, still read): `0x01 ‖ inbox key (32) ‖ survey
 * public key, raw P-256 (65) ‖ deflate-raw(JSON of the PublicSurvey)`.
 *
 * Everything is in the fragment, which browsers never send to a server.
 *
 * What must stay true: the link never carries the private key, the read secret, code hashes or
 * anything about people. Decoding a hostile link never throws, and a decompression bomb stops at
 * `MAX_JSON_BYTES`.
 */
import { encodeBase64Url } from '../ids';
import { normalizeAnswerCode, readPublicSurvey } from './public';
import type { PublicSurvey } from './types';

/** Version byte of the long (inbox) link payload. */
export const LINK_VERSION = 1;
/** Version byte of the short (mailbox) link payload. */
export const SHORT_LINK_VERSION = 2;
/** Bytes of a survey's link secret. */
export const LINK_SECRET_BYTES = 16;
/** Largest definition accepted after decompression. */
export const MAX_JSON_BYTES = 256 * 1024;
const INBOX_KEY_BYTES = 32;
const PUBLIC_KEY_BYTES = 65;
const CHECK_BYTES = 2;
const CHECK_LABEL = 'shopfloor/survey-link/v2';

/** What a long (version 1) link carries. */
export interface SurveyLink {
  inboxKey: Uint8Array;
  publicKey: Uint8Array;
  survey: PublicSurvey;
  /** A single-use answer code printed into the link (normalized), if any. */
  code?: string;
}

/** What a short (version 2) link carries. */
export interface ShortSurveyLink {
  /** The survey's 16-byte link secret. */
  secret: Uint8Array;
  /** A single-use answer code printed into the link (normalized), if any. */
  code?: string;
}

/** A decoded link of either version. */
export type AnySurveyLink = ({ version: 1 } & SurveyLink) | ({ version: 2 } & ShortSurveyLink);

async function linkCheck(secret: Uint8Array): Promise<Uint8Array> {
  const label = new TextEncoder().encode(CHECK_LABEL);
  const input = new Uint8Array(label.length + secret.length);
  input.set(label);
  input.set(secret, label.length);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input)).slice(0, CHECK_BYTES);
}

/**
 * Builds the short fragment (without `#`) from a survey's link secret.
 *
 * @example
 * const url = `${origin}/respond.html#${await encodeShortSurveyLink({ secret })}`; // ≈ 61 characters
 */
export async function encodeShortSurveyLink(link: ShortSurveyLink): Promise<string> {
  if (!(link.secret instanceof Uint8Array) || link.secret.length !== LINK_SECRET_BYTES) {
    throw new Error('survey-link: bad secret length');
  }
  const payload = new Uint8Array(1 + LINK_SECRET_BYTES + CHECK_BYTES);
  payload[0] = SHORT_LINK_VERSION;
  payload.set(link.secret, 1);
  payload.set(await linkCheck(link.secret), 1 + LINK_SECRET_BYTES);
  const code = link.code ? normalizeAnswerCode(link.code) : null;
  return encodeBase64Url(payload) + (code ? `.${code}` : '');
}

/**
 * Reads a link fragment of either version (with or without `#`); null when it is not a valid
 * survey link (wrong length, failed check, bad code, unreadable definition).
 */
export async function decodeAnySurveyLink(fragment: string): Promise<AnySurveyLink | null> {
  const text = fragment.replace(/^#/, '');
  const [payloadText = '', codeText, ...rest] = text.split('.');
  const payload = rest.length === 0 && payloadText.length < 64 ? fromB64(payloadText) : null;
  if (payload?.[0] !== SHORT_LINK_VERSION) {
    const long = await decodeSurveyLink(text);
    return long ? { version: 1, ...long } : null;
  }
  if (payload.length !== 1 + LINK_SECRET_BYTES + CHECK_BYTES) return null;
  const secret = payload.slice(1, 1 + LINK_SECRET_BYTES);
  const check = await linkCheck(secret);
  if (check.some((b, i) => b !== payload[1 + LINK_SECRET_BYTES + i])) return null;
  const link: { version: 2 } & ShortSurveyLink = { version: 2, secret };
  if (codeText !== undefined) {
    const code = normalizeAnswerCode(codeText);
    if (code === null) return null;
    link.code = code;
  }
  return link;
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

/**
 * Runs `bytes` through a (de)compression stream, stopping with an error past `max` output bytes
 * (a decompression bomb stops there).
 */
export async function pipeBytes(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  max: number,
): Promise<Uint8Array> {
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
 * Builds the long (version 1) fragment (without `#`); kept for tests of earlier links.
 *
 * @example
 * const url = `${origin}/respond.html#${await encodeSurveyLink({ inboxKey, publicKey, survey })}`;
 */
export async function encodeSurveyLink(link: SurveyLink): Promise<string> {
  if (link.inboxKey.length !== INBOX_KEY_BYTES || link.publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new Error('survey-link: bad key length');
  }
  const json = new TextEncoder().encode(JSON.stringify(link.survey));
  const packed = await pipeBytes(json, new CompressionStream('deflate-raw'), MAX_JSON_BYTES * 2);
  const payload = new Uint8Array(1 + INBOX_KEY_BYTES + PUBLIC_KEY_BYTES + packed.length);
  payload[0] = LINK_VERSION;
  payload.set(link.inboxKey, 1);
  payload.set(link.publicKey, 1 + INBOX_KEY_BYTES);
  payload.set(packed, 1 + INBOX_KEY_BYTES + PUBLIC_KEY_BYTES);
  const code = link.code ? normalizeAnswerCode(link.code) : null;
  return encodeBase64Url(payload) + (code ? `.${code}` : '');
}

/** Reads a long (version 1) link fragment (with or without `#`); null when it is not one. */
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
    const json = await pipeBytes(
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
