import type { Session } from '../../app/session';
import type { Person, Shift, UnitNode } from '../../domain';
import { t } from '../kit/i18n';
import { DetailContacts, DetailFollowUp, DetailNotes, DetailSelect, DetailText } from './DetailsFields';
import { createDetailsEditor } from './details-editor';
import type { MemberChoice } from './members';
import type { SaveStatus } from './save-status';

/**
 * Every editable field of a person. Like the rest of the page, a change saves as it is made: a
 * choice at once, typed text when the field is left (and when the app is hidden or the page
 * closed). Only that field is written, so another organizer's concurrent edit of another field is
 * kept, and fields nobody here is editing follow the record as it syncs. What is typed stays in
 * the field when a save is refused.
 */
export function PersonDetails(props: {
  person: Person;
  units: readonly UnitNode[];
  shifts: readonly Shift[];
  session: Session;
  save: SaveStatus;
  /** Members this person can be assigned to (an organizer who talks with them). */
  members: readonly MemberChoice[];
}) {
  const editor = createDetailsEditor(props);
  const assignable = () => [
    ...props.members.map((m) => ({ id: m.id, name: m.label })),
    // Assigned to a device no longer listed: still shown, and kept unless changed.
    ...(editor.form.assignedTo && !props.members.some((m) => m.id === editor.form.assignedTo)
      ? [{ id: editor.form.assignedTo, name: t('assign.other') }]
      : []),
  ];
  return (
    <section class="card stack" aria-labelledby="pd-title">
      <h2 id="pd-title">{t('person.details')}</h2>
      <p class="help">{t('person.autosave')}</p>
      <DetailText editor={editor} key="name" label="person.name" />
      <DetailText editor={editor} key="codeName" label="person.codeName" />
      <DetailSelect
        editor={editor}
        key="unitId"
        label="person.unit"
        options={props.units.map((u) => ({ id: u.id, name: u.path }))}
      />
      <DetailSelect
        editor={editor}
        key="shiftId"
        label="person.shift"
        options={props.shifts.map((s) => ({ id: s.id, name: s.name }))}
      />
      <DetailSelect
        editor={editor}
        key="assignedTo"
        label="assign.label"
        options={assignable()}
        none="assign.nobody"
      />
      <DetailText editor={editor} key="jobTitle" label="person.jobTitle" />
      <DetailText editor={editor} key="language" label="person.language" />
      <DetailContacts editor={editor} />
      <DetailText editor={editor} key="tags" label="person.tags" help="person.tagsHelp" />
      <DetailNotes editor={editor} />
      <DetailFollowUp editor={editor} />
    </section>
  );
}
