/**
 * What the signaling server and the mailbox share around their WebSockets: admitting an upgrade
 * under the connection caps, the ping heartbeat, and closing every socket on shutdown.
 *
 * What must stay true:
 * - A connection's slot (in total and for its address) is given back from the TCP socket's own
 *   `close`, so a failed handshake or a reset releases it as surely as a clean close.
 * - Refused upgrades get a bare HTTP status line; nothing about the request is logged here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AddressSlots } from './signaling-budget';
import type { WebSocket, WebSocketServer } from './ws';

/** The URL's path, without its query string. */
export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}

/** Answers an upgrade request with `status` and closes it. */
export function rejectUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Why {@link UpgradeGate} refused an upgrade, for the owner's log line and counters. */
export type RefusedBecause = 'connection-limit' | 'per-address-limit';

/**
 * Admits WebSocket upgrades into `wss` while fewer than `maxConnections` are open in total and
 * fewer than `maxConnectionsPerAddress` from the request's address.
 */
export class UpgradeGate {
  /** Upgrades accepted and not yet closed (counted from the upgrade, so concurrent ones cannot overshoot). */
  slots = 0;
  /** Set on shutdown: every later upgrade gets 503. */
  closing = false;
  private readonly perAddress: AddressSlots;

  constructor(
    private readonly wss: WebSocketServer,
    private readonly maxConnections: number,
    maxConnectionsPerAddress: number,
    private readonly refused: (why: RefusedBecause) => void,
  ) {
    this.perAddress = new AddressSlots(maxConnectionsPerAddress);
  }

  /** Addresses holding at least one connection. */
  get addresses(): number {
    return this.perAddress.addresses;
  }

  /**
   * Accepts or refuses one upgrade request already known to be for this server.
   *
   * @param knownPath - false answers 404 (after the shutdown check, so a closing server says 503).
   */
  admit(req: IncomingMessage, socket: Duplex, head: Buffer, knownPath = true): void {
    socket.on('error', () => {});
    const refusal = this.refusal(req, knownPath);
    if (typeof refusal === 'string') {
      rejectUpgrade(socket, refusal);
      return;
    }
    const { address } = refusal;
    this.slots += 1;
    socket.once('close', () => {
      this.slots -= 1;
      this.perAddress.release(address);
    });
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** The status that refuses `req`, or (having taken its address's slot) the address it holds. */
  private refusal(req: IncomingMessage, knownPath: boolean): string | { address: string } {
    if (this.closing) return '503 Service Unavailable';
    if (!knownPath) return '404 Not Found';
    if (this.slots >= this.maxConnections) {
      this.refused('connection-limit');
      return '503 Service Unavailable';
    }
    // Checked after the total, so a full server answers 503 to everyone alike.
    const address = req.socket.remoteAddress ?? '';
    if (!this.perAddress.acquire(address)) {
      this.refused('per-address-limit');
      return '429 Too Many Requests';
    }
    return { address };
  }
}

/** A connection the heartbeat pings: `alive` is set again by its `pong`. */
export interface Pingable {
  alive: boolean;
  readonly socket: WebSocket;
}

/**
 * Pings every peer each `intervalMs`; a peer that has not answered the previous ping is terminated.
 *
 * @returns A function that stops the heartbeat.
 */
export function startHeartbeat(peers: Iterable<Pingable>, intervalMs: number): () => void {
  const heartbeat = setInterval(() => {
    for (const peer of peers) {
      if (!peer.alive) {
        peer.socket.terminate();
        continue;
      }
      peer.alive = false;
      try {
        peer.socket.ping();
      } catch {
        peer.socket.terminate();
      }
    }
  }, intervalMs);
  heartbeat.unref();
  return () => clearInterval(heartbeat);
}

/**
 * Closes `wss` once its sockets (already asked to close) are gone; gives them a moment to complete
 * the closing handshake, then cuts whatever is left.
 *
 * @param open - The sockets still open, read when the moment is over.
 * @param cleanup - Runs once the server has closed, before the promise resolves.
 */
export function closeWebSocketServer(
  wss: WebSocketServer,
  open: () => Iterable<WebSocket>,
  cleanup: () => void,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      for (const socket of open()) socket.terminate();
    }, 1000);
    force.unref();
    wss.close(() => {
      clearTimeout(force);
      cleanup();
      resolve();
    });
  });
}
