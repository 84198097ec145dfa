/**
 * The close marker of a survey: what makes closing one-way.
 *
 * Closing writes, besides `status: 'closed'` on the survey record, one entry in the campaign's
 * top-level `surveyCloses` map: survey id → `{ sv }`, the Yjs state vector (base64url) of the
 * closing device at that moment. The final results count exactly the responses that state vector
 * covers (the ones stored when the survey was closed), whatever happens to the record afterwards.
 *
 * What must stay true:
 * - The map is not one of the collections a revert walks (revert.ts `REVERTIBLE`), so no restore
 *   point and no member undo ever removes or changes a marker; a concurrent edit that sets the
 *   record's `status` back to `published` changes nothing either, because a survey with a marker
 *   is closed whatever its `status` field says (survey-record.ts).
 * - A key once in the map stays: Yjs keeps a deleted map entry's key, so even a deleted marker
 *   keeps the survey closed; its state vector is gone then, and the final set is empty (results
 *   disappear rather than change).
 * - The first close writes the marker; a later close finds it and writes nothing. Two members who
 *   close the same survey while apart write two markers; every device keeps the same one (Yjs
 *   picks it), so all devices agree once they meet (docs/threat-model.md, Surveys, states the limit).
 * - Responses are never removed from a survey's `responses` list by a revert (revert.ts), so the
 *   final set cannot shrink either.
 */
import * as Y from 'yjs';
import { decodeBase64Url, encodeBase64Url } from '../ids';

/** Name of the top-level map holding close markers. */
export const SURVEY_CLOSES = 'surveyCloses';

/** Largest encoded state vector accepted in a marker (characters). */
const MAX_SV = 64 * 1024;

/** What a survey's close marker says. */
export type CloseMarker =
  /** No marker: the survey was never closed through a marker (or closed by older code). */
  | { readonly kind: 'none' }
  /** Closed; the final results count the responses this state vector covers. */
  | { readonly kind: 'closed'; readonly covers: ReadonlyMap<number, number> }
  /** Closed, but the marker was deleted or is unreadable: nothing counts any more. */
  | { readonly kind: 'broken' };

/** The campaign's close markers. */
export function closesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SURVEY_CLOSES);
}

/** Reads a survey's close marker (never throws). */
export function readCloseMarker(doc: Y.Doc | null, surveyId: string): CloseMarker {
  if (!doc) return { kind: 'none' };
  const item = closesMap(doc)._map.get(surveyId);
  if (!item) return { kind: 'none' };
  if (item.deleted) return { kind: 'broken' };
  const content = item.content.getContent();
  const value = content[content.length - 1] as { sv?: unknown } | null;
  const sv = value && typeof value === 'object' ? value.sv : undefined;
  if (typeof sv !== 'string' || sv.length > MAX_SV) return { kind: 'broken' };
  try {
    return { kind: 'closed', covers: Y.decodeStateVector(decodeBase64Url(sv)) };
  } catch {
    return { kind: 'broken' };
  }
}

/** Writes the marker (inside the caller's transaction) unless the survey already has one. */
export function writeCloseMarker(doc: Y.Doc, surveyId: string): void {
  const map = closesMap(doc);
  if (map._map.has(surveyId)) return;
  map.set(surveyId, { sv: encodeBase64Url(Y.encodeStateVector(doc)) });
}

/**
 * True when a list item was stored before the close the marker records (its id is covered by
 * the closing device's state vector).
 */
export function coveredByClose(marker: CloseMarker, id: Y.ID): boolean {
  if (marker.kind === 'none') return true;
  if (marker.kind === 'broken') return false;
  return id.clock < (marker.covers.get(id.client) ?? 0);
}
