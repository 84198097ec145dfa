import { createEffect, For, on, onCleanup, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { Person, PersonPatch, Shift, UnitNode } from '../../domain';
import { updatePerson } from '../../domain';
import type { SpaceStore } from '../../storage';
import { type MessageKey, t } from '../kit/i18n';
import { type ContactRow, ContactsEditor } from './ContactsEditor';
import { domainErrorText } from './format';
import type { MemberChoice } from './members';
import type { SaveStatus } from './save-status';

interface DetailsForm {
  name: string;
  codeName: string;
  unitId: string;
  shiftId: string;
  assignedTo: string;
  jobTitle: string;
  language: string;
  contacts: ContactRow[];
  tags: string;
  notes: string;
  followText: string;
  followDue: string;
}
type Key = keyof DetailsForm;
const KEYS: readonly Key[] = [
  'name',
  'codeName',
  'unitId',
  'shiftId',
  'assignedTo',
  'jobTitle',
  'language',
  'contacts',
  'tags',
  'notes',
  'followText',
  'followDue',
];

function formOf(p: Person): DetailsForm {
  return {
    name: p.name,
    codeName: p.codeName ?? '',
    unitId: p.unitId ?? '',
    shiftId: p.shiftId ?? '',
    assignedTo: p.assignedTo ?? '',
    jobTitle: p.jobTitle ?? '',
    language: p.language ?? '',
    contacts: p.contacts.map((c) => ({ ...c })),
    tags: p.tags.join(', '),
    notes: p.notes ?? '',
    followText: p.nextFollowUp?.text ?? '',
    followDue: p.nextFollowUp?.due ?? '',
  };
}

/** The patch field a form field writes, and where its error shows. */
const FIELD_OF: Record<Key, keyof PersonPatch> = {
  name: 'name',
  codeName: 'codeName',
  unitId: 'unitId',
  shiftId: 'shiftId',
  assignedTo: 'assignedTo',
  jobTitle: 'jobTitle',
  language: 'language',
  contacts: 'contacts',
  tags: 'tags',
  notes: 'notes',
  followText: 'nextFollowUp',
  followDue: 'nextFollowUp',
};

function patchOf(form: DetailsForm, keys: readonly Key[]): PersonPatch {
  const patch: Record<string, unknown> = {};
  for (const key of keys) {
    switch (key) {
      case 'unitId':
      case 'shiftId':
      case 'assignedTo':
        patch[key] = form[key] || null;
        break;
      case 'contacts':
        patch.contacts = form.contacts
          .filter((c) => c.value.trim())
          .map((c) => ({ kind: c.kind, value: c.value }));
        break;
      case 'tags':
        patch.tags = form.tags.split(',');
        break;
      case 'followText':
      case 'followDue':
        patch.nextFollowUp =
          form.followText.trim() || form.followDue ? { text: form.followText, due: form.followDue } : null;
        break;
      default:
        patch[key] = form[key];
    }
  }
  return patch as PersonPatch;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

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
  store: SpaceStore;
  by: string;
  save: SaveStatus;
  /** Members this person can be assigned to (an organizer who talks with them). */
  members: readonly MemberChoice[];
}) {
  const [form, setForm] = createStore<DetailsForm>(formOf(props.person));
  const [errors, setErrors] = createStore<Record<string, string | undefined>>({});
  /** Fields typed into and not saved yet: a synced change of the record must not overwrite them. */
  const dirty = new Set<Key>();

  createEffect(
    on(
      () => props.person,
      (p, prev) => {
        if (prev && prev.id !== p.id) {
          dirty.clear();
          setForm(reconcile(formOf(p)));
          setErrors(reconcile({}));
          return;
        }
        const fresh = formOf(p);
        for (const key of KEYS) {
          if (!dirty.has(key) && !same(form[key], fresh[key])) setForm(key, fresh[key] as never);
        }
      },
      { defer: true },
    ),
  );

  const edit = <K extends Key>(key: K, value: DetailsForm[K]) => {
    setForm(key, value as never);
    dirty.add(key);
  };

  /** Saves `keys` if they differ from the record; reports through the page's save status. */
  const commit = (keys: readonly Key[]) => {
    const pending = keys.filter((k) => dirty.has(k));
    if (pending.length === 0) return;
    const field = FIELD_OF[pending[0] as Key];
    if (field === 'nextFollowUp' && form.followText.trim() && !form.followDue) {
      setErrors('nextFollowUp', t('person.followUpNeedsDate'));
      return; // kept dirty: saved once a date is picked
    }
    const patch = patchOf(form, pending);
    const current = patchOf(formOf(props.person), pending);
    for (const k of pending) dirty.delete(k);
    for (const k of pending) setErrors(FIELD_OF[k], undefined);
    if (same(patch, current)) return;
    const r = updatePerson(props.store.doc, props.person.id, patch, { by: props.by });
    if (!r.ok) {
      for (const k of pending) dirty.add(k);
      const at = r.error.field ?? field;
      setErrors(at, domainErrorText(r.error, at === 'notes' ? form.notes.length : undefined));
      props.save.clearError();
      return;
    }
    void props.save.done(r, () => props.store.flush());
  };
  const commitAll = () => commit([...dirty]);
  const onHide = () => {
    if (document.visibilityState === 'hidden') commitAll();
  };
  document.addEventListener('visibilitychange', onHide);
  // Leaving the page saves what was typed, after the page is torn down: writing (and so waking
  // the page's own memos) in the middle of Solid's cleanup breaks the teardown.
  onCleanup(() => {
    document.removeEventListener('visibilitychange', onHide);
    if (dirty.size > 0) queueMicrotask(commitAll);
  });

  const described = (field: string, help?: string) =>
    [help, errors[field] ? `pd-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const errorLine = (field: string) => (
    <Show when={errors[field]}>
      <p class="error" id={`pd-${field}-error`}>
        {errors[field]}
      </p>
    </Show>
  );
  const text = (
    key: 'name' | 'codeName' | 'jobTitle' | 'language' | 'tags',
    label: MessageKey,
    help?: MessageKey,
  ) => (
    <div class="stack-tight">
      <label for={`pd-${key}`}>{t(label)}</label>
      <Show when={help}>
        <p class="help" id={`pd-${key}-help`}>
          {t(help as MessageKey)}
        </p>
      </Show>
      <input
        id={`pd-${key}`}
        type="text"
        value={form[key]}
        onInput={(e) => edit(key, e.currentTarget.value)}
        onChange={() => commit([key])}
        aria-invalid={errors[key] ? 'true' : undefined}
        aria-describedby={described(key, help ? `pd-${key}-help` : undefined)}
      />
      {errorLine(key)}
    </div>
  );
  const select = (
    key: 'unitId' | 'shiftId' | 'assignedTo',
    label: MessageKey,
    options: { id: string; name: string }[],
    none: MessageKey = 'person.none',
  ) => (
    <div class="stack-tight">
      <label for={`pd-${key}`}>{t(label)}</label>
      <select
        id={`pd-${key}`}
        value={form[key]}
        onChange={(e) => {
          edit(key, e.currentTarget.value);
          commit([key]);
        }}
      >
        <option value="">{t(none)}</option>
        <For each={options}>{(o) => <option value={o.id}>{o.name}</option>}</For>
      </select>
      {errorLine(key)}
    </div>
  );

  return (
    <section class="card stack" aria-labelledby="pd-title">
      <h2 id="pd-title">{t('person.details')}</h2>
      <p class="help">{t('person.autosave')}</p>
      {text('name', 'person.name')}
      {text('codeName', 'person.codeName')}
      {select(
        'unitId',
        'person.unit',
        props.units.map((u) => ({ id: u.id, name: u.path })),
      )}
      {select(
        'shiftId',
        'person.shift',
        props.shifts.map((s) => ({ id: s.id, name: s.name })),
      )}
      {select(
        'assignedTo',
        'assign.label',
        [
          ...props.members.map((m) => ({ id: m.id, name: m.label })),
          // Assigned to a device no longer listed: still shown, and kept unless changed.
          ...(form.assignedTo && !props.members.some((m) => m.id === form.assignedTo)
            ? [{ id: form.assignedTo, name: t('assign.other') }]
            : []),
        ],
        'assign.nobody',
      )}
      {text('jobTitle', 'person.jobTitle')}
      {text('language', 'person.language')}
      <ContactsEditor
        rows={form.contacts}
        error={errors.contacts}
        onKind={(i, kind) =>
          edit(
            'contacts',
            form.contacts.map((c, j) => (j === i ? { ...c, kind } : c)),
          )
        }
        onValue={(i, value) =>
          edit(
            'contacts',
            form.contacts.map((c, j) => (j === i ? { ...c, value } : c)),
          )
        }
        onCommit={() => commit(['contacts'])}
        onRemove={(i) => {
          edit(
            'contacts',
            form.contacts.filter((_, j) => j !== i),
          );
          commit(['contacts']);
        }}
        onAdd={() => {
          edit('contacts', [...form.contacts, { kind: 'phone', value: '' }]);
          queueMicrotask(() => document.getElementById(`pd-contact-${form.contacts.length - 1}`)?.focus());
        }}
      />
      {text('tags', 'person.tags', 'person.tagsHelp')}
      <div class="stack-tight">
        <label for="pd-notes">{t('person.notes')}</label>
        <p class="help" id="pd-notes-help">
          {t('person.notesHelp')}
        </p>
        <textarea
          id="pd-notes"
          rows="3"
          value={form.notes}
          onInput={(e) => edit('notes', e.currentTarget.value)}
          onChange={() => commit(['notes'])}
          aria-describedby={described('notes', 'pd-notes-help')}
          aria-invalid={errors.notes ? 'true' : undefined}
        />
        {errorLine('notes')}
      </div>
      <fieldset class="stack">
        <legend>{t('person.followUp')}</legend>
        <label for="pd-followText">{t('person.followUpText')}</label>
        <input
          id="pd-followText"
          type="text"
          value={form.followText}
          onInput={(e) => edit('followText', e.currentTarget.value)}
          onChange={() => commit(['followText', 'followDue'])}
          aria-invalid={errors.nextFollowUp ? 'true' : undefined}
          aria-describedby={described('nextFollowUp')}
        />
        <label for="pd-followDue">{t('person.followUpDue')}</label>
        <input
          id="pd-followDue"
          type="date"
          value={form.followDue}
          onInput={(e) => edit('followDue', e.currentTarget.value)}
          onChange={() => commit(['followText', 'followDue'])}
          aria-invalid={errors.nextFollowUp ? 'true' : undefined}
          aria-describedby={described('nextFollowUp')}
        />
        {errorLine('nextFollowUp')}
      </fieldset>
    </section>
  );
}
