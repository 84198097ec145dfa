import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import {
  CONTACT_KINDS,
  type Contact,
  type ContactKind,
  type Person,
  type PersonPatch,
  type Shift,
  type UnitNode,
  updatePerson,
} from '../../../domain';
import type { SpaceStore } from '../../../storage';
import { type MessageKey, t } from '../../i18n';
import { domainErrorText } from './format';

interface DetailsForm {
  name: string;
  codeName: string;
  unitId: string;
  shiftId: string;
  jobTitle: string;
  language: string;
  contacts: { kind: ContactKind; value: string }[];
  tags: string;
  notes: string;
  followText: string;
  followDue: string;
}

function formOf(p: Person): DetailsForm {
  return {
    name: p.name,
    codeName: p.codeName ?? '',
    unitId: p.unitId ?? '',
    shiftId: p.shiftId ?? '',
    jobTitle: p.jobTitle ?? '',
    language: p.language ?? '',
    contacts: p.contacts.map((c) => ({ ...c })),
    tags: p.tags.join(', '),
    notes: p.notes ?? '',
    followText: p.nextFollowUp?.text ?? '',
    followDue: p.nextFollowUp?.due ?? '',
  };
}

const FIELD_IDS: Record<string, string> = {
  name: 'pd-name',
  codeName: 'pd-codeName',
  jobTitle: 'pd-jobTitle',
  language: 'pd-language',
  contacts: 'pd-contacts',
  tags: 'pd-tags',
  notes: 'pd-notes',
  nextFollowUp: 'pd-followDue',
};

/**
 * Every editable field of a person, saved together with one tap (only the fields that changed are
 * written, so another organizer's concurrent edit of another field is kept). What is typed stays
 * in the form when a save is refused.
 */
