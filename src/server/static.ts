/**
 * Serves the built app (`dist/`) with strict security headers on every response.
 *
 * What must stay true:
 * - Only files inside the root are ever read: `..`, encoded `..`, backslashes, NUL bytes and
 *   symlinks that leave the root are refused; dotfiles are never served.
 * - Stateless and read-only: nothing about a request is stored or logged.
 * - Every response, errors included, carries the Content-Security-Policy and the other headers
 *   from {@link securityHeaders}; the policy allows no origin but this one (plus configured
 *   signaling servers), so the app can make no third-party request.
 * - `index.html` and `sw.js` are revalidated on every load (`no-cache`) so an update reaches users;
 *   only content-hashed files under `/assets/` are cached long.
 * - Text assets are sent brotli- or gzip-compressed from the copies the build wrote beside them
 *   (precompress.ts) when the client accepts it (compression.ts), with `Vary: Accept-Encoding`, the
 *   compressed size as Content-Length and an ETag of its own per coding. A copy older than its
 *   original is ignored, so a hand-edited file is never shadowed by a stale copy.
 */
import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { ENCODING_SUFFIX, ENCODINGS, type Encoding, isCompressible, negotiateEncoding } from './compression';

/** Options for {@link contentSecurityPolicy}. */
export interface CspOptions {
  /**
   * The request's Host header (`name[:port]`). When valid, `ws://HOST` and `wss://HOST` are added
   * to `connect-src` so the same-origin signaling server is reachable in every browser.
   */
  host?: string;
  /** Extra origins the app may connect to, e.g. other signaling servers (`wss://signal.example.org`). */
  signalingOrigins?: readonly string[];
}

/** Options for {@link createStaticHandler}. */
export interface StaticOptions {
  /** Extra signaling origins allowed by the CSP `connect-src` (see {@link CspOptions}). */
  signalingOrigins?: readonly string[];
  /** Serve `index.html` for extension-less paths that match no file (default true). */
  spaFallback?: boolean;
}

/** A Node request listener. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Content types by lower-case extension; anything else is `application/octet-stream`. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
});

const HOST_RE = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
const ORIGIN_RE =
  /^(?:wss?|https?):\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:\/[^\s;,'"]*)?$/i;

/**
 * Checks that a configured signaling origin is safe to put into a CSP source list.
 *
 * @param origin - e.g. `wss://signal.example.org` or `wss://example.org/signal`.
 * @returns true when it is a ws/wss/http/https URL without spaces, quotes, commas or semicolons.
 */
export function isValidSignalingOrigin(origin: string): boolean {
  return ORIGIN_RE.test(origin);
}

/**
 * Builds the app's Content-Security-Policy. Pure, so the dev server config can reuse it.
 *
 * @param opts - The request's Host (for same-host `ws:`/`wss:`) and extra signaling origins.
 * @returns The header value.
 * @throws TypeError when a signaling origin is not a plain ws/wss/http/https origin or URL.
 */
