/**
 * A `WorkerFactory` backed by a real Node worker thread running decode-worker.ts (through tsx), so
 * the guard's budget is tested against a real decode on a real second thread.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerFactory, WorkerLike } from '../../src/sync/wire/decode-guard';
import type { DecodeResponse } from '../../src/sync/wire/decode-worker';

export function nodeDecodeWorkerFactory(onStart?: (w: Worker) => void): WorkerFactory {
  return () => {
    const worker = new Worker(new URL('./node-decode-worker.mjs', import.meta.url));
    onStart?.(worker);
    const like: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage: (m) => worker.postMessage(m),
      terminate: () => void worker.terminate(),
    };
    worker.on('message', (data: DecodeResponse) => like.onmessage?.({ data }));
    worker.on('error', (e) => like.onerror?.(e));
    return like;
  };
}
