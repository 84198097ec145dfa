/** Shared helpers for the domain test suites (not a test file itself). */
import * as Y from 'yjs';
import { type CommandContext, initCampaign, type Result } from '../../src/domain';

/** A clock that ticks one second per call, from a fixed start. */
export function tickingClock(start = '2025-03-01T10:00:00.000Z'): () => Date {
  let t = Date.parse(start);
  return () => {
    t += 1000;
    return new Date(t);
  };
}

/** A command context for one organizer with a deterministic clock. */
export function ctxFor(by: string, extra: Partial<CommandContext> = {}): CommandContext {
  return { by, now: tickingClock(), ...extra };
}

/** A fresh, initialized campaign doc. */
export function newCampaign(name = 'Warehouse 7'): Y.Doc {
  const doc = new Y.Doc();
  value(initCampaign(doc, { name, by: 'founder', now: () => new Date('2025-01-01T00:00:00.000Z') }));
  return doc;
}

/** The value of a successful result; fails the test with the error otherwise. */
export function value<T, E>(r: Result<T, E>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)} ${String(r.error)}`);
  return r.value;
}

/** The error code of a failed result; fails the test if it succeeded. */
export function codeOf<T, E extends { code: string }>(r: Result<T, E>): string {
  if (r.ok) throw new Error(`expected an error, got ok ${JSON.stringify(r.value)}`);
  return r.error.code;
}

/** Exchanges full state both ways, as two peers meeting would. */
export function syncBoth(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB, 'peer-a');
  Y.applyUpdate(a, toA, 'peer-b');
}

/** A doc that starts as a copy of `source` (a second device that joined the campaign). */
export function replica(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), 'join');
  return doc;
}

/** Counts transactions and updates a doc emits while `fn` runs. */
export function watch(
  doc: Y.Doc,
  fn: () => void,
): { transactions: number; updates: number; origins: unknown[] } {
  const seen = { transactions: 0, updates: 0, origins: [] as unknown[] };
  const onTx = (tr: Y.Transaction) => {
    seen.transactions++;
    seen.origins.push(tr.origin);
  };
  const onUpdate = () => {
    seen.updates++;
  };
  doc.on('afterTransaction', onTx);
  doc.on('update', onUpdate);
  try {
    fn();
  } finally {
    doc.off('afterTransaction', onTx);
    doc.off('update', onUpdate);
  }
  return seen;
}
