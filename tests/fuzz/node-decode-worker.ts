/**
 * decode-worker.ts on a Node worker thread, for tests: the same `answerDecodeRequest`, behind
 * worker_threads' message port instead of a browser Worker's. See {@link nodeDecodeWorkerFactory}.
 */
import { parentPort } from 'node:worker_threads';
import { answerDecodeRequest, type DecodeRequest } from '../../src/sync/wire/decode-worker';

parentPort?.on('message', (req: DecodeRequest) => parentPort?.postMessage(answerDecodeRequest(req)));
