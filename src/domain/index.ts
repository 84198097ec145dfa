/**
 * The domain: a campaign's data as a Y.Doc, with parsers, commands and queries.
 * Pure TypeScript on Yjs; imports nothing else. See docs/data-model.md.
 */

export { type BatchOutcome, idPool, must, runBatch } from './batch';
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
export { checkConversation } from './conversation/check';
export {
  type ConversationSpaces,
  conversationStore,
  deleteConversation,
  type LoggedConversation,
  logConversation,
  restoreConversation,
  savePrivateNote,
} from './conversation/commands';
export {
  addDays,
  type CompleteFollowUpInput,
  completeFollowUp,
  type FollowUpItem,
  type FollowUpsDue,
  followUpsDue,
  followUpsDueInSlices,
} from './conversation/follow-up';
export {
  type CalendarFollowUp,
  type CalendarOptions,
  escapeIcsText,
  foldIcsLine,
  followUpFileName,
  followUpsCalendar,
  followUpUid,
} from './conversation/ics';
export {
  type ConversationInput,
  type ConversationPlan,
  checkPastTime,
  checkPerson,
  planConversation,
} from './conversation/input';
export { liveConversations, liveLastTalked, primeConversations } from './conversation/live-index';
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
  nextUpInSlices,
  RECENTLY_TALKED_DAYS,
  STALE_DAYS_RANGE,
  staleDaysOf,
} from './conversation/next-up';
export { byNewest, type ConversationList, conversationsOf, listConversations } from './conversation/queries';
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
} from './conversation/record';
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
export { isIsoDate, isIsoTimestamp, localIsoDate } from './formats';
export {
  type ChangeLog,
  type ClientOwners,
  type LoggedChange,
  type MemberChanges,
  memberChanges,
  rebuildWithout,
} from './history/authorship';
export { COUNTED, deletionsIn, recordCounts } from './history/deletions';
export {
  type ActivityGroup,
  type ChangeLine,
  countLines,
  type FieldChange,
  memberActivity,
} from './history/member-activity';
export {
  type PreparedRevert,
  prepareMemberUndo,
  prepareSnapshotRestore,
  SNAPSHOT_RULES,
} from './history/member-undo';
export { auditCampaign } from './history/quarantine';
export {
  applyRevert,
  planRevert,
  REVERTIBLE,
  type RevertibleCollection,
  type RevertPlan,
  type RevertRules,
  type RevertStep,
} from './history/revert';
export { ID_PATTERN, isId, newId } from './ids';
export { LIMITS } from './limits';
export {
  MIGRATIONS,
  type MigrateOptions,
  type Migration,
  type MigrationReport,
  migrate,
  migrateV0toV1,
} from './migrate';
export {
  ASSESSMENT,
  ASSESSMENT_CODES,
  ASSESSMENTS,
  type Assessment,
  type AssessmentCode,
  isAssessment,
} from './people/assessment';
export { assignmentCounts, assignmentsInUse, checkAssignee } from './people/assignment';
export {
  BULK_LIMIT,
  type BulkEdit,
  type BulkResult,
  bulkEditPeople,
  type UndoableBulk,
  undoableBulkEdit,
} from './people/bulk-edit';
export { createPerson, deletePerson, restorePerson, updatePerson } from './people/commands';
export { filterPeople, type PeopleFilter, tagsInUse } from './people/filter';
export type { PersonInput, PersonPatch } from './people/input';
export { type PeopleIndex, peopleIndex } from './people/live-index';
export { type PhoneLinks, phoneLinks } from './people/phone-link';
export { getPerson, listPeople, type PeopleList } from './people/queries';
export { parsePerson } from './people/record';
export { createPeopleSearch, type PeopleSearch } from './people/search';
export {
  movePerson,
  type Placement,
  rateAssessment,
  setCardSigned,
  setCommittee,
  setLeader,
} from './people/status';
export type { Changes } from './records';
export { type Err, err, type Ok, ok, type Result } from './result';
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
export { eachInSlices, mergeSorted, type SliceOptions, sortInSlices } from './slices';
export * from './survey/codes';
export * from './survey/commands';
export * from './survey/csv';
export * from './survey/definition';
export * from './survey/link';
export * from './survey/public';
export * from './survey/queries';
export * from './survey/record';
export * from './survey/responses';
export * from './survey/results';
export * from './survey/suppress';
export * from './survey/types';
export * from './types';
export {
  BARGAINING_UNIT_KEY,
  type BargainingUnit,
  bargainingUnit,
  type DenominatorSource,
  parseSizeInput,
  readBargainingUnitSize,
  type SizeInputError,
  setBargainingUnitSize,
} from './workplace/bargaining-unit';
export { type CoverageBadge, coverageBadge } from './workplace/coverage-badge';
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
} from './workplace/floor-plan';
export {
  createIssue,
  deleteIssue,
  listIssues,
  readIssues,
  renameIssue,
  restoreIssue,
} from './workplace/issues';
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
  mapModelInSlices,
} from './workplace/map-stats';
export {
  type ProgressOptions,
  peopleInUnit,
  supportiveOf,
  type WeekProgress,
  weeklyProgress,
  weeklyProgressInSlices,
  weekStart,
} from './workplace/progress';
export { parseIssue, parseShift, parseUnit } from './workplace/record';
export {
  createShift,
  deleteShift,
  listShifts,
  readShifts,
  restoreShift,
  type ShiftPatch,
  updateShift,
} from './workplace/shifts';
export {
  type CampaignStats,
  campaignStats,
  campaignStatsInSlices,
  cardsRequired,
  type Distribution,
  statsBy,
  type Threshold,
} from './workplace/stats';
export {
  descendantUnitIds,
  type ListOptions,
  listUnits,
  PATH_SEPARATOR,
  readUnits,
  type UnitNode,
} from './workplace/unit-tree';
export {
  createUnit,
  deleteUnit,
  restoreUnit,
  type UnitInput,
  type UnitPatch,
  updateUnit,
} from './workplace/units';
