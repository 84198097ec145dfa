/**
 * Sync through the mailbox only (`direct: false`) against the real server, for one test file:
 * `serve` starts a server on a free port and returns its mailbox URL, `start` runs a sync session
 * for a device with short test delays (backoff, receipts, compaction, quota retry); every session
 * and the server are stopped after each test.
 */
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type RunningServer, type ServerMailboxOptions, startServer } from '../../src/server/server';
import { type SyncOptions, type SyncSession, startSync } from '../../src/sync';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** A device: its doc and its saved mailbox state (what the personal space would keep). */
export interface MailboxDevice {
  doc: Y.Doc;
  deviceId: string;
  saved: Uint8Array | null;
}

/** Device `n`, with a fresh doc and nothing saved. */
export const mailboxDevice = (n: number): MailboxDevice => ({
  doc: new Y.Doc(),
  deviceId: `device${n}`.padEnd(22, 'A'),
  saved: null,
});

/** Call once at a test file's top level. */
export function mailboxSync() {
  let server: RunningServer | undefined;
  let sessions: SyncSession[] = [];
  afterEach(async () => {
    for (const s of sessions) s.stop();
    sessions = [];
    await server?.close();
    server = undefined;
  });

  /** Starts the server (no app files); resolves with its mailbox ws:// URL. */
  async function serve(mailbox: ServerMailboxOptions = {}): Promise<string> {
    server = await startServer({ port: 0, host: '127.0.0.1', root: 'dist', mailbox });
    return `${server.url.replace('http', 'ws')}mailbox`;
  }

  /** Starts mailbox-only sync for `d` on `url`; `extra` overrides or adds options. */
  function start(url: string, spaceKey: Uint8Array, d: MailboxDevice, extra: Partial<SyncOptions> = {}) {
    const s = startSync({
      doc: d.doc,
      spaceKey,
      spaceKind: 'campaign',
      signaling: [],
      direct: false,
      deviceName: 'Phone',
      deviceId: d.deviceId,
      decodeWorker: null,
      mailbox: {
        urls: [url],
        load: async () => d.saved,
        save: async (state) => {
          d.saved = state;
        },
        backoffMs: [50, 500],
        receiptDelayMs: 50,
        compactDelayMs: [0, 50],
        quotaRetryMs: 200,
      },
      ...extra,
    });
    sessions.push(s);
    return s;
  }

  /** Stops one session before the test ends (a device going offline). */
  function stop(s: SyncSession): void {
    s.stop();
    sessions = sessions.filter((x) => x !== s);
  }

  return { serve, start, stop };
}
