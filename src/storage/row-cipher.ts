/**
 * How rows are sealed. The app always uses {@link MasterKeyCipher}; {@link PlainCipher} exists only
 * so the benchmark can measure the same load path without encryption as its baseline.
 */
import { fromUtf8, open, seal, utf8 } from '../crypto';

export interface RowCipher {
  seal(data: Uint8Array, context: string): Promise<Uint8Array>;
  open(data: Uint8Array, context: string): Promise<Uint8Array>;
}

export class MasterKeyCipher implements RowCipher {
  constructor(private readonly key: CryptoKey) {}
  seal(data: Uint8Array, context: string) {
    return seal(this.key, data, utf8(context));
  }
  open(data: Uint8Array, context: string) {
    return open(this.key, data, utf8(context));
  }
}

/** Benchmark baseline only: never used by the app. */
export class PlainCipher implements RowCipher {
  async seal(data: Uint8Array) {
    return data;
  }
  async open(data: Uint8Array) {
    return data;
  }
}

export async function sealJson(cipher: RowCipher, value: unknown, context: string): Promise<Uint8Array> {
  return cipher.seal(utf8(JSON.stringify(value)), context);
}

export async function openJson(cipher: RowCipher, data: Uint8Array, context: string): Promise<unknown> {
  return JSON.parse(fromUtf8(await cipher.open(data, context)));
}
