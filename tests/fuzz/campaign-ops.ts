/**
 * Random domain commands for the convergence fuzz: what organizers do, picked by a seeded PRNG.
 * Targets come mostly from the acting phone's own view of the campaign, sometimes from ids it has
 * never seen (refused cleanly, which must write nothing).
 */
import type * as Y from 'yjs';
import {
  type Assessment,
  type CommandContext,
  completeFollowUp,
  createIssue,
  createPerson,
  createShift,
  createUnit,
  deleteConversation,
  deletePerson,
  deleteUnit,
  listConversations,
  listIssues,
  listPeople,
  listShifts,
  listUnits,
  logConversation,
  movePerson,
  type PersonPatch,
  type Result,
  rateAssessment,
  renameIssue,
  restoreConversation,
  restorePerson,
  restoreUnit,
  setCardSigned,
  setCommittee,
  setLeader,
  updatePerson,
  updateShift,
  updateUnit,
} from '../../src/domain';
import { encodeBase64Url } from '../../src/domain/ids';
import type { Rng } from './rng';

const GIVEN = [
  'Ana',
  'Bilal',
  'Chen',
  'Dmitri',
  'Esi',
  'Fatima',
  'Gökhan',
  'Hana',
  'Ígor',
  'Jun',
  'Kwame',
  'Lía',
];
const FAMILY = ['Okafor', 'Ramírez', 'Nguyễn', 'Kowalski', '王', 'Ivanova', 'Haddad', 'Müller'];
const TAGS = ['heat', 'breaks', 'pay', 'safety', 'scheduling', 'respect'];
const TITLES = ['Picker', 'Packer', 'Forklift operator', 'Loader', null];
const ASSESSMENTS: (Assessment | null)[] = [1, 2, 3, 4, 5, null];

export type OpKind =
  | 'createPerson'
  | 'updatePerson'
  | 'movePerson'
  | 'rateAssessment'
  | 'setCardSigned'
  | 'setFlag'
  | 'deletePerson'
  | 'restorePerson'
  | 'createUnit'
  | 'updateUnit'
  | 'deleteUnit'
  | 'restoreUnit'
  | 'createShift'
  | 'updateShift'
  | 'createIssue'
  | 'renameIssue'
  | 'logConversation'
  | 'completeFollowUp'
  | 'deleteConversation'
  | 'restoreConversation'
  | 'undo'
  | 'redo';

export const OP_WEIGHTS: Readonly<Record<OpKind, number>> = {
  createPerson: 8,
  updatePerson: 10,
  movePerson: 6,
  rateAssessment: 8,
  setCardSigned: 5,
  setFlag: 3,
  deletePerson: 3,
  restorePerson: 3,
  createUnit: 3,
  updateUnit: 5,
  deleteUnit: 1,
  restoreUnit: 1,
  createShift: 2,
  updateShift: 2,
  createIssue: 1,
  renameIssue: 1,
  logConversation: 6,
  completeFollowUp: 2,
  deleteConversation: 2,
  restoreConversation: 2,
  undo: 6,
  redo: 2,
};

/** Ids seen anywhere in the run, so a phone can target records it does not have yet. */
export interface KnownIds {
  people: string[];
  units: string[];
  shifts: string[];
  issues: string[];
  conversations: string[];
}

export class OpPicker {
  readonly known: KnownIds = { people: [], units: [], shifts: [], issues: [], conversations: [] };

  constructor(private readonly rng: Rng) {}

  /** A seeded 128-bit id, as `newId` makes (the run stays replayable). */
  newId = (): string => encodeBase64Url(this.rng.bytes(16));

  private name(): string {
    return `${this.rng.pick(GIVEN)} ${this.rng.pick(FAMILY)}`;
  }

  private date(): string {
    return `2025-0${this.rng.range(1, 9)}-${String(this.rng.range(1, 28)).padStart(2, '0')}`;
  }

  /** Mostly an id from the phone's own list, sometimes one from anywhere in the run. */
  private target(local: readonly { id: string }[], global: readonly string[]): string | null {
    if (global.length > 0 && (local.length === 0 || this.rng.chance(0.12))) return this.rng.pick(global);
    return local.length > 0 ? this.rng.pick(local).id : null;
  }

