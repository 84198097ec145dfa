/**
 * The state of the "Log a conversation" screen: the form (restored from its draft), its errors,
 * "More detail" open or not, and the actions (save, discard the draft, log another). Every rule
 * comes from the domain: `checkForm` runs `checkConversation`, and `recordConversation` runs
 * `logConversation`, which checks the same input again before its first write.
 */
import { createSignal, untrack } from 'solid-js';
import { reconcile } from 'solid-js/store';
import { readLogDraft, recordConversation, saveConversation, savePersonal } from '../../app/conversation';
import { type Session, settingsOf } from '../../app/session';
import { getPerson } from '../../domain';
import { t } from '../kit/i18n';
import { domainErrorText } from './format';
import { createDraftAutosave } from './log-draft';
import {
  checkForm,
  createLogForm,
  emptyForm,
  fromDraft,
  hasContent,
  hasDetail,
  inAWeek,
  type LogForm,
  toInput,
} from './log-form';

/** This device's setting: whether "More detail" is open (personal space, never synced). */
const MORE_DETAIL_SETTING = 'logMoreDetail';
/** Form fields that live behind "More detail": it opens when one holds an error. */
const DETAIL_KEYS = ['issues', 'stake', 'vision', 'inoculation', 'ask', 'answerNote', 'at', 'place'] as const;
/** Top to bottom, for focusing the first problem. */
const FIELD_ORDER = ['who', ...DETAIL_KEYS, 'notes', 'nextText', 'nextDue'];

/** Where a logged conversation went, for the confirmation. */
export interface SavedLog {
  personId: string;
  name: string;
  visibility: 'shared' | 'private';
}

/** Sets one form field. */
export type LogUpdate = <K extends keyof LogForm>(key: K, value: LogForm[K]) => void;

const focusSoon = (id: string) => queueMicrotask(() => document.getElementById(id)?.focus());

/** The name of a live person, or undefined. */
function nameIn(session: Session, id: string | null): string | undefined {
  if (!id) return undefined;
  const r = getPerson(session.campaign.doc, id);
  return r.ok && !r.value.deleted ? r.value.name : undefined;
}

/**
 * What the kept draft means for this visit: the same person (or none chosen yet) continues it
 * (`restore`); another person's draft is offered, never overwritten (`other`, with their name).
 */
function draftOnOpen(
  session: Session,
  routePerson: string | null,
): { restore: LogForm } | { other: string } | null {
  const draft = readLogDraft(session);
  if (!draft) return null;
  const kept = fromDraft(draft.fields);
  if (kept.personId !== null && !nameIn(session, kept.personId)) kept.personId = null;
  if (!hasContent(kept)) return null;
  const sameTarget = routePerson === null || kept.personId === null || kept.personId === routePerson;
  if (!sameTarget) return { other: nameIn(session, kept.personId) ?? kept.newPersonName ?? t('log.someone') };
  if (kept.personId === null && kept.newPersonName === null && routePerson) kept.personId = routePerson;
  return { restore: kept };
}

/** The form, its errors and what shows around it; the draft is restored on creation. */
function createLogSignals(session: Session, routePerson: string | null) {
  const [form, setForm] = createLogForm(routePerson);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal<SavedLog | null>(null);
  const [restored, setRestored] = createSignal(false);
  const [otherDraft, setOtherDraft] = createSignal<string | null>(null);
  const [dirty, setDirty] = createSignal(false);
  const [moreOpen, setMoreOpen] = createSignal(settingsOf(session).get(MORE_DETAIL_SETTING) === true);
  const onOpen = draftOnOpen(session, routePerson);
  if (onOpen && 'restore' in onOpen) {
    setForm(reconcile(onOpen.restore));
    setRestored(true);
    if (hasDetail(onOpen.restore)) setMoreOpen(true);
  } else if (onOpen) setOtherDraft(onOpen.other);
  return {
    form,
    setForm,
    errors,
    setErrors,
    saving,
    setSaving,
    saved,
    setSaved,
    restored,
    setRestored,
    otherDraft,
    setOtherDraft,
    dirty,
    setDirty,
    moreOpen,
    setMoreOpen,
  };
}

type LogSignals = ReturnType<typeof createLogSignals>;

