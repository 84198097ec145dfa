/**
 * Sealed boxes for survey responses (src/crypto/ecdh.ts; docs/threat-model.md "Surveys"): only the
 * survey private key opens a response, every response uses a fresh ephemeral key, and any change
 * to a sealed response is rejected.
 */
import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  generateSurveyKeyPair,
  importSurveyPrivateKey,
  openSealed,
  openSealedWithReceipt,
  P256_PUBLIC_BYTES,
  receiptTag,
  SEALED_BOX_OVERHEAD,
  sealToPublicKey,
  sealWithReceipt,
  toBase64Url,
  utf8,
} from '../../../src/crypto';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CryptoError);
    return (e as CryptoError).code;
  }
  throw new Error('expected a CryptoError');
}

describe('survey sealed boxes (P-256 ECDH + HKDF + AES-GCM)', () => {
  it('round-trips, with a fresh ephemeral key per response', async () => {
    const pair = await generateSurveyKeyPair();
    expect(pair.publicKey.length).toBe(P256_PUBLIC_BYTES);
    const message = utf8('{"v":1,"a":{"q1":3}}');
    const a = await sealToPublicKey(pair.publicKey, message);
    const b = await sealToPublicKey(pair.publicKey, message);
    expect(a.length).toBe(message.length + SEALED_BOX_OVERHEAD);
    // Different ephemeral public keys and ciphertexts for the same answers.
    expect(toBase64Url(a.slice(1, 66))).not.toBe(toBase64Url(b.slice(1, 66)));
    expect(toBase64Url(a)).not.toBe(toBase64Url(b));
    expect(await openSealed(pair.privateKey, a)).toEqual(message);
    expect(await openSealed(toBase64Url(pair.privateKey), b)).toEqual(message);
  });

  it('accepts the public key raw, as base64url, or as a JWK', async () => {
    const pair = await generateSurveyKeyPair();
    const key = await crypto.subtle.importKey(
      'raw',
      pair.publicKey,
      { name: 'ECDH', namedCurve: 'P-256' },
      true,
      [],
    );
    const jwk = await crypto.subtle.exportKey('jwk', key);
    for (const pub of [pair.publicKey, toBase64Url(pair.publicKey), jwk]) {
      const sealed = await sealToPublicKey(pub, utf8('x'));
      expect(await openSealed(pair.privateKey, sealed)).toEqual(utf8('x'));
    }
    expect(await codeOf(sealToPublicKey(new Uint8Array(65), utf8('x')))).toBe('invalid-key');
    expect(await codeOf(sealToPublicKey('not a key', utf8('x')))).toBe('invalid-key');
  });

  it('gives sender and opener the same receipt secret, different per response', async () => {
    const pair = await generateSurveyKeyPair();
    const priv = await importSurveyPrivateKey(pair.privateKey);
    const one = await sealWithReceipt(pair.publicKey, utf8('a'));
    const two = await sealWithReceipt(pair.publicKey, utf8('a'));
    const opened = await openSealedWithReceipt(priv, one.sealed);
    expect(opened.receipt).toEqual(one.receipt);
    expect(one.receipt).not.toEqual(two.receipt);
    expect(await receiptTag(one.receipt, 'stored')).not.toBe(await receiptTag(one.receipt, 'code-used'));
  });

  it('rejects a response sealed to another survey', async () => {
    const a = await generateSurveyKeyPair();
    const b = await generateSurveyKeyPair();
    const sealed = await sealToPublicKey(a.publicKey, utf8('secret'));
    expect(await codeOf(openSealed(b.privateKey, sealed))).toBe('decrypt-failed');
  });

  it('rejects every single-byte change and every truncation of a sealed response', async () => {
    const pair = await generateSurveyKeyPair();
    const priv = await importSurveyPrivateKey(pair.privateKey);
    const sealed = await sealToPublicKey(pair.publicKey, utf8('{"v":1,"a":{"q":1}}'));
    for (let i = 0; i < sealed.length; i++) {
      const bad = sealed.slice();
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      expect(await codeOf(openSealed(priv, bad)), `byte ${i}`).toBe('decrypt-failed');
    }
    for (const cut of [1, 16, sealed.length - SEALED_BOX_OVERHEAD]) {
      const code = await codeOf(openSealed(priv, sealed.slice(0, sealed.length - cut)));
      expect(['decrypt-failed', 'malformed-ciphertext']).toContain(code);
    }
    const longer = new Uint8Array(sealed.length + 1);
    longer.set(sealed);
    expect(await codeOf(openSealed(priv, longer))).toBe('decrypt-failed');
    expect(await codeOf(openSealed(priv, new Uint8Array(10)))).toBe('malformed-ciphertext');
  });

  it('refuses a private key that is not one', async () => {
    expect(await codeOf(importSurveyPrivateKey(new Uint8Array(40)))).toBe('invalid-key');
  });
});
