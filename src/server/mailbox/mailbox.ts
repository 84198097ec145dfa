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
import { closeWebSocketServer, pathOf, startHeartbeat, UpgradeGate } from '../ws-upgrade';
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

/** Covered entries kept after a snapshot (at most an eighth of the quota): see store.ts `Quota`. */
const KEEP_COVERED_BYTES = 16 * 1024 * 1024;
const KEEP_COVERED_ENTRIES = 1024;

/** What {@link attachMailbox} returns. */
export interface MailboxHandle {
  readonly limits: Readonly<MailboxLimits>;
  stats(): MailboxStats;
  /** Runs the retention sweep now; resolves with the number of mailboxes deleted. */
  sweep(): Promise<number>;
  /** Stops accepting upgrades and closes every socket (1001). Does not close the store or bus. */
  close(): Promise<void>;
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
  const ctx = mailboxContext(opts, limits);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4 + MAX_HEADER_BYTES + Math.max(limits.maxEntryBytes, limits.maxBlobBytes),
  });
  const sessions = new Set<Session>();
  let closed: Promise<void> | undefined;

  wss.on('connection', (socket: WebSocket) => connectSession(ctx, sessions, socket, opts.onFrame));
  const stopHeartbeat = startHeartbeat(sessions, limits.pingIntervalMs);
  const retention = startRetention(ctx);

  const gate = new UpgradeGate(wss, limits.maxConnections, limits.maxConnectionsPerAddress, (why) =>
    ctx.log(
      why === 'connection-limit'
        ? `mailbox: refused a connection at the connection limit (${gate.slots} open)`
        : 'mailbox: refused a connection at the per-address limit',
    ),
  );
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(req.url) === path) gate.admit(req, socket, head);
  };
  server.on('upgrade', onUpgrade);

  return {
    limits: Object.freeze({ ...limits }),
    stats: () => ({
      connections: sessions.size,
      addresses: gate.addresses,
      uploads: ctx.staging.count,
      stagedBytes: ctx.staging.reservedBytes,
    }),
    sweep: () => retention.sweep(),
    close: () => {
      if (closed) return closed;
      gate.closing = true;
      stopHeartbeat();
      const sweepDone = retention.stop();
      server.off('upgrade', onUpgrade);
      for (const session of sessions) {
        session.dispose();
        session.socket.close(MailboxClose.goingAway, 'server shutting down');
      }
      const sockets = () => [...sessions].map((session) => session.socket);
      closed = closeWebSocketServer(wss, sockets, () => sessions.clear()).then(() => sweepDone);
      return closed;
    },
  };
}

/** The context every session and op of one mailbox server shares. */
function mailboxContext(opts: MailboxOptions, limits: MailboxLimits): MailboxContext {
  return {
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
    log: opts.log ?? (() => {}),
    now: opts.now ?? Date.now,
  };
}

/** Takes a new socket in as a {@link Session} of `sessions`, until it closes. */
function connectSession(
  ctx: MailboxContext,
  sessions: Set<Session>,
  socket: WebSocket,
  onFrame: MailboxOptions['onFrame'],
): void {
  const session = new Session(ctx, socket, onFrame);
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
}
