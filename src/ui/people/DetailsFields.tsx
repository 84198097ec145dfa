/** The fields of the person page's Details form; each saves through the form's `commit`. */
import { For, Show } from 'solid-js';
import { type MessageKey, t } from '../kit/i18n';
import { ContactsEditor } from './ContactsEditor';
import type { DetailsEditor, DetailsKey } from './details-editor';

type TextKey = 'name' | 'codeName' | 'jobTitle' | 'language' | 'tags' | 'followText' | 'followDue';

/** `aria-describedby` of a field: its help, then its error when it has one. */
function described(editor: DetailsEditor, field: string, help?: string) {
  return (
    [help, editor.errors[field] ? `pd-${field}-error` : undefined].filter(Boolean).join(' ') || undefined
  );
}

/** The error line of a field (`pd-<field>-error`), when it has one. */
export function DetailError(props: { editor: DetailsEditor; field: string }) {
  return (
    <Show when={props.editor.errors[props.field]}>
      <p class="error" id={`pd-${props.field}-error`}>
        {props.editor.errors[props.field]}
      </p>
    </Show>
  );
}

/** One typed field (`pd-<key>`), saved when it is left. */
function DetailInput(props: {
  editor: DetailsEditor;
  key: TextKey;
  type?: 'text' | 'date';
  /** Where its error shows (the patch field); the key by default. */
  field?: string;
  /** What is saved together when it is left; the key alone by default. */
  commits?: readonly DetailsKey[];
  help?: string | undefined;
}) {
  const field = () => props.field ?? props.key;
  return (
    <input
      id={`pd-${props.key}`}
      type={props.type ?? 'text'}
      value={props.editor.form[props.key]}
      onInput={(e) => props.editor.edit(props.key, e.currentTarget.value)}
      onChange={() => props.editor.commit(props.commits ?? [props.key])}
      aria-invalid={props.editor.errors[field()] ? 'true' : undefined}
      aria-describedby={described(props.editor, field(), props.help)}
    />
  );
}

/** A labelled text field with optional help and its error. */
export function DetailText(props: {
  editor: DetailsEditor;
  key: 'name' | 'codeName' | 'jobTitle' | 'language' | 'tags';
  label: MessageKey;
  help?: MessageKey;
}) {
  const helpId = () => (props.help ? `pd-${props.key}-help` : undefined);
  return (
    <div class="stack-tight">
      <label for={`pd-${props.key}`}>{t(props.label)}</label>
      <Show when={props.help}>
        {(help) => (
          <p class="help" id={helpId()}>
            {t(help())}
          </p>
        )}
      </Show>
      <DetailInput editor={props.editor} key={props.key} help={helpId()} />
      <DetailError editor={props.editor} field={props.key} />
    </div>
  );
}

/** A labelled choice that saves as soon as it is made. */
export function DetailSelect(props: {
  editor: DetailsEditor;
  key: 'unitId' | 'shiftId' | 'assignedTo';
  label: MessageKey;
  options: readonly { id: string; name: string }[];
  none?: MessageKey;
}) {
  return (
    <div class="stack-tight">
      <label for={`pd-${props.key}`}>{t(props.label)}</label>
      <select
        id={`pd-${props.key}`}
        value={props.editor.form[props.key]}
        onChange={(e) => {
          props.editor.edit(props.key, e.currentTarget.value);
          props.editor.commit([props.key]);
        }}
      >
        <option value="">{t(props.none ?? 'person.none')}</option>
        <For each={props.options}>{(o) => <option value={o.id}>{o.name}</option>}</For>
      </select>
      <DetailError editor={props.editor} field={props.key} />
    </div>
  );
}

/** The shared note (the committee sees it). */
export function DetailNotes(props: { editor: DetailsEditor }) {
  const e = props.editor;
  return (
    <div class="stack-tight">
      <label for="pd-notes">{t('person.notes')}</label>
      <p class="help" id="pd-notes-help">
        {t('person.notesHelp')}
      </p>
      <textarea
        id="pd-notes"
        rows="3"
        value={e.form.notes}
        onInput={(ev) => e.edit('notes', ev.currentTarget.value)}
        onChange={() => e.commit(['notes'])}
        aria-describedby={described(e, 'notes', 'pd-notes-help')}
        aria-invalid={e.errors.notes ? 'true' : undefined}
      />
      <DetailError editor={e} field="notes" />
    </div>
  );
}

/** The follow-up: what and by when, saved together (a step needs a date). */
export function DetailFollowUp(props: { editor: DetailsEditor }) {
  const both = ['followText', 'followDue'] as const;
  return (
    <fieldset class="stack">
      <legend>{t('person.followUp')}</legend>
      <label for="pd-followText">{t('person.followUpText')}</label>
      <DetailInput editor={props.editor} key="followText" field="nextFollowUp" commits={both} />
      <label for="pd-followDue">{t('person.followUpDue')}</label>
      <DetailInput editor={props.editor} key="followDue" type="date" field="nextFollowUp" commits={both} />
      <DetailError editor={props.editor} field="nextFollowUp" />
    </fieldset>
  );
}

/** The contacts, each change saved as in the rest of the form (a new row once it has a value). */
export function DetailContacts(props: { editor: DetailsEditor }) {
  const e = props.editor;
  const setRow = (
    i: number,
    change: Partial<{ kind: (typeof e.form.contacts)[number]['kind']; value: string }>,
  ) =>
    e.edit(
      'contacts',
      e.form.contacts.map((c, j) => (j === i ? { ...c, ...change } : c)),
    );
  return (
    <ContactsEditor
      rows={e.form.contacts}
      error={e.errors.contacts}
      onKind={(i, kind) => setRow(i, { kind })}
      onValue={(i, value) => setRow(i, { value })}
      onCommit={() => e.commit(['contacts'])}
      onRemove={(i) => {
        e.edit(
          'contacts',
          e.form.contacts.filter((_, j) => j !== i),
        );
        e.commit(['contacts']);
      }}
      onAdd={() => {
        e.edit('contacts', [...e.form.contacts, { kind: 'phone', value: '' }]);
        queueMicrotask(() => document.getElementById(`pd-contact-${e.form.contacts.length - 1}`)?.focus());
      }}
    />
  );
}