export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const connect = ["'self'"];
  if (opts.host !== undefined && HOST_RE.test(opts.host)) {
    connect.push(`ws://${opts.host}`, `wss://${opts.host}`);
  }
  for (const origin of opts.signalingOrigins ?? []) {
    if (!isValidSignalingOrigin(origin)) throw new TypeError(`invalid signaling origin for CSP: ${origin}`);
    if (!connect.includes(origin)) connect.push(origin);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * The headers every response carries.
 *
 * @param opts - Passed to {@link contentSecurityPolicy}.
 * @returns Header name → value.
 */
export function securityHeaders(opts: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(opts),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

/** Cache-Control for a served path: long for hashed assets, revalidate for everything else. */
function cacheControl(urlPath: string): string {
  return urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

type Resolved = { kind: 'file'; path: string; stats: Stats } | { kind: 'missing' };

const within = (root: string, path: string) => path === root || path.startsWith(root + sep);

/** The precompressed copies of `path` that are regular files at least as new as the original. */
async function compressedCopies(path: string, original: Stats): Promise<Map<Encoding, Stats>> {
  const out = new Map<Encoding, Stats>();
  await Promise.all(
    ENCODINGS.map(async (coding) => {
      const copy = await stat(path + ENCODING_SUFFIX[coding]).catch(() => null);
      if (copy?.isFile() && copy.mtimeMs >= original.mtimeMs) out.set(coding, copy);
    }),
  );
  return out;
}

/** Stats `rel` under `root`, following symlinks only when they stay inside the root. */
async function lookup(root: string, rel: string): Promise<Resolved> {
  try {
    const realRoot = await realpath(root);
    const real = await realpath(resolve(realRoot, rel));
    if (!within(realRoot, real)) return { kind: 'missing' };
    const stats = await stat(real);
    return stats.isFile() ? { kind: 'file', path: real, stats } : { kind: 'missing' };
  } catch {
    return { kind: 'missing' };
  }
}

/**
 * Creates a request handler serving files from `root`.
 *
 * - GET and HEAD only (others: 405).
 * - Paths with `..` / `.` segments, backslashes, NUL or undecodable escapes: 400. Dotfiles: 404.
 * - Extension-less paths matching no file get `index.html` (client-side routes), unless disabled.
 * - Weak ETag + `If-None-Match` → 304.
 *
 * @param root - Directory to serve (default `dist`), resolved against the working directory.
 * @param opts - Signaling origins for the CSP and the SPA fallback switch.
 * @returns A request listener for `http.createServer`.
 */
export function createStaticHandler(root = 'dist', opts: StaticOptions = {}): RequestHandler {
  const rootAbs = resolve(root);
  const fallback = opts.spaFallback ?? true;
  const signalingOrigins = opts.signalingOrigins ?? [];
  // Validate configuration once, at startup, rather than on the first request.
  contentSecurityPolicy({ signalingOrigins });

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(
      securityHeaders({ host: req.headers.host, signalingOrigins }),
    )) {
      res.setHeader(name, value);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    }
    const segments = pathSegments(req.url ?? '/');
    if (segments === 400) return sendText(res, 400, 'Bad request\n');
    if (segments === 404) return sendText(res, 404, 'Not found\n');

    const rel = segments.length === 0 ? 'index.html' : segments.join('/');
    if (!within(rootAbs, resolve(rootAbs, rel))) return sendText(res, 400, 'Bad request\n');

    let urlPath = `/${rel}`;
    let found = await lookup(rootAbs, rel);
    const last = segments[segments.length - 1] ?? '';
    if (found.kind === 'missing' && fallback && extname(last) === '' && !urlPath.startsWith('/assets/')) {
      urlPath = '/index.html';
      found = await lookup(rootAbs, 'index.html');
    }
    if (found.kind === 'missing') return sendText(res, 404, 'Not found\n');
    await sendFile(req, res, found, urlPath);
  };

  return (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error\n');
      else res.destroy();
    });
  };
}

/**
 * The decoded path segments of a request URL, or the status that refuses it: 400 for a URL that
 * is not a path, undecodable escapes, NUL, backslashes, `.` or `..` segments; 404 for dotfiles.
 */
function pathSegments(url: string): string[] | 400 | 404 {
  if (!url.startsWith('/')) return 400;
  const rawPath = url.split(/[?#]/, 1)[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return 400;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return 400;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return 400;
  if (segments.some((s) => s.startsWith('.') && s !== '.well-known')) return 404;
  return segments;
}

/** Sends a found file (or its compressed copy), or 304 when the client's copy is current. */
async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  { path, stats }: { path: string; stats: Stats },
  urlPath: string,
): Promise<void> {
  const compressible = isCompressible(path);
  const copies = compressible ? await compressedCopies(path, stats) : new Map<Encoding, Stats>();
  const coding = negotiateEncoding(req.headers['accept-encoding'], [...copies.keys()]);
  const body =
    coding === 'identity'
      ? { path, stats }
      : { path: path + ENCODING_SUFFIX[coding], stats: copies.get(coding) as Stats };
  // The original's size and time identify the content; the coding tells the representations apart.
  const tag = `${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}`;
  const etag = `W/"${tag}${coding === 'identity' ? '' : `-${coding}`}"`;
  const headers: Record<string, string | number> = {
    'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl(urlPath),
    ETag: etag,
    'Last-Modified': stats.mtime.toUTCString(),
    ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
    ...(coding === 'identity' ? {} : { 'Content-Encoding': coding }),
  };
  const inm = req.headers['if-none-match'];
  if (inm?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': body.stats.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(body.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
