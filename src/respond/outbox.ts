/**
 * The respondent's outbox: sealed responses waiting to be sent, kept in localStorage so they
 * survive closing the page. Short links queue the mailbox-sealed entry until the server has it;
 * long (earlier) links queue the sealed response until an organizer's receipt.
 *
 * What must stay true: only sealed bytes are stored (plus the random response id and the receipt
 * secret, neither of which can decrypt anything), never answers in clear. Entries are filed under a
 * tag derived from the link secret (or inbox key), not the secret itself, and are deleted as soon as
 * the server acknowledged them (or a receipt arrived).
 */
import { fromBase64Url, hkdfSha256, toBase64Url } from '../crypto';

const STORAGE_KEY = 'shopfloor.survey-outbox.v1';
const MAX_ENTRIES = 50;

/** One waiting response. */
export interface OutboxEntry {
  /** Tag of the survey (HKDF of the link secret or inbox key). */
  box: string;
  id: string;
  sealed: Uint8Array;
  /** The receipt secret (long links); empty for short links, which get no receipt. */
  receipt: Uint8Array;
}

interface StoredEntry {
  box: string;
  id: string;
  sealed: string;
  receipt: string;
}

/** The tag entries of one survey are filed under (from its link secret or inbox key). */
export async function outboxTag(secret: Uint8Array): Promise<string> {
  return toBase64Url(await hkdfSha256(secret, 'shopfloor/survey-outbox/v1', 16));
}

function readAll(): StoredEntry[] {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (e): e is StoredEntry =>
        typeof e === 'object' &&
        e !== null &&
        ['box', 'id', 'sealed', 'receipt'].every(
          (k) => typeof (e as Record<string, unknown>)[k] === 'string',
        ),
    );
  } catch {
    return [];
  }
}

function writeAll(entries: StoredEntry[]): void {
  try {
    if (entries.length === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(entries.slice(-MAX_ENTRIES)));
  } catch {
    // Storage full or blocked: the page keeps the entry in memory while it stays open.
  }
}

/** Waiting entries of one inbox, oldest first. */
export function listOutbox(box: string): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  for (const e of readAll()) {
    if (e.box !== box) continue;
    try {
      out.push({ box, id: e.id, sealed: fromBase64Url(e.sealed), receipt: fromBase64Url(e.receipt) });
    } catch {
      // A damaged entry is skipped (and dropped on the next write).
    }
  }
  return out;
}

/** Queues a sealed response. */
export function addToOutbox(entry: OutboxEntry): void {
  const all = readAll().filter((e) => e.id !== entry.id);
  all.push({
    box: entry.box,
    id: entry.id,
    sealed: toBase64Url(entry.sealed),
    receipt: toBase64Url(entry.receipt),
  });
  writeAll(all);
}

/** Deletes a delivered response. */
export function removeFromOutbox(id: string): void {
  writeAll(readAll().filter((e) => e.id !== id));
}
