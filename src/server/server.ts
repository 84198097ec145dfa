/**
 * One HTTP server on one origin: the built app (static.ts) and y-webrtc signaling (signaling.ts).
 *
 * What must stay true:
 * - Stateless: no storage, no sessions, no cookies; a restart loses nothing, and several instances
 *   can run side by side.
 * - Nothing about a request or message is logged: no payloads, topic names, paths or addresses.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachSignaling, type SignalingHandle, type SignalingLimits } from './signaling';
import { createStaticHandler, securityHeaders } from './static';

/** Options for {@link startServer}; every signaling limit may be given too (see {@link SignalingLimits}). */
export interface ServerOptions extends Partial<SignalingLimits> {
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
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787/`. */
  url: string;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  /** The signaling handle, for counts. */
  signaling: SignalingHandle;
  /** The underlying HTTP server. */
  http: Server;
  /** Closes signaling sockets and the HTTP server (keep-alive connections included). */
  close(): Promise<void>;
}

/** Formats `host:port` for a URL, bracketing IPv6 literals. */
export function formatUrl(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${h}:${port}/`;
}

/**
 * Starts the app + signaling server in-process.
 *
 * Routes: WebSocket upgrades on `/signal` and `/` → signaling; `GET /healthz` → `ok`;
 * plain `GET /signal` → 426; everything else → static files from `root` (404 when not built).
 *
 * @param opts - Port, host, root, CSP signaling origins and signaling limits.
 * @returns The bound URL and port, and `close()`.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const { port = 8787, host = '127.0.0.1', root = 'dist', signalingOrigins, onFrame, log, ...limits } = opts;
  const serveStatic = createStaticHandler(root, signalingOrigins ? { signalingOrigins } : {});

  const server = createServer((req, res) => {
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
  });
  // Requests Node's parser rejects (bad request line, oversized headers, timeouts) still get the
  // security headers; nothing about them is logged.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
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
  });
  // Slowloris and idle keep-alive bounds; upgraded WebSockets are not affected.
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;

  const signaling = attachSignaling(server, {
    ...limits,
    ...(onFrame ? { onFrame } : {}),
    ...(log ? { log } : {}),
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await signaling.close();
    throw err;
  }

  const bound = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: formatUrl(host, bound),
    port: bound,
    signaling,
    http: server,
    close: () => {
      closed ??= (async () => {
        const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await signaling.close();
        server.closeAllConnections();
        await httpClosed;
      })();
      return closed;
    },
  };
}
