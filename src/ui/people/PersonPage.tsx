import { createMemo, Show } from 'solid-js';
import { markFollowUpDone, writePrivateNote } from '../../app/conversation';
import {
  deletePersonRecord,
  markCard,
  markCommittee,
  markLeader,
  ratePerson,
  undeletePersonRecord,
} from '../../app/people';
import type { Session } from '../../app/session';
import {
  type Assessment,
  conversationsOf,
  getPerson,
  listIssues,
  listShifts,
  listUnits,
  type Person,
} from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { t } from '../kit/i18n';
import { createMemberNames } from '../kit/member-names';
import { AssessmentSection } from './AssessmentSection';
import { CardAndRoles } from './CardAndRoles';
import { DeletePerson } from './DeletePerson';
import { createMemberChoices } from './members';
import { PersonDetails } from './PersonDetails';
import { PersonHeader } from './PersonHeader';
import { PrivateNoteForm } from './PrivateNoteForm';
import { createSaveStatus, type SaveResult, type SaveStatus } from './save-status';
import { Timeline } from './Timeline';

/** What the person page shows, each re-read once per burst of changes to the spaces. */
function createPersonView(session: Session, personId: () => string) {
  const { campaign, personal } = session;
  const timeline = createDocQuery([campaign.doc, personal.doc] as const, ([c, p]) =>
    conversationsOf({ campaign: c, personal: p }, personId()),
  );
  return {
    person: createDocQuery(campaign.doc, (doc) => {
      const r = getPerson(doc, personId());
      return r.ok ? r.value : undefined;
    }),
    units: createDocQuery(campaign.doc, (doc) => listUnits(doc)),
    shifts: createDocQuery(campaign.doc, (doc) => listShifts(doc)),
    issues: createDocQuery(
      campaign.doc,
      (doc) => new Map(listIssues(doc, { includeDeleted: true }).map((i) => [i.id, i])),
    ),
    timeline,
    /** When someone last talked with them: the newest entry that was a conversation, not a note. */
    lastTalked: createMemo(() => timeline().find((c) => c.kind !== 'note')?.at),
    who: createMemberNames(session),
    members: createMemberChoices(session),
  };
}

type PersonView = ReturnType<typeof createPersonView>;

/** The page's commands on the person, each reported through the one save status. */
function personActions(session: Session, personId: () => string, save: SaveStatus) {
  const { campaign, personal } = session;
  const saved = (r: SaveResult) => void save.done(r, () => campaign.flush());
  return {
    followUpDone: () => saved(markFollowUpDone(session, personId())),
    rate: (v: Assessment) => saved(ratePerson(session, personId(), v)),
    card: (signed: boolean, date?: string) =>
      saved(markCard(session, personId(), signed ? { signed, ...(date ? { date } : {}) } : { signed })),
    leader: (on: boolean) => saved(markLeader(session, personId(), on)),
    committee: (on: boolean) => saved(markCommittee(session, personId(), on)),
    remove: () => saved(deletePersonRecord(session, personId())),
    restore: () => saved(undeletePersonRecord(session, personId())),
    saveNote: async (text: string) => {
      const r = writePrivateNote(session, { personId: personId(), text });
      if (!r.ok) return r.error;
      await save.done(r, () => personal.flush(), t('person.noteSaved'));
      return null;
    },
  };
}

type PersonActions = ReturnType<typeof personActions>;

/**
 * A person: a header with where they stand and how to reach them, then their conversations, then
 * assessment (with its history), card, roles and every other field. One save pattern throughout:
 * each change is written as it is made, and one status line says "Saved" once it is on disk.
 */
export function PersonPage(props: { session: Session; personId: string }) {
  const view = createPersonView(props.session, () => props.personId);
  const save = createSaveStatus();
  const act = personActions(props.session, () => props.personId, save);
  return (
    <section class="screen person">
      <a href="#/people" class="back">
        ← {t('person.back')}
      </a>
      <Show when={view.person()} fallback={<p>{t('person.notFound')}</p>}>
        {(p) => <PersonSections person={p()} view={view} act={act} session={props.session} save={save} />}
      </Show>
      <p class="save-toast" role="status" data-shown={save.status() ? 'true' : undefined}>
        {save.status()}
      </p>
    </section>
  );
}

/** Everything about one (found) person, top to bottom. */
function PersonSections(props: {
  person: Person;
  view: PersonView;
  act: PersonActions;
  session: Session;
  save: SaveStatus;
}) {
  const v = props.view;
  return (
    <>
      <Show when={props.person.deleted}>
        <p class="warning">{t('person.deleted')}</p>
      </Show>
      <PersonHeader
        person={props.person}
        unit={v.units().find((u) => u.id === props.person.unitId)?.path}
        shift={v.shifts().find((s) => s.id === props.person.shiftId)?.name}
        lastTalked={v.lastTalked()}
        onFollowUpDone={props.act.followUpDone}
      />
      <Show when={props.save.error()}>
        <p class="error" role="alert">
          {props.save.error()}
        </p>
      </Show>
      <section class="card stack" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('person.timeline')}</h2>
        <Show when={v.timeline().length > 0} fallback={<p class="muted">{t('person.timelineEmpty')}</p>}>
          <Timeline conversations={v.timeline()} issues={v.issues()} who={v.who()} />
        </Show>
        <Show when={!props.person.deleted}>
          <PrivateNoteForm onSave={props.act.saveNote} />
        </Show>
      </section>
      <AssessmentSection person={props.person} who={v.who()} onRate={props.act.rate} />
      <CardAndRoles
        person={props.person}
        who={v.who()}
        onCard={props.act.card}
        onLeader={props.act.leader}
        onCommittee={props.act.committee}
      />
      <Show when={!props.person.deleted}>
        <PersonDetails
          person={props.person}
          units={v.units()}
          shifts={v.shifts()}
          session={props.session}
          save={props.save}
          members={v.members()}
        />
      </Show>
      <DeletePerson
        name={props.person.name}
        deleted={props.person.deleted}
        onDelete={props.act.remove}
        onRestore={props.act.restore}
      />
    </>
  );
}
