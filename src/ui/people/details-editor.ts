/**
 * The person page's Details form: every editable field of a person as typed, saved a field at a
 * time (only that field is written, so another organizer's concurrent edit of another field is
 * kept). Fields nobody here is editing follow the record as it syncs; what is typed stays in the
 * field when a save is refused.
 */
import { createEffect, on, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { editPerson, saveCampaign } from '../../app/people';
import type { Session } from '../../app/session';
import type { Person, PersonPatch } from '../../domain';
import { t } from '../kit/i18n';
import type { ContactRow } from './ContactsEditor';
import { domainErrorText } from './format';
import type { SaveStatus } from './save-status';

export interface DetailsForm {
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
export type DetailsKey = keyof DetailsForm;

/** The patch field a form field writes, and where its error shows. */
const FIELD_OF: Record<DetailsKey, keyof PersonPatch> = {
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
const KEYS = Object.keys(FIELD_OF) as DetailsKey[];

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

function patchOf(form: DetailsForm, keys: readonly DetailsKey[]): PersonPatch {
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

/** The form of `props.person`: `edit` a field as typed, `commit` fields to save them. */
export function createDetailsEditor(props: { person: Person; session: Session; save: SaveStatus }) {
  const [form, setForm] = createStore<DetailsForm>(formOf(props.person));
  const [errors, setErrors] = createStore<Record<string, string | undefined>>({});
  /** Fields typed into and not saved yet: a synced change of the record must not overwrite them. */
  const dirty = new Set<DetailsKey>();

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

  const edit = <K extends DetailsKey>(key: K, value: DetailsForm[K]) => {
    setForm(key, value as never);
    dirty.add(key);
  };

  /** Saves `keys` if they differ from the record; reports through the page's save status. */
  const commit = (keys: readonly DetailsKey[]) => {
    const pending = keys.filter((k) => dirty.has(k));
    if (pending.length === 0) return;
    const field = FIELD_OF[pending[0] as DetailsKey];
    if (field === 'nextFollowUp' && form.followText.trim() && !form.followDue) {
      setErrors('nextFollowUp', t('person.followUpNeedsDate'));
      return; // kept dirty: saved once a date is picked
    }
    const patch = patchOf(form, pending);
    const current = patchOf(formOf(props.person), pending);
    for (const k of pending) dirty.delete(k);
    for (const k of pending) setErrors(FIELD_OF[k], undefined);
    if (same(patch, current)) return;
    const r = editPerson(props.session, props.person.id, patch);
    if (!r.ok) {
      for (const k of pending) dirty.add(k);
      const at = r.error.field ?? field;
      setErrors(at, domainErrorText(r.error, at === 'notes' ? form.notes.length : undefined));
      props.save.clearError();
      return;
    }
    void props.save.done(r, () => saveCampaign(props.session));
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
  return { form, errors, edit, commit };
}

/** The Details form, as handed to its fields. */
export type DetailsEditor = ReturnType<typeof createDetailsEditor>;
