/**
 * Importing a roster as the Import & export screen does it: read a picked file (CSV from a
 * spreadsheet or .vcf from a phone), plan the import against the campaign, and apply it in one
 * transaction that is durable before the screen announces it.
 */
import type { Result } from '../domain';
import {
  applyImport,
  type CsvProblem,
  type DateOrder,
  type DuplicateChoice,
  type ImportPlan,
  type ImportSummary,
  type Mapping,
  type PlannedRow,
  parseCsvBytes,
  parseVCardBytes,
  planImport,
  type Table,
} from '../roster';
import type { Session } from './session';

/** Files larger than this are refused before reading (a 10,000-row roster is about 2 MB). */
export const ROSTER_MAX_BYTES = 25 * 1024 * 1024;

const looksLikeVCard = (bytes: Uint8Array) =>
  /^\s*BEGIN:VCARD/i.test(new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, ''));

/** A roster file as a table, with the structural problems found while parsing it. */
export interface RosterFile {
  readonly table: Table;
  readonly problems: readonly CsvProblem[];
}

/** Reads a roster file: a vCard file by its name or its first line, otherwise CSV. */
export function readRosterFile(name: string, bytes: Uint8Array): RosterFile {
  const vcard = /\.vcf$/i.test(name) || looksLikeVCard(bytes);
  return vcard ? { table: parseVCardBytes(bytes), problems: [] } : parseCsvBytes(bytes);
}

/** What the import needs besides the table and mapping: the answered date order, the file's problems. */
export interface RosterPlanInput {
  readonly dateOrder: DateOrder | null;
  readonly fileProblems: readonly CsvProblem[];
}

/** Plans importing `table` with `mapping` into the campaign as it is now. */
export function planRosterImport(
  session: Session,
  table: Table,
  mapping: Mapping,
  input: RosterPlanInput,
): ImportPlan {
  return planImport(session.campaign.doc, table, mapping, {
    ...(input.dateOrder ? { dateOrder: input.dateOrder } : {}),
    fileProblems: input.fileProblems,
  });
}

/**
 * Plans again against the campaign as it is now (a peer may have synced since the review) and
 * applies the import as one transaction, then waits until it is durable.
 * @returns the refusal of the import, or what it did.
 * @throws the store's write error when saving fails.
 */
export async function importRoster(
  session: Session,
  table: Table,
  mapping: Mapping,
  input: RosterPlanInput,
  choiceOf: (row: PlannedRow) => DuplicateChoice,
): Promise<Result<ImportSummary>> {
  const fresh = planRosterImport(session, table, mapping, input);
  const result = applyImport(session.campaign.doc, fresh, choiceOf, { by: session.deviceId });
  if (result.ok) await session.campaign.flush();
  return result;
}