  private patch(units: string[], shifts: string[]): PersonPatch {
    const p: PersonPatch = {};
    const r = this.rng;
    if (r.chance(0.3)) p.name = this.name();
    if (r.chance(0.2)) p.codeName = r.chance(0.5) ? `Code ${r.int(20)}` : null;
    if (r.chance(0.3)) p.jobTitle = r.pick(TITLES);
    if (r.chance(0.3)) p.tags = [...new Set([r.pick(TAGS), r.pick(TAGS)])].slice(0, r.range(0, 2));
    if (r.chance(0.2)) p.notes = r.chance(0.8) ? `Note ${r.int(1000)} — ${r.pick(TAGS)}` : null;
    if (r.chance(0.15)) p.language = r.pick(['es', 'en', 'zh', 'ru', null]);
    if (r.chance(0.15))
      p.contacts = r.chance(0.7) ? [{ kind: 'phone', value: `+1 555 01${r.int(100)}` }] : [];
    if (r.chance(0.2)) p.nextFollowUp = r.chance(0.7) ? { text: 'Talk again', due: this.date() } : null;
    if (r.chance(0.15) && units.length) p.unitId = r.chance(0.8) ? r.pick(units) : null;
    if (r.chance(0.1) && shifts.length) p.shiftId = r.chance(0.8) ? r.pick(shifts) : null;
    if (Object.keys(p).length === 0) p.name = this.name();
    return p;
  }

