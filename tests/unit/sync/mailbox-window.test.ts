/**
 * A device catching up a big mailbox holds a bounded amount of it in memory at once: it opens with
 * a window, the server sends no more than that ahead of what the device said it handled, and the
 * whole log still arrives, in order, however slow the device applies it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { randomBytes } from '../../../src/crypto';
import type { RunningServer } from '../../../src/server/server';
import { openMailboxConnection } from '../../../src/sync/mailbox/connection';
import type { WebSocketCtor } from '../../../src/sync/mailbox/connection-types';
import { encodeUpdateEntries } from '../../../src/sync/mailbox/entry';
import { campaignMailboxRoot, deriveMailboxKeys } from '../../../src/sync/mailbox/keys';
import { MailboxLink } from '../../../src/sync/mailbox/link';
import { sealMailbox } from '../../../src/sync/mailbox/seal';
import type { GuardVerdict } from '../../../src/sync/wire/decode-guard';
import { mailboxServers } from '../../support/mailbox-servers';
import { waitFor } from '../../support/server';

const servers = mailboxServers();
const links: MailboxLink[] = [];
afterEach(() => {
  for (const l of links.splice(0)) l.stop();
});

const ENTRIES = 600;
const WINDOW = 64 * 1024;

/** A mailbox of `ENTRIES` one-KiB entries, written fast (limits raised for the writer). */
async function bigMailbox(server: RunningServer, spaceKey: Uint8Array): Promise<string> {
  const keys = await deriveMailboxKeys(await campaignMailboxRoot(spaceKey));
  const url = `${server.url.replace('http', 'ws')}mailbox`;
  const writer = await openMailboxConnection(
    url,
    { mailboxId: keys.mailboxId, cap: keys.appendCap, create: { readVerifier: keys.readVerifier } },
    {},
    { WebSocketImpl: WebSocket as unknown as WebSocketCtor, sendRate: 5000 },
  );
  const appends: Promise<number>[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const d = new Y.Doc();
    d.getMap('people').set(`p${i}`, i);
    const plain = encodeUpdateEntries('BBBBBBBBBBBBBBBBBBBBBB', Y.encodeStateAsUpdate(d))[0] as Uint8Array;
    appends.push(writer.append(await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', plain)));
  }
  await Promise.all(appends);
  writer.close();
  return url;
}

describe('catch-up memory', () => {
  it(`holds at most the window (${WINDOW / 1024} KiB) of a ${ENTRIES}-entry catch-up, and gets it all`, async () => {
    const server = await servers.start({ limits: { messagesPerSecond: 100_000, messageBurst: 100_000 } });
    const spaceKey = randomBytes(32);
    const url = await bigMailbox(server, spaceKey);
    const doc = new Y.Doc();
    let held = 0;
    let link: MailboxLink | null = null;
    // A slow device: every update waits a little before it is applied.
    const check = async (): Promise<GuardVerdict> => {
      const receiver = (link as unknown as { receiver: { queuedBytes: number } | null }).receiver;
      held = Math.max(held, receiver?.queuedBytes ?? 0);
      await new Promise((r) => setTimeout(r, 1));
      return { ok: true } as GuardVerdict;
    };
    link = new MailboxLink(
      {
        doc,
        spaceKey,
        deviceId: 'AAAAAAAAAAAAAAAAAAAAAA',
        check,
        whenDurable: null,
        reject: () => {},
        changed: () => {},
        synced: () => {},
      },
      {
        urls: [url],
        load: async () => null,
        save: async () => {},
        WebSocketImpl: WebSocket as unknown as WebSocketCtor,
        windowBytes: WINDOW,
        receiptDelayMs: 600_000,
        compactDelayMs: [600_000, 600_000],
      },
    );
    links.push(link);
    await link.start();
    await waitFor(() => doc.getMap('people').size === ENTRIES, 60_000);
    expect(link.status().mailbox.state).toBe('live');
    // The window plus one message (a 1 KiB entry): never the whole log (~600 KiB).
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(WINDOW + 1024);
    console.log(`[mailbox-window] held at most ${held} bytes of ${ENTRIES} KiB`);
  }, 120_000);
});
