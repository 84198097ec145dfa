/**
 * The organizers' side of a survey inbox (see survey-inbox.ts): open each response, store it in the
 * campaign, then publish its receipt and delete it from the inbox.
 */
import type * as Y from 'yjs';
import { openSealedWithReceipt, receiptTag, type SurveyPrivateKey } from '../../crypto';
import { isId } from '../../domain/ids';
import { hashAnswerCode } from '../../domain/survey/codes';
import { decodeResponse } from '../../domain/survey/public';
import { type ResponseOutcome, storeResponses } from '../../domain/survey/responses';
import { type PublicSurvey, type StoredResponse, SURVEY_LIMITS } from '../../domain/survey/types';
import { rerunGuard } from '../rerun-guard';
import {
  INBOX_RECEIPTS,
  INBOX_RESPONSES,
  type InboxConnection,
  type InboxOptions,
  joinInbox,
  type ReceiptStatus,
} from './inbox';

/** What collecting one response did. */
export interface CollectResult {
  outcome: ResponseOutcome | 'unreadable';
  /** Receipt to publish (absent for unreadable responses, which get none). */
  receipt?: { secret: Uint8Array; status: ReceiptStatus };
}

type Target = { campaign: Y.Doc; survey: PublicSurvey; privateKey: SurveyPrivateKey; by: string };

/** A response opened and checked, ready to store. */
interface Opened {
  response: StoredResponse;
  receipt: Uint8Array;
}

/** Opens one sealed response and checks it against the survey; null when unreadable. */
async function openOne(target: Target, id: string, sealed: Uint8Array): Promise<Opened | null> {
  if (!isId(id) || !(sealed instanceof Uint8Array) || sealed.length > SURVEY_LIMITS.sealedBytes) {
    return null;
  }
  let opened: Awaited<ReturnType<typeof openSealedWithReceipt>>;
  try {
    opened = await openSealedWithReceipt(target.privateKey, sealed);
  } catch {
    return null;
  }
  const response = decodeResponse(target.survey, opened.plaintext);
  if (!response) return null;
  const code = response.code ? await hashAnswerCode(target.survey.id, response.code) : null;
  return { response: code ? { id, sealed, code } : { id, sealed }, receipt: opened.receipt };
}

/**
 * Opens a batch of sealed responses, checks each against the survey, and stores the readable ones
 * in the campaign doc (sealed, as received) in ONE transaction, in random order (`storeResponses`):
 * neither the stored order nor separate writes tell which arrived first. Results are in the order
 * given. The caller must flush the campaign store before publishing receipts or deleting entries.
 *
 * @example
 * const rs = await collectResponses({ campaign: doc, survey, privateKey, by: deviceId }, entries);
 * await store.flush();
 */
export async function collectResponses(
  target: Target,
  entries: readonly { id: string; sealed: Uint8Array }[],
): Promise<CollectResult[]> {
  const opened = await Promise.all(entries.map((e) => openOne(target, e.id, e.sealed)));
  const readable = opened.filter((o): o is Opened => o !== null);
  const stored = storeResponses(
    target.campaign,
    target.survey.id,
    readable.map((o) => o.response),
    { by: target.by },
  );
  const outcomes = new Map(readable.map((o, i) => [o, stored[i]!]));
  return opened.map((o): CollectResult => {
    const r = o ? outcomes.get(o) : undefined;
    if (!o || !r?.ok) return { outcome: 'unreadable' };
    const status: ReceiptStatus =
      r.value === 'added' || r.value === 'duplicate' ? 'stored' : (r.value as ReceiptStatus);
    return { outcome: r.value, receipt: { secret: o.receipt, status } };
  });
}

/** One response: {@link collectResponses} with a batch of one. */
export async function collectResponse(
  target: Target,
  id: string,
  sealed: Uint8Array,
): Promise<CollectResult> {
  const [r] = await collectResponses(target, [{ id, sealed }]);
  return r ?? { outcome: 'unreadable' };
}

/**
 * Something that collects a batch of responses: see {@link attachCollector}. Returns one result
 * per entry, in order; a null result (or null for the whole batch) leaves the entry for later.
 */
export type Collect = (
  entries: { id: string; sealed: Uint8Array }[],
) => Promise<(CollectResult | null)[] | null>;

/**
 * Collects the responses that appear in an inbox doc: each pass hands everything there is, as one
 * batch, to `collect` (which stores it in one transaction, in random order); then, in one inbox
 * transaction, every receipt tag is published and the responses deleted. An unreadable response
 * is deleted; a null result leaves it for a later pass. Returns the function that stops collecting.
 */
export function attachCollector(doc: Y.Doc, collect: Collect): () => void {
  const responses = doc.getMap<unknown>(INBOX_RESPONSES);
  const receipts = doc.getMap<unknown>(INBOX_RECEIPTS);
  let stopped = false;
  const pass = async () => {
    const all = [...responses.entries()];
    if (all.length === 0) return;
    const entries = all.filter((e): e is [string, Uint8Array] => e[1] instanceof Uint8Array);
    const results = entries.length > 0 ? await collect(entries.map(([id, sealed]) => ({ id, sealed }))) : [];
    if (stopped || !results) return;
    const done: { id: string; sealed: unknown; tag: string | null }[] = all
      .filter((e) => !(e[1] instanceof Uint8Array))
      .map(([id, sealed]) => ({ id, sealed, tag: null }));
    for (const [i, [id, sealed]] of entries.entries()) {
      const r = results[i];
      if (!r) continue;
      done.push({ id, sealed, tag: r.receipt ? await receiptTag(r.receipt.secret, r.receipt.status) : null });
    }
    if (stopped || done.length === 0) return;
    doc.transact(() => {
      for (const d of done) {
        if (d.tag) receipts.set(d.tag, true);
        if (responses.get(d.id) === d.sealed) responses.delete(d.id);
      }
    });
  };
  // One pass at a time; responses that arrive during a pass get another pass right after it.
  const drain = rerunGuard(async () => {
    if (stopped) return true;
    await pass().catch(() => {}); // left for the next pass
    return stopped;
  });
  const onChange = () => void drain();
  responses.observe(onChange);
  void drain();
  return () => {
    stopped = true;
    responses.unobserve(onChange);
  };
}

/** Joins an inbox (fresh doc) and keeps collecting it (see {@link attachCollector}). */
export function collectInbox(opts: InboxOptions & { collect: Collect }): InboxConnection {
  const conn = joinInbox(opts);
  const detach = attachCollector(conn.doc, opts.collect);
  return {
    ...conn,
    async stop() {
      detach();
      await conn.stop();
      conn.doc.destroy();
    },
  };
}
