import { describe, expect, it } from 'vitest';
import { hkdfSha256, randomBytes, toBase64Url } from '../../../src/crypto';
import { deriveRoom, ROOM_LABEL, ROOM_PASSWORD_LABEL, SyncError } from '../../../src/sync';

describe('deriveRoom', () => {
  it('is deterministic for a key', async () => {
    const key = randomBytes(32);
    expect(await deriveRoom(key)).toEqual(await deriveRoom(key.slice()));
  });

  it('derives name and password under the two documented labels', async () => {
    const key = randomBytes(32);
    const { roomName, password } = await deriveRoom(key);
    expect(roomName).toBe(toBase64Url(await hkdfSha256(key, ROOM_LABEL, 32)));
    expect(password).toBe(toBase64Url(await hkdfSha256(key, ROOM_PASSWORD_LABEL, 32)));
    expect(ROOM_LABEL).not.toBe(ROOM_PASSWORD_LABEL);
  });

  it('gives distinct, opaque name and password that reveal neither the key nor each other', async () => {
    const key = randomBytes(32);
    const { roomName, password } = await deriveRoom(key);
    expect(roomName).not.toBe(password);
    expect(roomName).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const keyText = toBase64Url(key);
    expect(roomName).not.toContain(keyText.slice(0, 8));
    expect(password).not.toContain(keyText.slice(0, 8));
  });

  it('gives unrelated rooms for different keys (even one bit apart)', async () => {
    const a = randomBytes(32);
    const b = a.slice();
    b[31] = (b[31] ?? 0) ^ 1;
    const ra = await deriveRoom(a);
    const rb = await deriveRoom(b);
    expect(ra.roomName).not.toBe(rb.roomName);
    expect(ra.password).not.toBe(rb.password);
    const names = new Set(
      await Promise.all(Array.from({ length: 20 }, async () => (await deriveRoom(randomBytes(32))).roomName)),
    );
    expect(names.size).toBe(20);
  });

  it('refuses keys that are not 32 bytes', async () => {
    await expect(deriveRoom(randomBytes(16))).rejects.toBeInstanceOf(SyncError);
    await expect(deriveRoom(randomBytes(33))).rejects.toMatchObject({ code: 'invalid-space-key' });
  });
});
