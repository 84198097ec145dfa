/**
 * The blind mailbox server (docs/mailbox.md): WebSocket upgrades on `/mailbox`, one mailbox per
 * socket, over a {@link MailboxStore} and a {@link MailboxBus}.
 *
 * What must stay true:
 * - It never logs a payload, a mailbox id, a capability or a client address: counts only.
 * - Connection caps are counted from the TCP socket's own `close`, so a failed handshake or a
 *   reset releases its slot as surely as a clean close.
 * - A hostile client never crashes the server: every handler is guarded, and store errors become
 *   `unavailable` with nothing changed.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_HEADER_BYTES } from '../../wire/mailbox';
import { type RawData, type WebSocket, WebSocketServer } from '../ws';
import { MailboxClose, type MailboxContext } from './context';
import { type MailboxLimits, resolveMailboxLimits } from './limits';
import { startRetention } from './retention';
import { Session } from './session';
import { Staging } from './staging';
import type { MailboxBus, MailboxStore } from './store';

/** Options for {@link attachMailbox}. */
export interface MailboxOptions {
  store: MailboxStore;
  bus: MailboxBus;
  limits?: Partial<MailboxLimits>;
  /** Operational log lines (counts only). */
  log?: (line: string) => void;
  /** Test hook: every message received, before any check. Never wire this to a log. */
  onFrame?: (bytes: Uint8Array) => void;
  /** Clock in ms since the epoch (tests pass a fake one for retention). Default `Date.now`. */
  now?: () => number;
  /** URL path that accepts upgrades. Default `/mailbox`. */
  path?: string;
}

/** Counts describing the mailbox server's in-memory state. */
export interface MailboxStats {
  connections: number;
  addresses: number;
  uploads: number;
  stagedBytes: number;
}

/** What {@link attachMailbox} returns. */
/** Covered entries kept after a snapshot (at most an eighth of the quota): see store.ts `Quota`. */
const KEEP_COVERED_BYTES = 16 * 1024 * 1024;
const KEEP_COVERED_ENTRIES = 1024;

export interface MailboxHandle {
  readonly limits: Readonly<MailboxLimits>;
  stats(): MailboxStats;
  /** Runs the retention sweep now; resolves with the number of mailboxes deleted. */
  sweep(): Promise<number>;
  /** Stops accepting upgrades and closes every socket (1001). Does not close the store or bus. */
  close(): Promise<void>;
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}

/**
 * Attaches the mailbox to an HTTP server's `upgrade` events on `/mailbox`; other paths are left
 * to other handlers.
 *
 * @example
 * const mailbox = attachMailbox(server, { store: openLmdbStore(dir), bus: createMemoryBus() });
 */
export function attachMailbox(server: Server, opts: MailboxOptions): MailboxHandle {
  const limits = resolveMailboxLimits(opts.limits);
  const path = opts.path ?? '/mailbox';
  const log = opts.log ?? (() => {});
  const ctx: MailboxContext = {
    store: opts.store,
    bus: opts.bus,
    limits,
    quota: {
      maxBytes: limits.maxMailboxBytes,
      maxEntries: limits.maxMailboxEntries,
      // A member a few changes behind a new snapshot reads those changes, not the whole snapshot.
      keepBytes: Math.min(KEEP_COVERED_BYTES, Math.floor(limits.maxMailboxBytes / 8)),
      keepEntries: Math.min(KEEP_COVERED_ENTRIES, Math.floor(limits.maxMailboxEntries / 8)),
    },
    staging: new Staging(limits.maxStagingBytes),
    log,
    now: opts.now ?? Date.now,
  };
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4 + MAX_HEADER_BYTES + Math.max(limits.maxEntryBytes, limits.maxBlobBytes),
  });
  const sessions = new Set<Session>();
  const perAddress = new Map<string, number>();
  let slots = 0;
  let closing = false;
  let closed: Promise<void> | undefined;

  wss.on('connection', (socket: WebSocket) => {
    const session = new Session(ctx, socket, opts.onFrame);
    sessions.add(session);
    socket.on('pong', () => {
      session.alive = true;
    });
    // Errors (oversized frame, bad UTF-8, reset) are followed by 'close'; nothing to log.
    socket.on('error', () => {});
    socket.on('close', () => {
      session.dispose();
      sessions.delete(session);
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      try {
        session.receive(data, isBinary);
      } catch {
        socket.close(MailboxClose.internalError, 'internal error');
      }
    });
  });

  const heartbeat = setInterval(() => {
    for (const session of sessions) {
      if (!session.alive) {
        session.socket.terminate();
        continue;
      }
      session.alive = false;
      try {
        session.socket.ping();
      } catch {
        session.socket.terminate();
      }
    }
  }, limits.pingIntervalMs);
  heartbeat.unref();

  const retention = startRetention(ctx);

  const reject = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(req.url) !== path) return;
    socket.on('error', () => {});
    if (closing) return reject(socket, '503 Service Unavailable');
    if (slots >= limits.maxConnections) {
      log(`mailbox: refused a connection at the connection limit (${slots} open)`);
      return reject(socket, '503 Service Unavailable');
    }
    const address = req.socket.remoteAddress ?? '';
    const mine = perAddress.get(address) ?? 0;
    if (mine >= limits.maxConnectionsPerAddress) {
      log('mailbox: refused a connection at the per-address limit');
      return reject(socket, '429 Too Many Requests');
    }
    slots += 1;
    perAddress.set(address, mine + 1);
    socket.once('close', () => {
      slots -= 1;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  return {
    limits: Object.freeze({ ...limits }),
    stats: () => ({
      connections: sessions.size,
      addresses: perAddress.size,
      uploads: ctx.staging.count,
      stagedBytes: ctx.staging.reservedBytes,
    }),
    sweep: () => retention.sweep(),
    close: () => {
      if (closed) return closed;
      closing = true;
      clearInterval(heartbeat);
      const sweepDone = retention.stop();
      server.off('upgrade', onUpgrade);
      for (const session of sessions) {
        session.dispose();
        session.socket.close(MailboxClose.goingAway, 'server shutting down');
      }
      closed = new Promise<void>((resolve) => {
        // Give clients a moment to complete the closing handshake, then cut whatever is left.
        const force = setTimeout(() => {
          for (const session of sessions) session.socket.terminate();
        }, 1000);
        force.unref();
        wss.close(() => {
          clearTimeout(force);
          sessions.clear();
          void sweepDone.then(resolve);
        });
      });
      return closed;
    },
  };
}
