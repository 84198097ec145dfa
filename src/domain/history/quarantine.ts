/** Quarantine report: every record in a campaign that its parser refused. */
import type * as Y from 'yjs';
import { listPeople } from '../people/queries';
import type { ParseIssue } from '../types';
import { readIssues } from '../workplace/issues';
import { readShifts } from '../workplace/shifts';
import { readUnits } from '../workplace/unit-tree';

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
