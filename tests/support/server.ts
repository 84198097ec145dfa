/**
 * Test helpers for the server tests: a WebSocket client that queues parsed messages, and raw HTTP
 * requests (paths sent exactly as given, no URL normalisation).
 */
import { request } from 'node:http';
import { WebSocket } from '../../src/server/ws';

export interface Closed {
  code: number;
  reason: string;
}

export interface TestClient {
  ws: WebSocket;
  /** Every text message received, raw. */
  raw: string[];
  /** Sends a JSON message (or a raw string as is). */
  send(message: unknown): void;
  /** Resolves with the next message not yet taken (parsed). */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Messages received but not yet taken by next(). */
  pending(): Record<string, unknown>[];
  /**
   * Sends an application-level ping and waits for its pong (which is not queued): everything this
   * client sent before has been processed, and anything the server sent it before is queued.
   */
  sync(): Promise<void>;
  /** Resolves when the socket closes. */
  closed: Promise<Closed>;
  close(): Promise<Closed>;
}

/**
 * Opens a WebSocket to `url` and resolves once it is open.
 *
 * @param url - ws:// URL.
 * @param opts - ws client options (e.g. `autoPong: false`).
 */
export async function connect(url: string, opts: { autoPong?: boolean } = {}): Promise<TestClient> {
  const ws = new WebSocket(url, opts);
  const raw: string[] = [];
  const queue: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  const pongWaiters: (() => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    raw.push(text);
    const msg = JSON.parse(text) as Record<string, unknown>;
    if (msg.type === 'pong' && pongWaiters.length > 0) {
      pongWaiters.shift()?.();
      return;
    }
    const w = waiters.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  const closed = new Promise<Closed>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (timeoutMs = 2000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const m = queue.shift();
      if (m) return resolve(m);
      const timer = setTimeout(() => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error('timed out waiting for a message'));
      }, timeoutMs);
      const waiter = (msg: Record<string, unknown>) => {
        clearTimeout(timer);
        resolve(msg);
      };
      waiters.push(waiter);
    });
  const send = (message: unknown) => ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  return {
    ws,
    raw,
    send,
    next,
    pending: () => [...queue],
    sync: () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for pong')), 2000);
        pongWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
        send({ type: 'ping' });
      }),
    closed,
    close: () => {
      ws.close();
      return closed;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends an HTTP request with the path exactly as given (no normalisation of `..` or escapes).
 *
 * @param base - http:// base URL of the server.
 * @param path - Raw request target.
 */
export function rawRequest(
  base: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export { waitFor } from './wait';
