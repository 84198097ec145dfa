/**
 * Queries over a campaign's `surveys` collection: the surveys, one survey, its collected responses
 * and its answer-code hashes (the record type and its parsers are in record.ts).
 */
import * as Y from 'yjs';
import { isId } from '../ids';
import { parseEach } from '../records';
import { collection } from '../schema';
import type { ParseIssue } from '../types';
import { coveredByClose, readCloseMarker } from './close';
import { parseSurvey, readCodeHash, readStoredResponse, type Survey } from './record';
import type { StoredResponse } from './types';

/** Every survey in the doc, parsed; `quarantined` lists those that failed. */
export function readSurveys(doc: Y.Doc): { surveys: Survey[]; quarantined: ParseIssue[] } {
  const { records: surveys, quarantined } = parseEach(doc, 'surveys', parseSurvey);
  return { surveys, quarantined };
}

/** Live surveys, newest first; deleted ones only when asked for. */
export function listSurveys(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): Survey[] {
  return readSurveys(doc)
    .surveys.filter((s) => options.includeDeleted || !s.deleted)
    .sort((a, b) => (a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/** One survey, parsed, or null when absent or unreadable. */
export function getSurvey(doc: Y.Doc, id: string): Survey | null {
  if (!isId(id)) return null;
  const raw = collection(doc, 'surveys').get(id);
  if (raw === undefined) return null;
  const r = parseSurvey(id, raw);
  return r.ok ? r.value : null;
}

/**
 * The survey's collected responses in collection order: malformed entries dropped, and for a
 * response id seen twice (two members collected it at once) only the first kept. Code checks
 * happen in the results (`acceptedResponses`), which need the decrypted answers.
 */
export function readSurveyResponses(doc: Y.Doc, surveyId: string): StoredResponse[] {
  const raw = isId(surveyId) ? collection(doc, 'surveys').get(surveyId) : undefined;
  const list = raw instanceof Y.Map ? raw.get('responses') : undefined;
  if (!(list instanceof Y.Array)) return [];
  // A closed survey's responses are those stored when it was closed (survey-close.ts): one final
  // set, so no second breakdown can ever be computed over a different one.
  const marker = readCloseMarker(list.doc, surveyId);
  const seen = new Set<string>();
  const out: StoredResponse[] = [];
  for (let item = list._start; item; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const values = item.content.getContent();
    for (const [i, entry] of values.entries()) {
      if (!coveredByClose(marker, { client: item.id.client, clock: item.id.clock + i })) continue;
      const r = readStoredResponse(entry);
      if (!r || seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
    }
  }
  return out;
}

/** The answer-code hashes of a survey, as a set. */
export function readCodeHashes(doc: Y.Doc, surveyId: string): Set<string> {
  const raw = isId(surveyId) ? collection(doc, 'surveys').get(surveyId) : undefined;
  const list = raw instanceof Y.Map ? raw.get('codeHashes') : undefined;
  const out = new Set<string>();
  if (!(list instanceof Y.Array)) return out;
  for (const raw of list.toArray()) {
    const h = readCodeHash(raw);
    if (h) out.add(h);
  }
  return out;
}
