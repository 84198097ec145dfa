/**
 * The mailbox connection against the real server: open/create, append and live entries, catch-up
 * from a cursor, snapshots, blobs, retire, coded errors, and refusal of what breaks the protocol.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { randomBytes, utf8 } from '../../../src/crypto';
import { type RunningServer, startServer } from '../../../src/server/server';
import { openMailboxConnection } from '../../../src/sync/mailbox/connection';
import { campaignMailboxRoot, deriveMailboxKeys, type MailboxKeys } from '../../../src/sync/mailbox/keys';
import { openMailbox, sealMailbox } from '../../../src/sync/mailbox/seal';
import { waitFor } from '../../support/server';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let server: RunningServer | undefined;
const closers: { close(): void }[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  await server?.close();
  server = undefined;
});

async function setup(limits = {}): Promise<{ url: string; keys: MailboxKeys }> {
  server = await startServer({ port: 0, host: '127.0.0.1', root: 'dist', mailbox: { limits } });
  const keys = await deriveMailboxKeys(await campaignMailboxRoot(randomBytes(32)));
  return { url: `${server.url.replace('http', 'ws')}mailbox`, keys };
}

async function create(url: string, keys: MailboxKeys) {
  const c = await openMailboxConnection(
    url,
    {
      mailboxId: keys.mailboxId,
      cap: keys.appendCap,
      create: { readVerifier: keys.readVerifier },
    },
    {},
  );
  closers.push(c);
  return c;
}

describe('mailbox connection', () => {
  it('creates, appends, reads back from a cursor and live, with coded errors', async () => {
    const { url, keys } = await setup();
    await expect(
      openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.readCap, since: 0 }, {}),
    ).rejects.toMatchObject({ code: 'unknown-mailbox' });
    const writer = await create(url, keys);
    expect(writer.role).toBe('append');
    const seal = (t: string) => sealMailbox(keys.sealKey, keys.mailboxId, 'entry', utf8(t));
    expect(await writer.append(await seal('one'))).toBe(1);
    expect(await writer.append(await seal('two'))).toBe(2);

    const got: [number, string][] = [];
    let caughtUp = -1;
    const reader = await openMailboxConnection(
      url,
      { mailboxId: keys.mailboxId, cap: keys.readCap, since: 1 },
      {
        onEntry: async (seq, sealed) => {
          const plain = await openMailbox(keys.sealKey, keys.mailboxId, 'entry', sealed);
          got.push([seq, new TextDecoder().decode(plain ?? new Uint8Array())]);
        },
        onCaughtUp: (head) => {
          caughtUp = head;
        },
      },
    );
    closers.push(reader);
    expect(reader.role).toBe('read');
    expect(reader.head).toBe(2);
    await waitFor(() => caughtUp === 2 && got.length === 1, 10_000);
    expect(got).toEqual([[2, 'two']]);
    await writer.append(await seal('three'));
    await waitFor(() => got.length === 2, 10_000);
    expect(got[1]).toEqual([3, 'three']);

    await expect(writer.retire()).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.readVerifier }, {}),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('uploads a snapshot that a fresh reader gets before the tail; blobs; retire', async () => {
    const { url, keys } = await setup();
    const writer = await create(url, keys);
    for (let i = 0; i < 5; i++)
      await writer.append(await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', utf8(`e${i}`)));
    const reader = await openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.readCap }, {});
    closers.push(reader);
    const parts = [
      await sealMailbox(keys.sealKey, keys.mailboxId, 'snapshot', utf8('p0')),
      await sealMailbox(keys.sealKey, keys.mailboxId, 'snapshot', utf8('p1')),
    ];
    expect(await reader.uploadSnapshot(4, parts)).toBe(4);
    const events: string[] = [];
    const fresh = await openMailboxConnection(
      url,
      { mailboxId: keys.mailboxId, cap: keys.readCap, since: 0 },
      {
        onSnapshotPart: (covers, index, count) => events.push(`s${covers}/${index}/${count}`),
        onEntry: (seq) => events.push(`e${seq}`),
        onCaughtUp: (head) => events.push(`c${head}`),
      },
    );
    closers.push(fresh);
    expect(fresh.snapshot).toMatchObject({ covers: 4, parts: 2 });
    await waitFor(() => events.includes('c5'), 10_000);
    expect(events).toEqual(['s4/0/2', 's4/1/2', 'e5', 'c5']);

    expect(await reader.getBlob()).toBeNull();
    const blob = await sealMailbox(keys.sealKey, keys.mailboxId, 'blob', utf8('def'));
    await reader.putBlob(blob);
    expect(await writer.getBlob()).toEqual(blob);

    await reader.retire();
    await expect(
      writer.append(await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', utf8('late'))),
    ).rejects.toMatchObject({ code: 'retired' });
  });

  it('times out against a server that never answers, and is unreachable where nothing listens', async () => {
    const { WebSocketServer } = await import('ws');
    const silent = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as { port: number }).port;
    try {
      await expect(
        openMailboxConnection(
          `ws://127.0.0.1:${port}/mailbox`,
          { mailboxId: 'x'.repeat(43), cap: 'y'.repeat(43) },
          {},
          {
            connectTimeoutMs: 300,
          },
        ),
      ).rejects.toMatchObject({ code: 'mailbox-timeout' });
    } finally {
      for (const c of silent.clients) c.terminate();
      silent.close();
    }
    await expect(
      openMailboxConnection(
        'ws://127.0.0.1:9/mailbox',
        { mailboxId: 'x'.repeat(43), cap: 'y'.repeat(43) },
        {},
      ),
    ).rejects.toMatchObject({ code: 'mailbox-unreachable' });
  });

  it('closes on a server message outside the protocol', async () => {
    const { WebSocketServer } = await import('ws');
    const { encodeMessage } = await import('../../../src/wire/mailbox');
    const evil = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => evil.once('listening', r));
    evil.on('connection', (ws) => {
      ws.once('message', () => {
        ws.send(encodeMessage({ op: 'opened', rid: 0, role: 'read', head: 3, retired: false }));
        ws.send(encodeMessage({ op: 'entry', seq: -1 }, new Uint8Array(10)));
      });
    });
    const port = (evil.address() as { port: number }).port;
    let closedWith = 0;
    try {
      const conn = await openMailboxConnection(
        `ws://127.0.0.1:${port}/mailbox`,
        { mailboxId: 'x'.repeat(43), cap: 'y'.repeat(43), since: 0 },
        {
          onEntry: () => {
            throw new Error('must not be called');
          },
          onClose: (code) => {
            closedWith = code;
          },
        },
      );
      await waitFor(() => conn.closed, 5000);
      expect(closedWith).toBe(4400);
    } finally {
      for (const c of evil.clients) c.terminate();
      evil.close();
    }
  });
});
