/**
 * One HTTP server on one origin: the built app (static.ts), y-webrtc signaling (signaling.ts) and
 * the blind mailbox (mailbox/, docs/mailbox.md).
 *
 * What must stay true:
 * - Signaling and static serving are stateless. The mailbox's only state is its store: sealed
 *   bytes under opaque ids (no sessions, no cookies, no accounts).
 * - Nothing about a request or message is logged: no payloads, topic names, ids, paths or addresses.
 * - Without a data directory (tests), the mailbox lives in a fresh temporary directory that is
 *   removed on close, so nothing is ever written into the working tree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { openBackend } from './mailbox/backend';
import { createMemoryBus } from './mailbox/bus';
import type { MailboxLimits } from './mailbox/limits';
import { attachMailbox, type MailboxHandle } from './mailbox/mailbox';
import type { MailboxBus, MailboxStore } from './mailbox/store';
import { attachSignaling, type SignalingHandle, type SignalingLimits } from './signaling';
import { createStaticHandler, securityHeaders } from './static';

/** Mailbox options for {@link startServer}. */
export interface ServerMailboxOptions {
  /** Data directory (the store goes in `<dataDir>/mailbox`). Default: a temporary one, removed on close. */
  dataDir?: string;
  /** A store to use instead of opening one; closed by the server's `close()`. */
  store?: MailboxStore;
  /** A bus to use; default in-process. Closed by the server's `close()`. */
  bus?: MailboxBus;
  limits?: Partial<MailboxLimits>;
  /** Test hook: every mailbox message received, before any check. Never wire this to a log. */
  onFrame?: (bytes: Uint8Array) => void;
  /** Clock in ms since the epoch, for retention tests. */
  now?: () => number;
}

/** Options for {@link startServer}; every signaling limit may be given too (see {@link SignalingLimits}). */
export interface ServerOptions extends Partial<SignalingLimits> {
  /** The blind mailbox on `/mailbox`: on by default; `false` turns it off. */
  mailbox?: false | ServerMailboxOptions;
  /** TCP port; 0 picks a free one. Default 8787. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Directory of the built app. Default `dist`. */
  root?: string;
  /** Extra signaling origins allowed by the CSP `connect-src`. */
  signalingOrigins?: readonly string[];
  /** Test hook: every message the signaling server receives (see `SignalingOptions.onFrame`). */
  onFrame?: (raw: string) => void;
  /** Operational log lines (counts only). Default: none. */
  log?: (line: string) => void;
  /** Serve HTTPS (and so wss for signaling and the mailbox) with this PEM certificate and key. */
  tls?: { cert: string; key: string };
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787/` (`https://` with `tls`). */
  url: string;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  /** The signaling handle, for counts. */
  signaling: SignalingHandle;
  /** The mailbox handle (null when turned off). */
  mailbox: MailboxHandle | null;
  /** The underlying HTTP server. */
  http: Server;
  /** Closes signaling and mailbox sockets, the mailbox store and bus, and the HTTP server. */
  close(): Promise<void>;
}

/** Formats `host:port` for a URL, bracketing IPv6 literals. */
export function formatUrl(host: string, port: number, protocol: 'http' | 'https' = 'http'): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${protocol}://${h}:${port}/`;
}

/**
 * Starts the app + signaling server in-process.
 *
 * Routes: WebSocket upgrades on `/signal` and `/` → signaling, on `/mailbox` → the mailbox;
 * `GET /healthz` → `ok`;
 * plain `GET /signal` → 426; everything else → static files from `root` (404 when not built).
 *
 * @param opts - Port, host, root, CSP signaling origins and signaling limits.
 * @returns The bound URL and port, and `close()`.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const {
    port = 8787,
    host = '127.0.0.1',
    root = 'dist',
    signalingOrigins,
    onFrame,
    log,
    mailbox,
    tls,
    ...limits
  } = opts;
  const handler = requestHandler(root, signalingOrigins);
  // node:https's Server is node:http's with TLS underneath: same events, same upgrade handling.
  const server: Server = tls
    ? (createHttpsServer({ cert: tls.cert, key: tls.key }, handler) as unknown as Server)
    : createServer(handler);
  server.on('clientError', answerClientError);
  // Slowloris and idle keep-alive bounds; upgraded WebSockets are not affected.
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  const signaling = attachSignaling(server, {
    ...limits,
    ignorePaths: ['/mailbox'],
    ...(onFrame ? { onFrame } : {}),
    ...(log ? { log } : {}),
  });

  const box = mailbox === false ? null : await openMailbox(server, mailbox ?? {}, log);

  try {
    await listen(server, port, host);
  } catch (err) {
    await signaling.close();
    await box?.close();
    throw err;
  }

  const bound = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: formatUrl(host, bound, tls ? 'https' : 'http'),
    port: bound,
    signaling,
    mailbox: box?.handle ?? null,
    http: server,
    close: () => {
      closed ??= (async () => {
        const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all([signaling.close(), box?.close()]);
        server.closeAllConnections();
        await httpClosed;
      })();
      return closed;
    },
  };
}

/**
 * The plain HTTP routes: `/healthz` → `ok`, `GET /signal` without an upgrade → 426, everything
 * else → static files from `root`.
 */
function requestHandler(
  root: string,
  signalingOrigins: readonly string[] | undefined,
): Parameters<typeof createServer>[1] {
  const serveStatic = createStaticHandler(root, signalingOrigins ? { signalingOrigins } : {});
  return (req, res) => {
    const path = (req.url ?? '/').split(/[?#]/, 1)[0];
    if (path === '/healthz' || path === '/signal') {
      const [status, text] = path === '/healthz' ? [200, 'ok\n'] : [426, 'WebSocket upgrade required\n'];
      res.writeHead(status, {
        ...securityHeaders({ host: req.headers.host, ...(signalingOrigins ? { signalingOrigins } : {}) }),
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        ...(status === 426 ? { Upgrade: 'websocket' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    serveStatic(req, res);
  };
}

/**
 * Answers a request Node's parser rejected (bad request line, oversized headers, timeouts) with
 * the security headers; nothing about it is logged.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request';
  const headers = Object.entries({
    ...securityHeaders(),
    'Cache-Control': 'no-store',
    'Content-Length': '0',
  });
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`,
  );
}

/** Resolves once `server` listens on `host:port`; rejects with the listen error. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Opens the mailbox's backend (unless given) and attaches it; `close()` undoes all of it. */
async function openMailbox(
  server: Server,
  opts: ServerMailboxOptions,
  log: ((line: string) => void) | undefined,
): Promise<{ handle: MailboxHandle; close(): Promise<void> }> {
  let tempDir: string | null = null;
  let store = opts.store;
  let bus = opts.bus;
  if (!store) {
    if (opts.dataDir === undefined) tempDir = mkdtempSync(join(tmpdir(), 'shopfloor-mailbox-'));
    const backend = await openBackend({ dataDir: opts.dataDir ?? (tempDir as string) });
    store = backend.store;
    bus ??= backend.bus;
    if (bus !== backend.bus) await backend.bus.close();
  }
  bus ??= createMemoryBus();
  const handle = attachMailbox(server, {
    store,
    bus,
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.onFrame ? { onFrame: opts.onFrame } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(log ? { log } : {}),
  });
  const [s, b] = [store, bus];
  let closed: Promise<void> | undefined;
  return {
    handle,
    close: () => {
      closed ??= (async () => {
        await handle.close();
        await Promise.all([b.close(), s.close()]);
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
