/**
 * Mailbox servers and clients for one test file: `start` a server on a free port (no app files),
 * `open` a mailbox on it; every server and client is closed after each test.
 */
import { afterEach } from 'vitest';
import { type RunningServer, type ServerMailboxOptions, startServer } from '../../src/server/server';
import { type Caps, type MailboxClient, openMailbox } from '../unit/server/mailbox-client';

/** Call once at a test file's top level. `clients` takes any other client to close after each test. */
export function mailboxServers() {
  const running: RunningServer[] = [];
  const clients: MailboxClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await Promise.all(running.splice(0).map((s) => s.close()));
  });

  async function start(mailbox: ServerMailboxOptions = {}): Promise<RunningServer> {
    const server = await startServer({ port: 0, host: '127.0.0.1', root: '/nonexistent', mailbox });
    running.push(server);
    return server;
  }

  async function open(server: RunningServer, caps: Caps, opts: Parameters<typeof openMailbox>[2] = {}) {
    const r = await openMailbox(server.url, caps, opts);
    clients.push(r.client);
    return r;
  }

  return { start, open, clients };
}
