/**
 * Canonical byte encoding for membership ops: fixed field order, big-endian integers, length-prefixed
 * UTF-8. One value has exactly one encoding, and the reader refuses anything else (trailing bytes,
 * short fields, invalid UTF-8), so an op's hash names its content and nothing can be re-encoded into
 * a second op with the same meaning.
 */
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../../../crypto';
import { MembershipError } from './errors';

/** Largest string or byte field, in bytes. */
export const MAX_FIELD_BYTES = 1024;

/** Appends fields in order. */
export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private push(part: Uint8Array): this {
    this.parts.push(part);
    this.length += part.length;
    return this;
  }

  u8(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xff) throw new MembershipError('invalid-input', { u8: n });
    return this.push(Uint8Array.of(n));
  }

  u16(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw new MembershipError('invalid-input', { u16: n });
    return this.push(Uint8Array.of(n >>> 8, n & 0xff));
  }

  u32(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
      throw new MembershipError('invalid-input', { u32: n });
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n);
    return this.push(b);
  }

  /** A 48-bit unsigned integer (milliseconds since 1970 fit until the year 10889). */
  u48(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0 || n >= 2 ** 48)
      throw new MembershipError('invalid-input', { u48: n });
    const b = new Uint8Array(6);
    const view = new DataView(b.buffer);
    view.setUint16(0, Math.floor(n / 2 ** 32));
    view.setUint32(2, n % 2 ** 32);
    return this.push(b);
  }

  /** Exactly `size` bytes. */
  fixed(bytes: Uint8Array, size: number): this {
    if (bytes.length !== size)
      throw new MembershipError('invalid-input', { expected: size, bytes: bytes.length });
    return this.push(new Uint8Array(bytes));
  }

  /** u16 length, then the bytes. */
  bytes(bytes: Uint8Array): this {
    if (bytes.length > MAX_FIELD_BYTES) throw new MembershipError('invalid-input', { bytes: bytes.length });
    return this.u16(bytes.length).push(new Uint8Array(bytes));
  }

  /** u16 length, then UTF-8. */
  str(text: string): this {
    return this.bytes(utf8(text));
  }

  finish(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** Reads fields in order; every failure is MembershipError('malformed'). */
export class ByteReader {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}

  private take(n: number): Uint8Array<ArrayBuffer> {
    if (this.at + n > this.buf.length) throw new MembershipError('malformed', { at: this.at });
    const out = this.buf.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }

  u8(): number {
    return this.take(1)[0] as number;
  }

  u16(): number {
    const b = this.take(2);
    return ((b[0] as number) << 8) | (b[1] as number);
  }

  u32(): number {
    return new DataView(this.take(4).buffer).getUint32(0);
  }

  u48(): number {
    const view = new DataView(this.take(6).buffer);
    return view.getUint16(0) * 2 ** 32 + view.getUint32(2);
  }

  fixed(size: number): Uint8Array<ArrayBuffer> {
    return this.take(size);
  }

  bytes(): Uint8Array<ArrayBuffer> {
    const n = this.u16();
    if (n > MAX_FIELD_BYTES) throw new MembershipError('malformed', { bytes: n });
    return this.take(n);
  }

  str(): string {
    try {
      return fromUtf8(this.bytes());
    } catch (e) {
      if (e instanceof MembershipError) throw e;
      throw new MembershipError('malformed', { reason: 'utf-8' });
    }
  }

  /** Throws unless every byte was read. */
  end(): void {
    if (this.at !== this.buf.length)
      throw new MembershipError('malformed', { trailing: this.buf.length - this.at });
  }
}

/** Ids (invite, key, person, device) are 16 bytes, written in canonical base64url. */
const ID_BYTES = 16;
/** Most ids in a list. */
export const MAX_IDS = 4096;

/** Writes a 16-byte id given as canonical base64url. */
export function writeId(w: ByteWriter, id: string): void {
  let raw: Uint8Array;
  try {
    raw = fromBase64Url(id);
  } catch {
    throw new MembershipError('invalid-input', { id });
  }
  if (toBase64Url(raw) !== id) throw new MembershipError('invalid-input', { id });
  w.fixed(raw, ID_BYTES);
}
export const readId = (r: ByteReader): string => toBase64Url(r.fixed(ID_BYTES));

export function writeIds(w: ByteWriter, ids: readonly string[]): void {
  if (ids.length > MAX_IDS) throw new MembershipError('invalid-input', { recipients: ids.length });
  w.u16(ids.length);
  for (const id of ids) writeId(w, id);
}
export function readIds(r: ByteReader): string[] {
  const n = r.u16();
  if (n > MAX_IDS) throw new MembershipError('malformed', { recipients: n });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(readId(r));
  return ids;
}

/** Writes `size` bytes given as lower-case hex. */
export function writeHex(w: ByteWriter, hex: string, size: number): void {
  if (!new RegExp(`^[0-9a-f]{${size * 2}}$`).test(hex)) throw new MembershipError('invalid-input', { hex });
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  w.fixed(out, size);
}
