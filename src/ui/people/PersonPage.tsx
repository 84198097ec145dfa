import { createMemo, Show } from 'solid-js';
import type { Session } from '../../app/session';
import {
  type Assessment,
  completeFollowUp,
  conversationsOf,
  deletePerson,
  getPerson,
  listIssues,
  listShifts,
  listUnits,
  rateAssessment,
  restorePerson,
  savePrivateNote,
  setCardSigned,
  setCommittee,
  setLeader,
} from '../../domain';
import { createDocVersion } from '../kit/doc-signal';
import { t } from '../kit/i18n';
import { createMemberNames } from '../kit/member-names';
import { AssessmentSection } from './AssessmentSection';
import { CardAndRoles } from './CardAndRoles';
import { DeletePerson } from './DeletePerson';
import { createMemberChoices } from './members';
import { PersonDetails } from './PersonDetails';
import { PersonHeader } from './PersonHeader';
import { PrivateNoteForm } from './PrivateNoteForm';
import { createSaveStatus, type SaveResult } from './save-status';
import { Timeline } from './Timeline';

/**
 * A person: a header with where they stand and how to reach them, then their conversations, then
 * assessment (with its history), card, roles and every other field. One save pattern throughout:
 * each change is written as it is made, and one status line says "Saved" once it is on disk.
 */
export function PersonPage(props: { session: Session; personId: string }) {
  const { campaign, personal } = props.session;
  const version = createDocVersion(campaign.doc);
  const personalVersion = createDocVersion(personal.doc);
  const who = createMemberNames(props.session);
  const members = createMemberChoices(props.session);
  const ctx = () => ({ by: props.session.deviceId });
  const save = createSaveStatus();
  const saved = (r: SaveResult) => void save.done(r, () => campaign.flush());

  const person = createMemo(() => {
    version();
    const r = getPerson(campaign.doc, props.personId);
    return r.ok ? r.value : undefined;
  });
  const units = createMemo(() => {
    version();
    return listUnits(campaign.doc);
  });
  const shifts = createMemo(() => {
    version();
    return listShifts(campaign.doc);
  });
  const issues = createMemo(() => {
    version();
    return new Map(listIssues(campaign.doc, { includeDeleted: true }).map((i) => [i.id, i]));
  });
  const timeline = createMemo(() => {
    version();
    personalVersion();
    return conversationsOf({ campaign: campaign.doc, personal: personal.doc }, props.personId);
  });
  /** When someone last talked with them: the newest entry that was a conversation, not a note. */
  const lastTalked = createMemo(() => timeline().find((c) => c.kind !== 'note')?.at);

  const saveNote = async (text: string) => {
    const r = savePrivateNote(
      { campaign: campaign.doc, personal: personal.doc },
      { personId: props.personId, text },
      ctx(),
    );
    if (!r.ok) return r.error;
    await save.done(r, () => personal.flush(), t('person.noteSaved'));
    return null;
  };

  return (
    <section class="screen person">
      <a href="#/people" class="back">
        ← {t('person.back')}
      </a>
      <Show when={person()} fallback={<p>{t('person.notFound')}</p>}>
        {(p) => (
          <>
            <Show when={p().deleted}>
              <p class="warning">{t('person.deleted')}</p>
            </Show>
            <PersonHeader
              person={p()}
              unit={units().find((u) => u.id === p().unitId)?.path}
              shift={shifts().find((s) => s.id === p().shiftId)?.name}
              lastTalked={lastTalked()}
              onFollowUpDone={() =>
                saved(completeFollowUp({ campaign: campaign.doc }, props.personId, {}, ctx()))
              }
            />
            <Show when={save.error()}>
              <p class="error" role="alert">
                {save.error()}
              </p>
            </Show>

            <section class="card stack" aria-labelledby="timeline-title">
              <h2 id="timeline-title">{t('person.timeline')}</h2>
              <Show when={timeline().length > 0} fallback={<p class="muted">{t('person.timelineEmpty')}</p>}>
                <Timeline conversations={timeline()} issues={issues()} who={who()} />
              </Show>
              <Show when={!p().deleted}>
                <PrivateNoteForm onSave={saveNote} />
              </Show>
            </section>

            <AssessmentSection
              person={p()}
              who={who()}
              onRate={(v: Assessment) => saved(rateAssessment(campaign.doc, props.personId, v, ctx()))}
            />
            <CardAndRoles
              person={p()}
              who={who()}
              onCard={(signed, date) =>
                saved(
                  setCardSigned(
                    campaign.doc,
                    props.personId,
                    signed ? { signed, ...(date ? { date } : {}) } : { signed },
                    ctx(),
                  ),
                )
              }
              onLeader={(on) => saved(setLeader(campaign.doc, props.personId, on, ctx()))}
              onCommittee={(on) => saved(setCommittee(campaign.doc, props.personId, on, ctx()))}
            />
            <Show when={!p().deleted}>
              <PersonDetails
                person={p()}
                units={units()}
                shifts={shifts()}
                store={campaign}
                by={props.session.deviceId}
                save={save}
                members={members()}
              />
            </Show>
            <DeletePerson
              name={p().name}
              deleted={p().deleted}
              onDelete={() => saved(deletePerson(campaign.doc, props.personId, ctx()))}
              onRestore={() => saved(restorePerson(campaign.doc, props.personId, ctx()))}
            />
          </>
        )}
      </Show>
      <p class="save-toast" role="status" data-shown={save.status() ? 'true' : undefined}>
        {save.status()}
      </p>
    </section>
  );
}
