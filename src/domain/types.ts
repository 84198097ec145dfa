/**
 * Typed records, as parsers return them. Only parsers produce these from doc data; anything
 * read from a Y.Doc before parsing is a `Remote…` value (untrusted: any peer can write anything).
 */
import type { Assessment } from './people/assessment';

/** How a contact can be reached. */
export const CONTACT_KINDS = ['phone', 'email', 'signal', 'whatsapp', 'other'] as const;
/** One of `CONTACT_KINDS`. */
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** A way to reach a person. */
export interface Contact {
  readonly kind: ContactKind;
  readonly value: string;
}

/** One assessment change: `value` null means the rating was cleared. */
export interface AssessmentEntry {
  readonly value: Assessment | null;
  /** ISO timestamp of the change. */
  readonly at: string;
  /** Member/device id that made it. */
  readonly by: string;
}

/** Union card status; `date` is an ISO date (`YYYY-MM-DD`). */
export interface CardStatus {
  readonly signed: boolean;
  readonly date?: string;
}

/** One card status change. */
export interface CardEntry extends CardStatus {
  readonly at: string;
  readonly by: string;
}

/** The next step with a person; `due` is an ISO date. */
export interface FollowUp {
  readonly text: string;
  readonly due: string;
}

/** Fields every nested-map record carries. */
export interface RecordMeta {
  readonly id: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy?: string;
  /** Soft delete: the record stays in the doc so it can be restored. */
  readonly deleted: boolean;
  readonly deletedAt?: string;
  readonly deletedBy?: string;
}

/** A coworker in the campaign. */
export interface Person extends RecordMeta {
  readonly name: string;
  readonly codeName?: string;
  readonly unitId?: string;
  readonly shiftId?: string;
  readonly jobTitle?: string;
  readonly contacts: readonly Contact[];
  readonly language?: string;
  readonly assessment: Assessment | null;
  /** Oldest first (sorted by `at`); at most `LIMITS.historyWindow` newest entries. */
  readonly assessmentHistory: readonly AssessmentEntry[];
  readonly leader: boolean;
  readonly committee: boolean;
  readonly card: CardStatus;
  /** Oldest first (sorted by `at`); at most `LIMITS.historyWindow` newest entries. */
  readonly cardHistory: readonly CardEntry[];
  readonly tags: readonly string[];
  readonly nextFollowUp?: FollowUp;
  /**
   * The member (device id) this coworker is assigned to, the organizer who keeps in touch with
   * them; absent when nobody is. One field of the record, so it merges like any other field.
   */
  readonly assignedTo?: string;
  /** Short note shared with the committee (private notes live in the personal space). */
  readonly notes?: string;
}

/** A part of the workplace; units nest through `parentId`. */
export interface Unit extends RecordMeta {
  readonly name: string;
  readonly parentId?: string;
  readonly estimatedHeadcount?: number;
  readonly order: number;
}

/** A shift (e.g. days, nights). */
export interface Shift extends RecordMeta {
  readonly name: string;
  readonly order: number;
}

/** A workplace issue (e.g. heat, scheduling). */
export interface Issue extends RecordMeta {
  readonly name: string;
}

/** Untrusted person data read from a doc or a file; only `parsePerson` turns it into a `Person`. */
export type RemotePerson = unknown;
/** Untrusted unit data; see `parseUnit`. */
export type RemoteUnit = unknown;
/** Untrusted shift data; see `parseShift`. */
export type RemoteShift = unknown;
/** Untrusted issue data; see `parseIssue`. */
export type RemoteIssue = unknown;

/** Why a record was quarantined. */
export type ParseIssueCode =
  | 'invalid-id'
  | 'not-found'
  | 'not-a-record'
  | 'missing'
  | 'wrong-type'
  | 'empty'
  | 'too-long'
  | 'too-many'
  | 'invalid-value'
  | 'unreadable';

/** A record that could not be parsed: which one, which field, and why. */
export interface ParseIssue {
  readonly code: ParseIssueCode;
  readonly id: string;
  readonly field?: string;
  readonly collection?: string;
}
