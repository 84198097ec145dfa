import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  fromBase64Url,
  fromHex,
  hkdfSha256,
  importAesKey,
  KDF_ITERATIONS,
  newMasterKeyBytes,
  newSalt,
  open,
  pbkdf2Sha256,
  randomId,
  seal,
  toBase64Url,
  toHex,
  unwrapMasterKey,
  utf8,
  wrapMasterKey,
} from '../../../src/crypto';

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toBeInstanceOf(CryptoError);
  await expect(p).rejects.toMatchObject({ code });
}

describe('known-answer vectors', () => {
  it('PBKDF2-HMAC-SHA256 matches RFC 7914 §11', async () => {
    const out = await pbkdf2Sha256('passwd', utf8('salt'), 1, 64);
    expect(toHex(out)).toBe(
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc' +
        '49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
    );
  });

  it('HKDF-SHA256 matches RFC 5869 test case 1', async () => {
    const okm = await hkdfSha256(
      fromHex('0b'.repeat(22)),
      fromHex('f0f1f2f3f4f5f6f7f8f9'),
      42,
      fromHex('000102030405060708090a0b0c'),
    );
    expect(toHex(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });

  it('AES-256-GCM matches the GCM specification test case 15', async () => {
    const key = await crypto.subtle.importKey(
      'raw',
      fromHex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'),
      'AES-GCM',
      false,
      ['encrypt'],
    );
    const pt = fromHex(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
        '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255',
    );
    const ct = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv: fromHex('cafebabefacedbaddecaf888') }, key, pt),
    );
    expect(toHex(ct)).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
        '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad' +
        'b094dac5d93471bdec1a502270e3cc6c',
    );
  });
});

describe('seal / open', () => {
  it('round-trips and uses a fresh IV each time', async () => {
    const key = await importAesKey(newMasterKeyBytes());
    const a = await seal(key, utf8('María — turno de noche'));
    const b = await seal(key, utf8('María — turno de noche'));
    expect(toHex(a)).not.toBe(toHex(b));
    expect(new TextDecoder().decode(await open(key, a))).toBe('María — turno de noche');
  });

  it('fails with decrypt-failed on any flipped byte', async () => {
    const key = await importAesKey(newMasterKeyBytes());
    const sealed = await seal(key, utf8('card signed'), utf8('space-1/7'));
    for (let i = 1; i < sealed.length; i++) {
      const bad = sealed.slice();
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      await expectCode(open(key, bad, utf8('space-1/7')), 'decrypt-failed');
    }
  });

  it('binds the blob to its additional data and key', async () => {
    const key = await importAesKey(newMasterKeyBytes());
    const other = await importAesKey(newMasterKeyBytes());
    const sealed = await seal(key, utf8('x'), utf8('space-1/7'));
    await expectCode(open(key, sealed, utf8('space-1/8')), 'decrypt-failed');
    await expectCode(open(other, sealed, utf8('space-1/7')), 'decrypt-failed');
  });

  it('rejects truncated blobs and unknown versions with their own codes', async () => {
    const key = await importAesKey(newMasterKeyBytes());
    const sealed = await seal(key, utf8('x'));
    await expectCode(open(key, sealed.slice(0, 10)), 'malformed-ciphertext');
    const v2 = sealed.slice();
    v2[0] = 2;
    await expectCode(open(key, v2), 'unsupported-version');
  });

  it('refuses keys of the wrong length', async () => {
    await expect(importAesKey(new Uint8Array(16))).rejects.toMatchObject({ code: 'invalid-key' });
  });
});

describe('master key wrapping', () => {
  it('uses at least 600,000 PBKDF2 iterations by default', () => {
    expect(KDF_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('unwraps with the right passphrase into a non-extractable key', async () => {
    const raw = newMasterKeyBytes();
    const wrapped = await wrapMasterKey(raw, 'correct horse battery staple', {
      alg: 'PBKDF2-SHA256',
      iterations: 2_000,
      salt: newSalt(),
    });
    const { key, raw: back } = await unwrapMasterKey(wrapped, 'correct horse battery staple');
    expect(toHex(back)).toBe(toHex(raw));
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('refuses a wrong passphrase with decrypt-failed', async () => {
    const wrapped = await wrapMasterKey(newMasterKeyBytes(), 'right', {
      alg: 'PBKDF2-SHA256',
      iterations: 2_000,
      salt: newSalt(),
    });
    await expectCode(unwrapMasterKey(wrapped, 'wrong'), 'decrypt-failed');
  });

  it('normalizes passphrases (NFKC) so composed and decomposed accents match', async () => {
    const wrapped = await wrapMasterKey(newMasterKeyBytes(), 'sindicato año', {
      alg: 'PBKDF2-SHA256',
      iterations: 2_000,
      salt: newSalt(),
    });
    await expect(unwrapMasterKey(wrapped, 'sindicato an\u0303o')).resolves.toBeTruthy();
  });

  it('refuses weak stored KDF parameters', async () => {
    await expectCode(
      wrapMasterKey(newMasterKeyBytes(), 'p', { alg: 'PBKDF2-SHA256', iterations: 10, salt: newSalt() }),
      'weak-kdf-params',
    );
  });
});

describe('ids and encodings', () => {
  it('random ids are 128-bit base64url and distinct', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('base64url round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(toHex(fromBase64Url(toBase64Url(all)))).toBe(toHex(all));
    expect(() => fromBase64Url('not base64!')).toThrow();
  });
});