/** Editing: one field at a time (its error goes), the next step's default date, "More detail". */
function createLogEditing(session: Session, s: LogSignals) {
  /** The "by when" filled in for the organizer, cleared again if the next step is. */
  let autoDue = '';
  const update: LogUpdate = (key, value) => {
    // Dirty first: the autosave reacts to the form's change at once and writes only when dirty.
    s.setDirty(true);
    s.setForm(key, value as never);
    if (s.errors()[key as string]) s.setErrors(({ [key as string]: _, ...rest }) => rest);
  };
  const updateNext = (text: string) => {
    update('nextText', text);
    if (text.trim() && s.form.nextDue === '') {
      autoDue = inAWeek();
      update('nextDue', autoDue);
    } else if (!text.trim() && s.form.nextDue === autoDue) update('nextDue', '');
  };
  const toggleMore = () => {
    const open = !s.moreOpen();
    s.setMoreOpen(open);
    settingsOf(session).set(MORE_DETAIL_SETTING, open);
    void savePersonal(session).catch(() => {});
  };
  return { update, updateNext, toggleMore };
}

/** Marks every problem, opens "More detail" if one is there, and focuses the topmost. */
function showErrors(s: LogSignals, errs: Record<string, string>) {
  s.setErrors(errs);
  if (DETAIL_KEYS.some((k) => errs[k])) s.setMoreOpen(true);
  const first = FIELD_ORDER.find((k) => errs[k]) ?? Object.keys(errs)[0];
  focusSoon(first === 'who' ? 'log-who' : first === 'issues' ? 'log-new-issue' : `log-${first}`);
}

/**
 * Saving is one tap: the domain's checks mark every problem at once; an accepted conversation
 * shows its confirmation only once both spaces are on disk (and the draft is gone).
 */
function createLogSave(session: Session, s: LogSignals, autosave: ReturnType<typeof createDraftAutosave>) {
  const ctx = () => ({ by: session.deviceId });
  return async (e: SubmitEvent) => {
    e.preventDefault();
    if (s.saving()) return;
    const errs = checkForm(session.campaign.doc, s.form, ctx());
    if (Object.keys(errs).length > 0) return showErrors(s, errs);
    const r = recordConversation(session, toInput(s.form));
    if (!r.ok) {
      const again = checkForm(session.campaign.doc, s.form, ctx());
      return showErrors(s, Object.keys(again).length > 0 ? again : { form: domainErrorText(r.error) });
    }
    autosave.cancel();
    s.setSaving(true);
    try {
      await saveConversation(session);
      await autosave.clear();
      const { personId, visibility } = r.value;
      s.setSaved({ personId, name: nameIn(session, personId) ?? '', visibility });
      focusSoon('log-saved');
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'write-failed';
      s.setErrors({ form: domainErrorText({ code, detail: {} }) });
    } finally {
      s.setSaving(false);
    }
  };
}

/** Everything the screen shows and does. `personId`: the person preselected by the route. */
export function createLogState(session: Session, personId: () => string | undefined) {
  const routePerson = untrack(personId) ?? null;
  const s = createLogSignals(session, routePerson);
  const autosave = createDraftAutosave({
    session,
    form: s.form,
    active: () => !s.saved() && !s.otherDraft(),
    dirty: s.dirty,
  });
  const discard = async () => {
    // The form empties at once; deleting the draft on disk follows (dirty is off first, so the
    // emptied form is not written back as a draft).
    autosave.cancel();
    s.setDirty(false);
    s.setForm(reconcile(emptyForm(routePerson)));
    s.setRestored(false);
    s.setOtherDraft(null);
    s.setErrors({});
    await autosave.clear().catch(() => {});
  };
  const another = () => {
    s.setForm(reconcile(emptyForm()));
    s.setSaved(null);
    s.setRestored(false);
    s.setErrors({});
    s.setDirty(false);
    window.scrollTo(0, 0);
  };
  return {
    ...s,
    ...createLogEditing(session, s),
    save: createLogSave(session, s, autosave),
    discard,
    another,
    err: (key: string) => s.errors()[key],
  };
}

/** The screen's state, as handed to its parts. */
export type LogState = ReturnType<typeof createLogState>;
