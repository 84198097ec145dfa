/**
 * The decode worker: checks one remote update per request with `checkUpdate` (full decode, the
 * structural checks and the apply budget) and answers with the verdict, which carries the update's
 * apply cost (apply-budget.ts). It runs in a dedicated module Worker started
 * by `DecodeGuard` (decode-guard.ts), so a slow or memory-hungry decode never blocks the UI thread;
 * the guard terminates it when it overruns its time budget.
 *
 * What must stay true: this file has no state between requests and never touches a Y.Doc; it only
 * reports whether the bytes are safe to apply. The main thread applies them.
 */
import type { ApplyCost } from './apply-budget';
import { inspectUpdate, type UpdateVerdict } from './validate-update';

/** A request: the update and the rules of the space it is for (sets do not cross postMessage). */
export interface DecodeRequest {
  id: number;
  update: Uint8Array;
  maxUpdateBytes: number;
  knownCollections: string[];
  /** Most items one update may apply (see apply-budget.ts); absent: the default. */
  maxApplyItems?: number;
}

/** The answer to {@link DecodeRequest} `id`. */
export interface DecodeResponse {
  id: number;
  verdict: UpdateVerdict;
  /** What applying the update will cost (null when it did not decode). */
  cost?: ApplyCost | null;
}

/** Checks one request. Never throws. */
export function answerDecodeRequest(req: DecodeRequest): DecodeResponse {
  try {
    const { verdict, cost } = inspectUpdate(req.update, {
      maxUpdateBytes: req.maxUpdateBytes,
      knownCollections: new Set(req.knownCollections),
      ...(req.maxApplyItems !== undefined ? { maxApplyItems: req.maxApplyItems } : {}),
    });
    return { id: req.id, verdict, cost };
  } catch {
    return { id: req?.id ?? -1, verdict: { ok: false, reason: 'undecodable-update' } };
  }
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null;
  postMessage(message: DecodeResponse): void;
}

// Only inside a worker: importing this module elsewhere (tests, the in-thread fallback) does nothing.
const scope = globalThis as unknown as Partial<WorkerScope> & {
  WorkerGlobalScope?: unknown;
  document?: unknown;
};
if (typeof scope.WorkerGlobalScope !== 'undefined' && typeof scope.document === 'undefined') {
  const worker = scope as WorkerScope;
  worker.onmessage = (event) => worker.postMessage(answerDecodeRequest(event.data));
}