  /**
   * Runs one command of `kind` on `doc`. Returns the result (ok or a coded refusal); undo/redo
   * are handled by the caller.
   */
  apply(kind: Exclude<OpKind, 'undo' | 'redo'>, doc: Y.Doc, ctx: CommandContext): Result<unknown> {
    const r = this.rng;
    const people = listPeople(doc, { includeDeleted: true }).people;
    const live = people.filter((p) => !p.deleted);
    const units = listUnits(doc, { includeDeleted: true });
    const liveUnits = units.filter((u) => !u.deleted).map((u) => u.id);
    const shifts = listShifts(doc).map((s) => s.id);
    const k = this.known;
    const person = () => this.target(live, k.people) ?? 'no-such-person-0000';
    const deadPerson = () =>
      this.target(
        people.filter((p) => p.deleted),
        k.people,
      ) ?? person();
    switch (kind) {
      case 'createPerson': {
        const res = createPerson(
          doc,
          {
            name: this.name(),
            ...(r.chance(0.5) && liveUnits.length ? { unitId: r.pick(liveUnits) } : {}),
            ...(r.chance(0.4) && shifts.length ? { shiftId: r.pick(shifts) } : {}),
            ...(r.chance(0.5) ? { assessment: r.pick(ASSESSMENTS) } : {}),
            ...(r.chance(0.2) ? { card: { signed: true, date: this.date() } } : {}),
            ...(r.chance(0.3) ? { tags: [r.pick(TAGS)] } : {}),
          },
          ctx,
        );
        if (res.ok) k.people.push(res.value);
        return res;
      }
      case 'updatePerson':
        return updatePerson(doc, person(), this.patch(liveUnits, shifts), ctx);
      case 'movePerson':
        return movePerson(
          doc,
          person(),
          {
            unitId: liveUnits.length && r.chance(0.85) ? r.pick(liveUnits) : null,
            ...(r.chance(0.5) ? { shiftId: shifts.length && r.chance(0.8) ? r.pick(shifts) : null } : {}),
          },
          ctx,
        );
      case 'rateAssessment':
        return rateAssessment(doc, person(), r.pick(ASSESSMENTS), ctx);
      case 'setCardSigned':
        return setCardSigned(
          doc,
          person(),
          r.chance(0.75) ? { signed: true, date: this.date() } : { signed: false },
          ctx,
        );
      case 'setFlag':
        return r.chance(0.5)
          ? setLeader(doc, person(), r.chance(0.6), ctx)
          : setCommittee(doc, person(), r.chance(0.6), ctx);
      case 'deletePerson':
        return deletePerson(doc, person(), ctx);
      case 'restorePerson':
        return restorePerson(doc, deadPerson(), ctx);
      case 'createUnit': {
        const res = createUnit(
          doc,
          {
            name: `Unit ${r.int(100)}`,
            ...(liveUnits.length && r.chance(0.5) ? { parentId: r.pick(liveUnits) } : {}),
            ...(r.chance(0.5) ? { estimatedHeadcount: r.int(300) } : {}),
          },
          ctx,
        );
        if (res.ok) k.units.push(res.value);
        return res;
      }
      case 'updateUnit': {
        const id = this.target(units, k.units) ?? 'no-such-unit-00000000';
        const roll = r.int(4);
        if (roll === 0) return updateUnit(doc, id, { name: `Unit ${r.int(100)}` }, ctx);
        if (roll === 1)
          return updateUnit(
            doc,
            id,
            { parentId: liveUnits.length && r.chance(0.7) ? r.pick(liveUnits) : null },
            ctx,
          );
        if (roll === 2)
          return updateUnit(doc, id, { estimatedHeadcount: r.chance(0.8) ? r.int(500) : null }, ctx);
        return updateUnit(doc, id, { order: r.int(10) }, ctx);
      }
      case 'deleteUnit':
        return deleteUnit(doc, this.target(units, k.units) ?? 'no-such-unit-00000000', ctx);
      case 'restoreUnit':
        return restoreUnit(
          doc,
          this.target(
            units.filter((u) => u.deleted),
            k.units,
          ) ?? 'no-such-unit-00000000',
          ctx,
        );
      case 'createShift': {
        const res = createShift(doc, { name: r.pick(['Days', 'Nights', 'Swing', 'Weekend']) }, ctx);
        if (res.ok) k.shifts.push(res.value);
        return res;
      }
      case 'updateShift': {
        const id =
          this.target(listShifts(doc, { includeDeleted: true }), k.shifts) ?? 'no-such-shift-0000000';
        return updateShift(doc, id, r.chance(0.5) ? { name: `Shift ${r.int(9)}` } : { order: r.int(5) }, ctx);
      }
      case 'createIssue': {
        const res = createIssue(doc, { name: `${r.pick(TAGS)} ${r.int(30)}` }, ctx);
        if (res.ok) k.issues.push(res.value);
        return res;
      }
      case 'renameIssue': {
        const id = this.target(listIssues(doc), k.issues) ?? 'no-such-issue-0000000';
        return renameIssue(doc, id, `${r.pick(TAGS)} ${r.int(30)}`, ctx);
      }
      case 'logConversation': {
        const issues = listIssues(doc).map((i) => i.id);
        const res = logConversation(
          { campaign: doc },
          {
            ...(r.chance(0.2) || live.length === 0 ? { newPersonName: this.name() } : { personId: person() }),
            ...(r.chance(0.5) ? { assessment: r.pick(ASSESSMENTS) } : {}),
            ...(r.chance(0.4)
              ? { nextStep: r.chance(0.8) ? { text: 'Bring a card', due: this.date() } : null }
              : {}),
            ...(r.chance(0.3) && issues.length ? { issueIds: [r.pick(issues)] } : {}),
            ...(r.chance(0.15) ? { newIssueNames: [`${r.pick(TAGS)} ${r.int(30)}`] } : {}),
            ...(r.chance(0.5)
              ? { ask: 'Will you sign?', answer: r.pick(['yes', 'maybe', 'no'] as const) }
              : {}),
            notes: `Talked at ${r.pick(['the gate', 'lunch', 'the bus stop'])}`,
          },
          ctx,
        );
        if (res.ok) {
          k.conversations.push(res.value.id);
          if (!k.people.includes(res.value.personId)) k.people.push(res.value.personId);
          for (const id of res.value.issueIds) if (!k.issues.includes(id)) k.issues.push(id);
        }
        return res;
      }
      case 'completeFollowUp': {
        const due = live.filter((p) => p.nextFollowUp);
        return completeFollowUp(
          { campaign: doc },
          this.target(due, k.people) ?? person(),
          { notes: 'Done', ...(r.chance(0.5) ? { next: { text: 'Check in', due: this.date() } } : {}) },
          ctx,
        );
      }
      case 'deleteConversation':
      case 'restoreConversation': {
        const all = listConversations({ campaign: doc }, { includeDeleted: true }).conversations;
        const id = this.target(all, k.conversations) ?? 'no-such-conversation0';
        return kind === 'deleteConversation'
          ? deleteConversation({ campaign: doc }, id, ctx)
          : restoreConversation({ campaign: doc }, id, ctx);
      }
    }
  }
}
