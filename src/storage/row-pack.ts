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
 * - Rows of {@link WORKER_MIN_BYTES} or more are deflated and inflated in a module Worker
 *   (pack-worker.ts), since Chromium runs compression on the calling thread; where no Worker
 *   exists (Node tests and tools) or it fails, the same code runs in this thread.
 * - Compression happens before encryption on this device's own data, at rest. The stored size of
 *   a row shows how well its content compresses; sizes were never hidden at rest (docs/threat-model.md).
 */
import { type PackOp, type PackRequest, type PackResponse, transform } from './pack-codec';
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

/** Rows at least this big are deflated and inflated in the pack worker where there is one. */
export const WORKER_MIN_BYTES = 64 * 1024;

/** The parts of a Worker row-pack uses (tests inject fakes). */
export interface PackWorkerLike {
  postMessage(message: PackRequest): void;
  onmessage: ((e: MessageEvent<PackResponse>) => void) | null;
  onerror: ((e: unknown) => void) | null;
  terminate(): void;
}

let factory: (() => PackWorkerLike) | null =
  typeof Worker === 'undefined'
    ? null
    : () =>
        new Worker(new URL('./pack-worker.ts', import.meta.url), {
          type: 'module',
        }) as unknown as PackWorkerLike;

/** Replaces how the pack worker is made (`null`: every row in this thread); returns the previous. */
export function setPackWorkerFactory(f: (() => PackWorkerLike) | null): (() => PackWorkerLike) | null {
  const previous = factory;
  worker?.terminate();
  worker = null;
  factory = f;
  return previous;
}

let worker: PackWorkerLike | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();

/** Fails every request in flight (the worker died) and drops the worker, so the next one starts anew. */
function failAll(why: string): void {
  worker?.terminate();
  worker = null;
  for (const w of waiting.values()) w.reject(new Error(why));
  waiting.clear();
}

function packWorker(): PackWorkerLike | null {
  if (worker || !factory) return worker;
  try {
    worker = factory();
  } catch {
    factory = null; // no worker here (a CSP, a browser without module workers): stay in this thread
    return null;
  }
  worker.onmessage = (e) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    if ('bytes' in e.data) w.resolve(e.data.bytes);
    else w.reject(new Error(e.data.error));
  };
  worker.onerror = () => failAll('pack worker failed');
  return worker;
}

/** `bytes` deflated or inflated: big rows in the pack worker (the caller's bytes are copied, not moved). */
async function run(op: PackOp, bytes: Uint8Array): Promise<Uint8Array> {
  const w = bytes.length >= WORKER_MIN_BYTES ? packWorker() : null;
  if (!w) return transform(op, bytes);
  const id = nextId++;
  const done = new Promise<Uint8Array>((resolve, reject) => waiting.set(id, { resolve, reject }));
  w.postMessage({ id, op, bytes });
  try {
    return await done;
  } catch (err) {
    // The worker could not do it (it failed or was replaced): a wrong stream fails here too.
    if (op === 'deflate' || (err as Error).message === 'pack worker failed') return transform(op, bytes);
    throw err;
  }
}

/** `bytes` deflated (zlib format). */
export function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return run('deflate', bytes);
}

/** `bytes` inflated; rejects on bytes that are not a whole zlib stream. */
export function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  return run('inflate', bytes);
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
