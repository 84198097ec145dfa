/**
 * Size limits shared by commands (which refuse larger input) and parsers (which quarantine
 * larger peer data). Lengths are JavaScript string lengths (UTF-16 code units).
 */
export const LIMITS = {
  campaignName: 200,
  name: 200,
  codeName: 100,
  jobTitle: 200,
  language: 60,
  notes: 10_000,
  contacts: 20,
  contactValue: 200,
  tags: 50,
  tag: 60,
  followUpText: 500,
  /** Member/device ids recorded as `by`. */
  actor: 128,
  unitName: 200,
  shiftName: 100,
  issueName: 100,
  headcount: 1_000_000,
  /** Parsers read at most this many of the newest history entries per person. */
  historyWindow: 500,
} as const;
