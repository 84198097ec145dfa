/**
 * The pack worker: deflates or inflates one row's bytes per request, off the main thread
 * (row-pack.ts sends it the big rows). Chromium runs `CompressionStream` on the thread that uses
 * it, and deflating a campaign's base (tens of MB at a join or a compaction) would otherwise take
 * hundreds of milliseconds of the UI thread.
 *
 * What must stay true: no state between requests; a request that fails is answered with an error,
 * never left without an answer.
 */
import { type PackRequest, type PackResponse, transform } from './pack-codec';

self.onmessage = async (e: MessageEvent<PackRequest>) => {
  const { id, op, bytes } = e.data;
  let answer: PackResponse;
  try {
    const out = await transform(op, bytes);
    answer = { id, bytes: out };
    (self as unknown as Worker).postMessage(answer, [out.buffer]);
  } catch (err) {
    answer = { id, error: String((err as Error)?.message ?? err) };
    (self as unknown as Worker).postMessage(answer);
  }
};
