/**
 * Rows compressed before they are sealed. A campaign's bytes are stored several times over (the
 * update log, its second copy, the activity log, restore points); Yjs updates of real campaigns
 * (names, notes, the same field keys in every record) deflate about 4×, so compressing each big
 * row before sealing is what keeps storage within about twice the campaign's plain size.
 *
 * What must stay true:
 * - A packed row carries `z: 1` outside its ciphertext, and its seal is bound to a context that
 *   says so (`<context>#deflate`): flipping or dropping the flag fails authentication like any
 *   other damage, it never feeds compressed bytes to Yjs or plain bytes to the inflater.
 * - Rows without the flag are opened as before, so rows written by earlier versions stay readable;
 *   the update log's base is packed again at the next compaction (space-store.ts).
 * - Only rows of at least {@link PACK_MIN_BYTES} are compressed, and only when that saves at least
 *   an eighth: a quick add's row (a few hundred bytes) is sealed as before, with no extra await.
 * - Compression happens before encryption on this device's own data, at rest. The stored size of
 *   a row shows how well its content compresses; sizes were never hidden at rest (docs/threat-model.md).
 */
import type { RowCipher } from './row-cipher';

/** Rows smaller than this are sealed as they are. */
export const PACK_MIN_BYTES = 1024;

/** A sealed row's bytes and whether they were compressed first. */
export interface PackedData {
  data: Uint8Array;
  /** 1 when `data` seals deflated bytes; absent for plain (and every row of earlier versions). */
  z?: 1;
}

const packedContext = (context: string) => `${context}#deflate`;

async function through(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const piped = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** `bytes` deflated (zlib format). */
export function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new CompressionStream('deflate'));
}

/** `bytes` inflated; rejects on bytes that are not a whole zlib stream. */
export function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new DecompressionStream('deflate'));
}

/** Seals `plain` bound to `context`, compressed first when it is big enough to gain from it. */
export async function sealPacked(cipher: RowCipher, plain: Uint8Array, context: string): Promise<PackedData> {
  if (plain.length >= PACK_MIN_BYTES) {
    const packed = await deflate(plain);
    if (packed.length <= plain.length - plain.length / 8)
      return { data: await cipher.seal(packed, packedContext(context)), z: 1 };
  }
  return { data: await cipher.seal(plain, context) };
}

/** Opens a row sealed by {@link sealPacked} (or by earlier versions, without the flag). */
export async function openPacked(cipher: RowCipher, row: PackedData, context: string): Promise<Uint8Array> {
  if (row.z === 1) return inflate(await cipher.open(row.data, packedContext(context)));
  return cipher.open(row.data, context);
}
