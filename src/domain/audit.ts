/** Quarantine report: every record in a campaign that its parser refused. */
import type * as Y from 'yjs';
import { readIssues } from './issue';
import { listPeople } from './people';
import { readShifts } from './shift';
import type { ParseIssue } from './types';
import { readUnits } from './unit-tree';

/**
 * All quarantined records of a campaign (people, units, shifts, issues), for a "damaged
 * records" notice. Lists skip these records silently; this is where they are reported.
 */
export function auditCampaign(doc: Y.Doc): ParseIssue[] {
  return [
    ...listPeople(doc, { includeDeleted: true }).quarantined,
    ...readUnits(doc).quarantined,
    ...readShifts(doc).quarantined,
    ...readIssues(doc).quarantined,
  ];
}
