/**
 * Checks a Yjs update from a peer before it may touch a space, and applies it all-or-nothing.
 *
 * What must stay true: `Y.applyUpdate` integrates struct after struct inside one transaction; if
 * it throws half-way, what was integrated stays. So every way a decodable update is known to make
 * Yjs 13.6 throw during integration is refused here first:
 *   - a struct whose origin, right origin or parent id points at its own client at a clock not
 *     below its own (Yjs skips the "missing" check for the own client and `findIndexSS` throws);
 *   - a delete-set range of length 0 (Yjs throws re-encoding it as a pending delete, after the
 *     structs of the same update were already integrated — found by the fuzz test);
 * and what the space must never hold is refused too:
 *   - a top-level name outside the space kind's known collections (items whose parent is a name);
 *   - sub-documents (`ContentDoc`), which Shopfloor never uses and which trigger loading logic.
 * References to other clients' structs that we do not have yet are fine: Yjs keeps such structs
 * pending until the missing ones arrive. A fuzz test (tests/unit/sync/validate.test.ts; 1.6 million
 * mutants were run once by hand) mutates valid updates and asserts that whatever passes this check
 * applies to a consistent doc without throwing; if a Yjs upgrade adds a throwing path, it shows there.
 *
 * Limit, stated plainly: Yjs does not authenticate client ids, so a member who forges structs under
 * other clients' ids can leave a doc in a state where a LATER, honest update throws (Yjs's threat
 * model: any writer can corrupt a doc). Such a failure is reported as 'apply-failed' and the
 * connection is dropped; the cure for a hostile member is removing them (key rotation).
 */
import * as Y from 'yjs';
import type { RejectReason } from '../errors';
import { type ApplyCost, costOfDecoded, DEFAULT_MAX_APPLY_ITEMS } from './apply-budget';

/** Limits for remote updates. */
export interface UpdateRules {
  /** Largest update accepted, in bytes. */
  maxUpdateBytes: number;
  /** Top-level names the space may hold. */
  knownCollections: ReadonlySet<string>;
  /** Most items (structs + delete ranges) one update may apply; default `DEFAULT_MAX_APPLY_ITEMS`. */
  maxApplyItems?: number;
}

/** Default size limit for one remote update: 32 MiB. */
export const DEFAULT_MAX_UPDATE_BYTES = 32 * 1024 * 1024;

/** Outcome of checking or applying a remote update. */
export type UpdateVerdict = { ok: true } | { ok: false; reason: RejectReason; detail?: string };

const refused = (reason: RejectReason, detail?: string): UpdateVerdict =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

/**
 * Checks a v1 Yjs update without touching any doc.
 *
 * @example
 * const verdict = checkUpdate(bytes, { maxUpdateBytes: 32 << 20, knownCollections: new Set(['people']) });
 */
/**
 * Largest clock accepted from a peer: 2^48 operations per client is far beyond any real campaign,
 * and keeps every clock and sum well inside what lib0 can encode.
 */
export const MAX_CLOCK = 2 ** 48;

export function checkUpdate(update: Uint8Array, rules: UpdateRules): UpdateVerdict {
  return inspectUpdate(update, rules).verdict;
}

/**
 * {@link checkUpdate}, also giving what applying the update will cost (null when it did not
 * decode): the decode worker sends the cost back so the guard can hold it against the space caps.
 */
export function inspectUpdate(
  update: Uint8Array,
  rules: UpdateRules,
): { verdict: UpdateVerdict; cost: ApplyCost | null } {
  if (!(update instanceof Uint8Array)) return { verdict: refused('undecodable-update'), cost: null };
  if (update.length > rules.maxUpdateBytes)
    return { verdict: refused('oversized-update', String(update.length)), cost: null };
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { verdict: refused('undecodable-update'), cost: null };
  }
  const cost = costOfDecoded(decoded, update.length);
  return { verdict: checkDecoded(decoded, cost, rules), cost };
}

function checkDecoded(
  decoded: ReturnType<typeof Y.decodeUpdate>,
  cost: ApplyCost,
  rules: UpdateRules,
): UpdateVerdict {
  for (const struct of decoded.structs) {
    // Zero-length structs share a clock with their neighbour and break Yjs's binary search.
    if (!(struct.length > 0) || !(struct.id.clock + struct.length <= MAX_CLOCK)) {
      return refused('invalid-reference');
    }
    if (!(struct instanceof Y.Item)) continue; // GC and Skip carry no content and no parent
    const id = struct.id;
    // Decoded (not yet integrated) items hold a top-level name, an ID, or null as parent.
    const parent = struct.parent as unknown;
    if (typeof parent === 'string' && !rules.knownCollections.has(parent)) {
      return refused('unknown-collection', parent.slice(0, 64));
    }
    if (struct.content instanceof Y.ContentDoc) return refused('unsupported-content');
    const refs = [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null];
    for (const ref of refs) {
      if (!ref) continue;
      // A reference clock past MAX_CLOCK is accepted by Yjs as "pending", after which the doc can no
      // longer be encoded (lib0 throws "Integer out of Range"): compaction and sync would break.
      if (!(ref.clock >= 0 && ref.clock <= MAX_CLOCK)) return refused('invalid-reference');
      if (ref.client === id.client && ref.clock >= id.clock) return refused('invalid-reference');
    }
  }
  for (const deletes of decoded.ds.clients.values()) {
    for (const d of deletes) {
      // A zero-length delete range makes Yjs throw while re-encoding unapplied deletes.
      if (!(d.len > 0) || !(d.clock + d.len <= MAX_CLOCK)) return refused('invalid-reference');
    }
  }
  // Decoding is bounded by the guard's time budget; applying is not (it runs on the main thread
  // and integrates struct by struct), so the item count is bounded here.
  const maxItems = rules.maxApplyItems ?? DEFAULT_MAX_APPLY_ITEMS;
  if (cost.items > maxItems) return refused('apply-budget', `${cost.items} > ${maxItems}`);
  return { ok: true };
}

/**
 * Checks `update` and, only if it passes, applies it in one transaction with `origin` (the peer),
 * so the doc is either unchanged or holds the whole update.
 *
 * @example
 * const verdict = applyRemoteUpdate(doc, bytes, peerOrigin, rules);
 * if (!verdict.ok) status.reject(verdict.reason);
 */
export function applyRemoteUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  origin: unknown,
  rules: UpdateRules,
): UpdateVerdict {
  const verdict = checkUpdate(update, rules);
  if (!verdict.ok) return verdict;
  return applyCheckedUpdate(doc, update, origin);
}

/**
 * Applies an update that already passed {@link checkUpdate} (e.g. in the decode worker, see
 * decode-guard.ts) in one transaction with `origin`, without decoding it again on this thread.
 */
export function applyCheckedUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): UpdateVerdict {
  try {
    Y.applyUpdate(doc, update, origin);
    return { ok: true };
  } catch (e) {
    // Not expected after checkUpdate (see the header); reported so a new Yjs failure mode shows.
    return refused('apply-failed', e instanceof Error ? e.message.slice(0, 120) : undefined);
  }
}
