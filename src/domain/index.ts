/**
 * The domain: a campaign's data as a Y.Doc, with parsers, commands and queries.
 * Pure TypeScript on Yjs; imports nothing else. See docs/data-model.md.
 */
export {
  ASSESSMENT,
  ASSESSMENT_CODES,
  ASSESSMENTS,
  type Assessment,
  type AssessmentCode,
  isAssessment,
} from './assessment';
export { assignmentCounts, assignmentsInUse, checkAssignee } from './assignment';
export { auditCampaign } from './audit';
export {
  type ChangeLog,
  type ClientOwners,
  type LoggedChange,
  type MemberChanges,
  memberChanges,
  rebuildWithout,
} from './authorship';
export {
  BARGAINING_UNIT_KEY,
  type BargainingUnit,
  bargainingUnit,
  type DenominatorSource,
  parseSizeInput,
  readBargainingUnitSize,
  type SizeInputError,
  setBargainingUnitSize,
} from './bargaining-unit';
export { type BatchOutcome, idPool, must, runBatch } from './batch';
export {
  BULK_LIMIT,
  type BulkEdit,
  type BulkResult,
  bulkEditPeople,
  type UndoableBulk,
  undoableBulkEdit,
} from './bulk-edit';
export {
  type CampaignMeta,
  campaignName,
  type InitCampaignInput,
  initCampaign,
  readCampaignMeta,
  renameCampaign,
  setDirectOnly,
} from './campaign';
export { type CommandContext, LOCAL_ORIGIN, MIGRATION_ORIGIN } from './context';
export {
  type ConversationSpaces,
  conversationStore,
  deleteConversation,
  type LoggedConversation,
  logConversation,
  restoreConversation,
  savePrivateNote,
} from './conversation';
export { checkConversation } from './conversation-check';
export {
  type ConversationInput,
  type ConversationPlan,
  checkPastTime,
  checkPerson,
  planConversation,
} from './conversation-input';
export {
  ANSWERS,
  type Answer,
  CHANNELS,
  type Channel,
  CONVERSATION_KINDS,
  CONVERSATION_LIMITS,
  CONVERSATION_TEXTS,
  type Conversation,
  type ConversationKind,
  type ConversationText,
  parseConversation,
  type RemoteConversation,
  type Visibility,
} from './conversation-record';
export { byNewest, type ConversationList, conversationsOf, listConversations } from './conversations';
export { type CoverageBadge, coverageBadge } from './coverage-badge';
export { COUNTED, deletionsIn, recordCounts } from './deletions';
export {
  clearDraft,
  DRAFT_LIMITS,
  type Draft,
  type DraftFields,
  type DraftValue,
  readDraft,
  saveDraft,
} from './draft';
export { DomainError, type DomainErrorCode, type DomainErrorDetail } from './errors';
export { filterPeople, type PeopleFilter, tagsInUse } from './filter';
export {
  FLOOR_PLAN_LIMITS,
  FLOOR_PLAN_TYPES,
  type FloorPlan,
  type FloorPlanImage,
  type FloorPlanImageInput,
  type FloorPlanType,
  hasImageSignature,
  type Pin,
  parseFloorPlanImage,
  parsePin,
  placePin,
  readFloorPlan,
  removeFloorPlan,
  removePin,
  setFloorPlanImage,
} from './floor-plan';
export {
  addDays,
  type CompleteFollowUpInput,
  completeFollowUp,
  type FollowUpItem,
  type FollowUpsDue,
  followUpsDue,
} from './follow-up';
export { isIsoDate, isIsoTimestamp } from './formats';
export {
  type CalendarFollowUp,
  type CalendarOptions,
  escapeIcsText,
  foldIcsLine,
  followUpFileName,
  followUpsCalendar,
  followUpUid,
} from './ics';
export { ID_PATTERN, isId, newId } from './ids';
export {
  createIssue,
  deleteIssue,
  listIssues,
  readIssues,
  renameIssue,
  restoreIssue,
} from './issue';
export { LIMITS } from './limits';
export {
  type Chip,
  type CoverageStats,
  type CoverageWarning,
  chipOf,
  coverageOf,
  type Gap,
  type MapCell,
  type MapColumn,
  type MapModel,
  type MapOptions,
  type MapRow,
  mapModel,
} from './map-stats';
export {
  type ActivityGroup,
  type ChangeLine,
  countLines,
  type FieldChange,
  memberActivity,
} from './member-activity';
export {
  type PreparedRevert,
  prepareMemberUndo,
  prepareSnapshotRestore,
  SNAPSHOT_RULES,
} from './member-undo';
export {
  MIGRATIONS,
  type MigrateOptions,
  type Migration,
  type MigrationReport,
  migrate,
  migrateV0toV1,
} from './migrate';
export {
  DEFAULT_STALE_DAYS,
  daysBetween,
  lastTalkedByPerson,
  type NextUp,
  type NextUpInput,
  type NextUpItem,
  type NextUpReason,
  type NextUpScope,
  nextUp,
  RECENTLY_TALKED_DAYS,
  STALE_DAYS_RANGE,
  staleDaysOf,
} from './next-up';
export { parsePerson } from './parse-person';
export { parseIssue, parseShift, parseUnit } from './parse-records';
export { getPerson, listPeople, type PeopleList } from './people';
export { type PeopleIndex, peopleIndex } from './people-index';
export { createPerson, deletePerson, restorePerson, updatePerson } from './person';
export type { PersonInput, PersonPatch } from './person-input';
export {
  movePerson,
  type Placement,
  rateAssessment,
  setCardSigned,
  setCommittee,
  setLeader,
} from './person-status';
export { type PhoneLinks, phoneLinks } from './phone-link';
export {
  type ProgressOptions,
  peopleInUnit,
  supportiveOf,
  type WeekProgress,
  weeklyProgress,
  weekStart,
} from './progress';
export type { Changes } from './records';
export { type Err, err, type Ok, ok, type Result } from './result';
export {
  applyRevert,
  planRevert,
  REVERTIBLE,
  type RevertibleCollection,
  type RevertPlan,
  type RevertRules,
  type RevertStep,
} from './revert';
export {
  type CampaignCollection,
  isKnownCollection,
  KNOWN_COLLECTIONS,
  type PersonalCollection,
  SCHEMA_VERSION,
  type Space,
  type SpaceKind,
  schemaVersionOf,
  unknownCollections,
} from './schema';
export { findKeyOf, normalizeSearch, phoneDigitsOf, phoneQuery, searchKeyOf } from './search-key';
export {
  createShift,
  deleteShift,
  listShifts,
  readShifts,
  restoreShift,
  type ShiftPatch,
  updateShift,
} from './shift';
export {
  type CampaignStats,
  campaignStats,
  cardsRequired,
  type Distribution,
  statsBy,
  type Threshold,
} from './stats';
export * from './survey';
export * from './survey-codes';
export * from './survey-csv';
export * from './survey-definition';
export * from './survey-link';
export * from './survey-public';
export * from './survey-record';
export * from './survey-responses';
export * from './survey-results';
export * from './survey-suppress';
export * from './survey-types';
export * from './types';
export { createUnit, deleteUnit, restoreUnit, type UnitInput, type UnitPatch, updateUnit } from './unit';
export {
  descendantUnitIds,
  type ListOptions,
  listUnits,
  PATH_SEPARATOR,
  readUnits,
  type UnitNode,
} from './unit-tree';
