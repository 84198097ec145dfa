/**
 * The WebSocket URLs of a Shopfloor server, derived one way everywhere: a server is known by its
 * http(s) base URL (what invites carry, or the origin that served the page) and serves signaling
 * at `signal` and the mailbox at `mailbox` under it, over wss for https and ws for http.
 */

/** What a server serves over WebSocket. */
export type ServerSocket = 'signal' | 'mailbox';

/**
 * The WebSocket URL of `socket` on the server at `base`.
 *
 * @example
 * serverSocketUrl('https://h/p/', 'mailbox') // 'wss://h/p/mailbox'
 * serverSocketUrl('http://localhost:5173/', 'signal') // 'ws://localhost:5173/signal'
 */
export function serverSocketUrl(base: string, socket: ServerSocket): string {
  const url = new URL(socket, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** The WebSocket URL of `socket` on the server that served this page. */
export function pageSocketUrl(
  socket: ServerSocket,
  loc: { protocol: string; host: string } = location,
): string {
  return serverSocketUrl(`${loc.protocol}//${loc.host}/`, socket);
}
