/**
 * Content negotiation for the static server's precompressed files (`<file>.br`, `<file>.gz`,
 * written at build time by precompress.ts).
 *
 * What must stay true:
 * - Only text types are ever compressed; images, fonts and archives are already compressed and
 *   gain nothing but CPU time and a larger body.
 * - `Accept-Encoding` is honoured with its q-values (RFC 9110 §12.5.3): `q=0` refuses a coding,
 *   `*` stands for every coding not named, and a missing header means identity.
 * - Pure: no I/O, so the rules are tested without a server.
 */
import { extname } from 'node:path';

/** The codings the build writes beside each text asset, in the server's order of preference. */
export const ENCODINGS = ['br', 'gzip'] as const;
/** A content coding the server can send. */
export type Encoding = (typeof ENCODINGS)[number];

/** File suffix of each coding's precompressed sibling. */
export const ENCODING_SUFFIX: Readonly<Record<Encoding, string>> = Object.freeze({ br: '.br', gzip: '.gz' });

/**
 * Extensions of text assets worth compressing. Anything else (png, webp, ico, woff2, zip…) is sent
 * as it is.
 */
export const COMPRESSIBLE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.webmanifest',
  '.svg',
  '.txt',
  '.ics',
  '.xml',
  '.csv',
  '.wasm',
]);

/** True when `path` names a text asset that is served compressed when the client accepts it. */
export function isCompressible(path: string): boolean {
  return COMPRESSIBLE_EXTENSIONS.has(extname(path).toLowerCase());
}

/** Parses `Accept-Encoding` into coding → q-value (lower-case codings; invalid q-values count as 0). */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(p);
      if (m) {
        const n = Number(m[1]);
        q = Number.isFinite(n) && n >= 0 && n <= 1 ? n : 0;
      }
    }
    out.set(name.toLowerCase(), q);
  }
  return out;
}

/**
 * Picks the coding to send.
 *
 * @param header - The request's `Accept-Encoding` (undefined when absent).
 * @param available - Codings for which a compressed copy exists.
 * @returns The best acceptable available coding (highest q, then the server's order: br before
 *   gzip), or `identity`. Identity is also the answer when the client refuses it and nothing else
 *   fits: an uncompressed body beats a 406 for a browser.
 * @example negotiateEncoding('gzip, deflate, br', ['br', 'gzip']) // 'br'
 */
export function negotiateEncoding(
  header: string | undefined,
  available: readonly Encoding[],
): Encoding | 'identity' {
  if (header === undefined || header.trim() === '') return 'identity';
  const accepted = parseAcceptEncoding(header);
  const star = accepted.get('*');
  let best: Encoding | 'identity' = 'identity';
  let bestQ = 0;
  for (const coding of ENCODINGS) {
    if (!available.includes(coding)) continue;
    // `x-gzip` is gzip's old alias (RFC 9110 §8.4.1.3).
    const q = accepted.get(coding) ?? (coding === 'gzip' ? accepted.get('x-gzip') : undefined) ?? star ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}
