/**
 * The organizers' side of a survey inbox (see survey-inbox.ts): open each response, store it in the
 * campaign, then publish its receipt and delete it from the inbox.
 */
import type * as Y from 'yjs';
import { openSealedWithReceipt, receiptTag, type SurveyPrivateKey } from '../crypto';
import { isId } from '../domain/ids';
import { hashAnswerCode } from '../domain/survey-codes';
import { decodeResponse } from '../domain/survey-public';
import { addSurveyResponse, type ResponseOutcome } from '../domain/survey-responses';
import { type PublicSurvey, SURVEY_LIMITS } from '../domain/survey-types';
import { rerunGuard } from './rerun-guard';
import {
  INBOX_RECEIPTS,
  INBOX_RESPONSES,
  type InboxConnection,
  type InboxOptions,
  joinInbox,
  type ReceiptStatus,
} from './survey-inbox';

/** What collecting one response did. */
export interface CollectResult {
  outcome: ResponseOutcome | 'unreadable';
  /** Receipt to publish (absent for unreadable responses, which get none). */
  receipt?: { secret: Uint8Array; status: ReceiptStatus };
}

/**
 * Opens one sealed response, checks it against the survey, and stores it in the campaign doc
 * (sealed, as received). The caller must flush the campaign store before publishing the receipt.
 *
 * @example
 * const r = await collectResponse({ campaign: doc, survey, privateKey, by: deviceId }, id, sealed);
 * if (r.outcome === 'added') await store.flush();
 */
export async function collectResponse(
  target: { campaign: Y.Doc; survey: PublicSurvey; privateKey: SurveyPrivateKey; by: string },
  id: string,
  sealed: Uint8Array,
): Promise<CollectResult> {
  if (!isId(id) || !(sealed instanceof Uint8Array) || sealed.length > SURVEY_LIMITS.sealedBytes) {
    return { outcome: 'unreadable' };
  }
  let opened: Awaited<ReturnType<typeof openSealedWithReceipt>>;
  try {
    opened = await openSealedWithReceipt(target.privateKey, sealed);
  } catch {
    return { outcome: 'unreadable' };
  }
  const response = decodeResponse(target.survey, opened.plaintext);
  if (!response) return { outcome: 'unreadable' };
  const code = response.code ? await hashAnswerCode(target.survey.id, response.code) : null;
  const r = addSurveyResponse(
    target.campaign,
    target.survey.id,
    code ? { id, sealed, code } : { id, sealed },
    { by: target.by },
  );
  if (!r.ok) return { outcome: 'unreadable' };
  const status: ReceiptStatus =
    r.value === 'added' || r.value === 'duplicate' ? 'stored' : (r.value as ReceiptStatus);
  return { outcome: r.value, receipt: { secret: opened.receipt, status } };
}

/** Something that collects responses: see {@link attachCollector}. */
export type Collect = (id: string, sealed: Uint8Array) => Promise<CollectResult | null>;

/**
 * Collects the responses that appear in an inbox doc: each one is handed to `collect` (one at a
 * time); when it returns a receipt, the receipt tag is published and the response deleted from the
 * inbox in one transaction; an unreadable response is deleted; `null` leaves it for a later pass.
 * Returns the function that stops collecting.
 */
export function attachCollector(doc: Y.Doc, collect: Collect): () => void {
  const responses = doc.getMap<unknown>(INBOX_RESPONSES);
  const receipts = doc.getMap<unknown>(INBOX_RECEIPTS);
  const busy = new Set<string>();
  let stopped = false;
  const one = async (id: string, sealed: unknown) => {
    const r: CollectResult | null =
      sealed instanceof Uint8Array ? await collect(id, sealed) : { outcome: 'unreadable' };
    if (stopped || !r) return;
    const tag = r.receipt ? await receiptTag(r.receipt.secret, r.receipt.status) : null;
    if (stopped) return;
    doc.transact(() => {
      if (tag) receipts.set(tag, true);
      if (responses.get(id) === sealed) responses.delete(id);
    });
  };
  // One pass at a time; a response that arrives during a pass gets another pass right after it.
  const drain = rerunGuard(async () => {
    for (const [id, sealed] of [...responses.entries()]) {
      if (stopped) return true;
      if (busy.has(id)) continue;
      busy.add(id);
      await one(id, sealed)
        .catch(() => {}) // left for the next pass
        .finally(() => busy.delete(id));
    }
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
