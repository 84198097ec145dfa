/**
 * The mailbox state a device keeps per space (saved through `SyncOptions.mailbox.save`, loaded at
 * start): where reading stopped, what the mailbox already holds of this device's doc, and where
 * this device's newest change is — so a relaunch downloads only the tail and `latest`/`seenBy`
 * stay truthful.
 *
 * What must stay true: `cursor` only ever names entries that were applied AND stored; `sv`/`ds`
 * describe a moment when everything this device held had been appended (or came from the
 * mailbox), so a doc that differs from them has something the mailbox lacks. The blob is the
 * caller's to encrypt (the app keeps it in the personal space); it holds seqs, a state vector,
 * a digest and device ids, nothing readable about the campaign.
 */
import * as Y from 'yjs';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../../crypto';
import { parseSeen } from './entry';

/** What is persisted. */
export interface MailboxState {
  /** Highest seq applied and stored. */
  cursor: number;
  /** State vector of the doc at the last moment it was all in the mailbox (encoded). */
  sv: Uint8Array;
  /** SHA-256 of the doc's delete set at that moment (base64url), '' when unknown. */
  ds: string;
  /** Seq of the newest entry carrying this device's changes; 0 when none. */
  lastLocalSeq: number;
  /** Receipts: `deviceId → seq` each device said it has seen. */
  seen: Record<string, number>;
  /**
   * This device refused part of the log for a reason of its own (receive.ts `refusedAny`): its doc
   * may lack what other members hold, so it never compacts this mailbox.
   */
  lacks?: boolean;
}

/** The state of a device that never used the mailbox. */
export function emptyMailboxState(): MailboxState {
  return { cursor: 0, sv: Uint8Array.of(0), ds: '', lastLocalSeq: 0, seen: {} };
}

/** Encodes the state for `save()`. */
export function encodeMailboxState(s: MailboxState): Uint8Array {
  return utf8(
    JSON.stringify({
      v: 1,
      cursor: s.cursor,
      sv: toBase64Url(s.sv),
      ds: s.ds,
      last: s.lastLocalSeq,
      seen: s.seen,
      ...(s.lacks ? { lacks: true } : {}),
    }),
  );
}

const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Decodes a saved state; a missing or unreadable blob gives the empty state (a full catch-up). */
export function decodeMailboxState(bytes: Uint8Array | null): MailboxState {
  if (!bytes) return emptyMailboxState();
  try {
    const v = JSON.parse(fromUtf8(bytes)) as Record<string, unknown>;
    if (
      v.v !== 1 ||
      !isSeq(v.cursor) ||
      typeof v.sv !== 'string' ||
      typeof v.ds !== 'string' ||
      !isSeq(v.last)
    )
      return emptyMailboxState();
    const sv = fromBase64Url(v.sv);
    Y.decodeStateVector(sv);
    const state: MailboxState = {
      cursor: v.cursor,
      sv,
      ds: v.ds,
      lastLocalSeq: v.last,
      seen: parseSeen(v.seen),
    };
    if (v.lacks === true) state.lacks = true;
    return state;
  } catch {
    return emptyMailboxState();
  }
}

/** SHA-256 (base64url) of the doc's delete set: deletions do not show in a state vector. */
export async function deleteSetDigest(doc: Y.Doc): Promise<string> {
  const ds = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)); // no structs: the delete set
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(ds))));
}

/** True when `doc` holds structs that state vector `sv` does not cover. */
export function hasStructsBeyond(doc: Y.Doc, sv: Uint8Array): boolean {
  const known = Y.decodeStateVector(sv);
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if (clock > (known.get(client) ?? 0)) return true;
  }
  return false;
}