export function PersonDetails(props: {
  person: Person;
  units: readonly UnitNode[];
  shifts: readonly Shift[];
  store: SpaceStore;
  by: string;
}) {
  const [form, setForm] = createStore<DetailsForm>(formOf(props.person));
  const [error, setError] = createSignal<{ field: string; text: string } | null>(null);
  const [status, setStatus] = createSignal('');
  // A different person (route change) resets the form; any other update of this person (a status
  // change, another organizer's edit) must not wipe what is being typed. The memo only notifies
  // when the id really changes (`on` alone would fire on every new parse of the same person).
  const personId = createMemo(() => props.person.id);
  createEffect(
    on(
      personId,
      () => {
        setForm(reconcile(formOf(props.person)));
        setError(null);
        setStatus('');
      },
      { defer: true },
    ),
  );

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const contacts: Contact[] = form.contacts
      .filter((c) => c.value.trim())
      .map((c) => ({ kind: c.kind, value: c.value }));
    const patch: PersonPatch = {
      name: form.name,
      codeName: form.codeName,
      unitId: form.unitId || null,
      shiftId: form.shiftId || null,
      jobTitle: form.jobTitle,
      language: form.language,
      contacts,
      tags: form.tags.split(','),
      notes: form.notes,
      nextFollowUp:
        form.followText.trim() || form.followDue ? { text: form.followText, due: form.followDue } : null,
    };
    const r = updatePerson(props.store.doc, props.person.id, patch, { by: props.by });
    if (!r.ok) {
      const field = r.error.field ?? 'name';
      const typed = field === 'notes' ? form.notes.length : undefined;
      setError({ field, text: domainErrorText(r.error, typed) });
      setStatus('');
      document.getElementById(FIELD_IDS[field] ?? 'pd-name')?.focus();
      return;
    }
    setError(null);
    await props.store.flush();
    setStatus(t('person.saved'));
  };

  const errFor = (field: string) => (error()?.field === field ? error()?.text : undefined);
  const input = (
    key: 'name' | 'codeName' | 'jobTitle' | 'language' | 'followText',
    label: MessageKey,
    field = key as string,
  ) => (
    <>
      <label for={`pd-${key}`}>{t(label)}</label>
      <input
        id={`pd-${key}`}
        type="text"
        value={form[key]}
        onInput={(e) => setForm(key, e.currentTarget.value)}
        aria-invalid={errFor(field) ? 'true' : undefined}
        aria-describedby={errFor(field) ? `pd-${key}-error` : undefined}
      />
      <Show when={errFor(field)}>
        <p class="error" id={`pd-${key}-error`}>
          {errFor(field)}
        </p>
      </Show>
    </>
  );

  return (
    <form class="card stack" onSubmit={save} novalidate aria-labelledby="pd-title">
      <h2 id="pd-title">{t('person.details')}</h2>
      {input('name', 'person.name')}
      {input('codeName', 'person.codeName')}
      <label for="pd-unit">{t('person.unit')}</label>
      <select id="pd-unit" value={form.unitId} onChange={(e) => setForm('unitId', e.currentTarget.value)}>
        <option value="">{t('person.none')}</option>
        <For each={props.units}>{(u) => <option value={u.id}>{u.path}</option>}</For>
      </select>
      <label for="pd-shift">{t('person.shift')}</label>
      <select id="pd-shift" value={form.shiftId} onChange={(e) => setForm('shiftId', e.currentTarget.value)}>
        <option value="">{t('person.none')}</option>
        <For each={props.shifts}>{(s) => <option value={s.id}>{s.name}</option>}</For>
      </select>
      {input('jobTitle', 'person.jobTitle')}
      {input('language', 'person.language')}

      <fieldset class="stack contacts" id="pd-contacts" tabindex="-1">
        <legend>{t('person.contacts')}</legend>
        <For each={form.contacts}>
          {(c, i) => (
            <div class="row contact">
              <label class="visually-hidden" for={`pd-contact-kind-${i()}`}>
                {t('person.contactKind')}
              </label>
              <select
                id={`pd-contact-kind-${i()}`}
                class="contact-kind"
                value={c.kind}
                onChange={(e) => setForm('contacts', i(), 'kind', e.currentTarget.value as ContactKind)}
              >
                <For each={CONTACT_KINDS}>
                  {(k) => <option value={k}>{t(`person.contact.${k}` as MessageKey)}</option>}
                </For>
              </select>
              <label class="visually-hidden" for={`pd-contact-${i()}`}>
                {t('person.contactValue')}
              </label>
              <input
                id={`pd-contact-${i()}`}
                type="text"
                value={c.value}
                onInput={(e) => setForm('contacts', i(), 'value', e.currentTarget.value)}
              />
              <button
                type="button"
                class="icon-text"
                aria-label={t('person.removeContact', { n: i() + 1 })}
                onClick={() => setForm('contacts', (list) => list.filter((_, j) => j !== i()))}
              >
                ×
              </button>
            </div>
          )}
        </For>
        <Show when={errFor('contacts')}>
          <p class="error">{errFor('contacts')}</p>
        </Show>
        <button
          type="button"
          onClick={() => setForm('contacts', (list) => [...list, { kind: 'phone', value: '' }])}
        >
          {t('person.addContact')}
        </button>
      </fieldset>

      <label for="pd-tags">{t('person.tags')}</label>
      <p class="help" id="pd-tags-help">
        {t('person.tagsHelp')}
      </p>
      <input
        id="pd-tags"
        type="text"
        value={form.tags}
        onInput={(e) => setForm('tags', e.currentTarget.value)}
        aria-describedby={errFor('tags') ? 'pd-tags-help pd-tags-error' : 'pd-tags-help'}
        aria-invalid={errFor('tags') ? 'true' : undefined}
      />
      <Show when={errFor('tags')}>
        <p class="error" id="pd-tags-error">
          {errFor('tags')}
        </p>
      </Show>

      <label for="pd-notes">{t('person.notes')}</label>
      <p class="help" id="pd-notes-help">
        {t('person.notesHelp')}
      </p>
      <textarea
        id="pd-notes"
        rows="3"
        value={form.notes}
        onInput={(e) => setForm('notes', e.currentTarget.value)}
        aria-describedby={errFor('notes') ? 'pd-notes-help pd-notes-error' : 'pd-notes-help'}
        aria-invalid={errFor('notes') ? 'true' : undefined}
      />
      <Show when={errFor('notes')}>
        <p class="error" id="pd-notes-error">
          {errFor('notes')}
        </p>
      </Show>

      <fieldset class="stack">
        <legend>{t('person.followUp')}</legend>
        {input('followText', 'person.followUpText', 'nextFollowUp-text')}
        <label for="pd-followDue">{t('person.followUpDue')}</label>
        <input
          id="pd-followDue"
          type="date"
          value={form.followDue}
          onInput={(e) => setForm('followDue', e.currentTarget.value)}
          aria-invalid={errFor('nextFollowUp') ? 'true' : undefined}
          aria-describedby={errFor('nextFollowUp') ? 'pd-followDue-error' : undefined}
        />
        <Show when={errFor('nextFollowUp')}>
          <p class="error" id="pd-followDue-error">
            {errFor('nextFollowUp')}
          </p>
        </Show>
      </fieldset>

      <div class="row">
        <button type="submit" class="primary">
          {t('person.save')}
        </button>
        <p class="muted" role="status">
          {status()}
        </p>
      </div>
    </form>
  );
}
