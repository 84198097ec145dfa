/**
 * Deflate and inflate (zlib format) with the platform's `CompressionStream`, on whichever thread
 * calls it; shared by row-pack.ts (small rows, and wherever Workers do not exist) and the pack
 * worker (big rows in the browser).
 */

export type PackOp = 'deflate' | 'inflate';

/** A request to the pack worker. */
export interface PackRequest {
  id: number;
  op: PackOp;
  bytes: Uint8Array;
}

/** The pack worker's answer to request `id`: the bytes, or why it failed. */
export type PackResponse = { id: number; bytes: Uint8Array } | { id: number; error: string };

/** `bytes` deflated or inflated; rejects on bytes that are not a whole zlib stream. */
export async function transform(op: PackOp, bytes: Uint8Array): Promise<Uint8Array> {
  const stream = op === 'deflate' ? new CompressionStream('deflate') : new DecompressionStream('deflate');
  const piped = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}
