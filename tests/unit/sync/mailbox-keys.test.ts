import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  fromBase64Url,
  hkdfSha256,
  randomBytes,
  toBase64Url,
  toHex,
  utf8,
} from '../../../src/crypto';
import { deriveRoom } from '../../../src/sync';
import {
  APPEND_CAP_LABEL,
  campaignMailboxRoot,
  deriveMailboxKeys,
  MAILBOX_ROOT_LABEL,
  READ_CAP_LABEL,
} from '../../../src/sync/mailbox/keys';
import { MAX_SEALED_PLAINTEXT, openMailbox, sealMailbox } from '../../../src/sync/mailbox/seal';
import { SEALED_BUCKETS } from '../../../src/wire/mailbox';

const sha256 = async (b: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(b)));

describe('mailbox keys', () => {
  it('derives the documented values from the space key', async () => {
    const spaceKey = randomBytes(32);
    const root = await campaignMailboxRoot(spaceKey);
    expect(toHex(root)).toBe(toHex(await hkdfSha256(spaceKey, MAILBOX_ROOT_LABEL, 32)));
    const keys = await deriveMailboxKeys(root);
    expect(keys.appendCap).toBe(toBase64Url(await hkdfSha256(root, APPEND_CAP_LABEL, 32)));
    expect(keys.readCap).toBe(toBase64Url(await hkdfSha256(root, READ_CAP_LABEL, 32)));
    expect(keys.appendVerifier).toBe(toBase64Url(await sha256(fromBase64Url(keys.appendCap))));
    expect(keys.readVerifier).toBe(toBase64Url(await sha256(fromBase64Url(keys.readCap))));
    const id = await sha256(concatBytes(utf8('shopfloor/mailbox/id/v1'), fromBase64Url(keys.appendVerifier)));
    expect(keys.mailboxId).toBe(toBase64Url(id));
    expect(keys.mailboxId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keys.sealKey.extractable).toBe(false);
  });

  it('gives a mailbox id unrelated to the room name, and unlinkable ids for different spaces', async () => {
    const spaceKey = randomBytes(32);
    const keys = await deriveMailboxKeys(await campaignMailboxRoot(spaceKey));
    const { roomName, password } = await deriveRoom(spaceKey);
    const values = [keys.mailboxId, keys.appendCap, keys.readCap, keys.appendVerifier, keys.readVerifier];
    expect(new Set([...values, roomName, password]).size).toBe(7);
    const other = await deriveMailboxKeys(await campaignMailboxRoot(randomBytes(32)));
    for (const v of values) {
      expect([other.mailboxId, other.appendCap, other.readCap, other.readVerifier]).not.toContain(v);
      expect(v).not.toContain(toBase64Url(spaceKey).slice(0, 10));
    }
  });

  it('refuses a key that is not 32 bytes', async () => {
    await expect(campaignMailboxRoot(randomBytes(16))).rejects.toMatchObject({ code: 'invalid-space-key' });
  });
});

describe('mailbox sealing', () => {
  it('pads to the buckets and opens again', async () => {
    const keys = await deriveMailboxKeys(await campaignMailboxRoot(randomBytes(32)));
    const sizes = [0, 1, 990, 1000, 3000, 5000, 60_000, 70_000, 300_000, MAX_SEALED_PLAINTEXT];
    const seen = new Set<number>();
    for (const n of sizes) {
      const plain = randomBytes(n);
      const sealed = await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', plain);
      expect(SEALED_BUCKETS).toContain(sealed.length);
      seen.add(sealed.length);
      expect(
        toHex((await openMailbox(keys.sealKey, keys.mailboxId, 'entry', sealed)) ?? new Uint8Array(1)),
      ).toBe(toHex(plain));
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([...SEALED_BUCKETS]);
    await expect(
      sealMailbox(keys.sealKey, keys.mailboxId, 'entry', new Uint8Array(MAX_SEALED_PLAINTEXT + 1)),
    ).rejects.toThrow(RangeError);
  });

  it('fails on tampering, another kind, another mailbox or another key', async () => {
    const keys = await deriveMailboxKeys(await campaignMailboxRoot(randomBytes(32)));
    const other = await deriveMailboxKeys(await campaignMailboxRoot(randomBytes(32)));
    const sealed = await sealMailbox(keys.sealKey, keys.mailboxId, 'entry', utf8('hello'));
    for (const i of [0, 12, 500, sealed.length - 1]) {
      const bad = sealed.slice();
      bad[i] = (bad[i] ?? 0) ^ 1;
      expect(await openMailbox(keys.sealKey, keys.mailboxId, 'entry', bad)).toBeNull();
    }
    expect(await openMailbox(keys.sealKey, keys.mailboxId, 'snapshot', sealed)).toBeNull();
    expect(await openMailbox(keys.sealKey, other.mailboxId, 'entry', sealed)).toBeNull();
    expect(await openMailbox(other.sealKey, keys.mailboxId, 'entry', sealed)).toBeNull();
    expect(await openMailbox(keys.sealKey, keys.mailboxId, 'entry', sealed.slice(0, 1000))).toBeNull();
    expect(await openMailbox(keys.sealKey, keys.mailboxId, 'entry', new Uint8Array(1024))).toBeNull();
  });
});
