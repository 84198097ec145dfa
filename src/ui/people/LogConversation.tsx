import { createMemo, createSignal, Show, untrack } from 'solid-js';
import { reconcile } from 'solid-js/store';
import { type Session, settingsOf } from '../../app/session';
import {
  ANSWERS,
  CHANNELS,
  getPerson,
  listIssues,
  logConversation,
  peopleIndex,
  readDraft,
} from '../../domain';
import { createDocVersion } from '../kit/doc-signal';
import { type MessageKey, t } from '../kit/i18n';
import { AssessmentPicker } from './AssessmentPicker';
import { domainErrorText } from './format';
import { ChoiceChips, describedBy, ErrorLine, LogTextArea } from './LogField';
import { LogMoreDetail } from './LogMoreDetail';
import { LogOtherDraft, LogRestored, LogSaved } from './LogNotices';
import { createDraftAutosave, DRAFT_SLOT } from './log-draft';
import {
  checkForm,
  createLogForm,
  emptyForm,
  fromDraft,
  hasContent,
  inAWeek,
  type LogForm,
  toInput,
} from './log-form';
import { PersonPicker } from './PersonPicker';

export { DRAFT_SLOT };

/** This device's setting: whether "More detail" is open (personal space, never synced). */
const MORE_DETAIL_SETTING = 'logMoreDetail';
/** Form fields that live behind "More detail": it opens when one holds something or an error. */
const DETAIL_KEYS = ['issues', 'stake', 'vision', 'inoculation', 'ask', 'answerNote', 'at', 'place'] as const;
/** Top to bottom, for focusing the first problem. */
const FIELD_ORDER = ['who', ...DETAIL_KEYS, 'notes', 'nextText', 'nextDue'];

const hasDetail = (f: LogForm) =>
  f.issueIds.length > 0 ||
  f.newIssueNames.length > 0 ||
  f.issueInput.trim() !== '' ||
  [f.stake, f.vision, f.inoculation, f.ask, f.answerNote, f.place].some((v) => v.trim() !== '');

interface Saved {
  personId: string;
  name: string;
  visibility: 'shared' | 'private';
}

/**
 * Log a conversation. The quick log is who (preselected from a person's page), how, one note,
 * their answer, the assessment and the next step: five taps from the person's page. The
 * structured organizing conversation (issues, stakes, vision, inoculation, ask) is behind
 * "More detail". What is typed is kept as a draft as you type; saving is one tap, and the
 * confirmation shows only once both spaces are on disk.
 */
export function LogConversation(props: { session: Session; personId?: string | undefined }) {
  const { campaign, personal } = props.session;
  const ctx = () => ({ by: props.session.deviceId });
  const version = createDocVersion(campaign.doc);
  const routePerson = untrack(() => props.personId) ?? null;
  const [form, setForm] = createLogForm(routePerson);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal<Saved | null>(null);
  const [restored, setRestored] = createSignal(false);
  const [otherDraft, setOtherDraft] = createSignal<string | null>(null);
  const [dirty, setDirty] = createSignal(false);
  const [moreOpen, setMoreOpen] = createSignal(settingsOf(props.session).get(MORE_DETAIL_SETTING) === true);
  /** The "by when" filled in for the organizer, cleared again if the next step is. */
  let autoDue = '';

  const people = createMemo(() => {
    version();
    return peopleIndex(campaign.doc).people();
  });
  const issues = createMemo(() => {
    version();
    return listIssues(campaign.doc);
  });
  const nameOf = (id: string | null) => {
    if (!id) return undefined;
    const r = getPerson(campaign.doc, id);
    return r.ok && !r.value.deleted ? r.value.name : undefined;
  };

  // Restore a draft: the same person (or none chosen yet) continues it; another person's draft is
  // offered, never overwritten.
  const draft = readDraft(personal.doc, DRAFT_SLOT);
  if (draft) {
    const kept = fromDraft(draft.fields);
    if (kept.personId !== null && !nameOf(kept.personId)) kept.personId = null;
    const sameTarget = routePerson === null || kept.personId === null || kept.personId === routePerson;
    if (sameTarget && hasContent(kept)) {
      if (kept.personId === null && kept.newPersonName === null && routePerson) kept.personId = routePerson;
      setForm(reconcile(kept));
      setRestored(true);
      if (hasDetail(kept)) setMoreOpen(true);
    } else if (hasContent(kept)) {
      setOtherDraft(nameOf(kept.personId) ?? kept.newPersonName ?? t('log.someone'));
    }
  }

  const autosave = createDraftAutosave({
    personal,
    form,
    by: props.session.deviceId,
    active: () => !saved() && !otherDraft(),
    dirty,
  });

  const update = <K extends keyof LogForm>(key: K, value: LogForm[K]) => {
    setForm(key, value as never);
    setDirty(true);
    if (errors()[key as string]) setErrors(({ [key as string]: _, ...rest }) => rest);
  };
  const updateNext = (text: string) => {
    update('nextText', text);
    if (text.trim() && form.nextDue === '') {
      autoDue = inAWeek();
      update('nextDue', autoDue);
    } else if (!text.trim() && form.nextDue === autoDue) update('nextDue', '');
  };

  const toggleMore = () => {
    const open = !moreOpen();
    setMoreOpen(open);
    settingsOf(props.session).set(MORE_DETAIL_SETTING, open);
    void personal.flush().catch(() => {});
  };

  const discard = async () => {
    // The form empties at once; deleting the draft on disk follows (dirty is off first, so the
    // emptied form is not written back as a draft).
    autosave.cancel();
    setDirty(false);
    setForm(reconcile(emptyForm(routePerson)));
    setRestored(false);
    setOtherDraft(null);
    setErrors({});
    await autosave.clear().catch(() => {});
  };

  const showErrors = (errs: Record<string, string>) => {
    setErrors(errs);
    if (DETAIL_KEYS.some((k) => errs[k])) setMoreOpen(true);
    const first = FIELD_ORDER.find((k) => errs[k]) ?? Object.keys(errs)[0];
    const id = first === 'who' ? 'log-who' : first === 'issues' ? 'log-new-issue' : `log-${first}`;
    queueMicrotask(() => document.getElementById(id)?.focus());
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    if (saving()) return;
    const errs = checkForm(campaign.doc, form, ctx());
    if (Object.keys(errs).length > 0) return showErrors(errs);
    const r = logConversation({ campaign: campaign.doc, personal: personal.doc }, toInput(form), ctx());
    if (!r.ok) {
      const again = checkForm(campaign.doc, form, ctx());
      return showErrors(Object.keys(again).length > 0 ? again : { form: domainErrorText(r.error) });
    }
    autosave.cancel();
    setSaving(true);
    try {
      await Promise.all([campaign.flush(), personal.flush()]);
      await autosave.clear();
      setSaved({
        personId: r.value.personId,
        name: nameOf(r.value.personId) ?? '',
        visibility: r.value.visibility,
      });
      queueMicrotask(() => document.getElementById('log-saved')?.focus());
    } catch (err) {
      setErrors({
        form: domainErrorText({ code: (err as { code?: string }).code ?? 'write-failed', detail: {} }),
      });
    } finally {
      setSaving(false);
    }
  };

  const another = () => {
    setForm(reconcile(emptyForm()));
    setSaved(null);
    setRestored(false);
    setErrors({});
    setDirty(false);
    window.scrollTo(0, 0);
  };

  const err = (key: string) => errors()[key];

  return (
    <section class="screen log">
      <h1>{t('log.title')}</h1>
      <Show when={saved()}>
        {(s) => (
          <LogSaved personId={s().personId} name={s().name} visibility={s().visibility} onAnother={another} />
        )}
      </Show>
      <Show when={otherDraft()}>
        {(name) => <LogOtherDraft name={name()} onDiscard={() => void discard()} />}
      </Show>
      <Show when={!saved() && !otherDraft()}>
        <Show when={restored()}>
          <LogRestored onDiscard={() => void discard()} />
        </Show>
        <form class="stack log-form" onSubmit={save} novalidate>
          <Show when={Object.keys(errors()).length > 0}>
            <p class="error" role="alert">
              {errors().form ?? t('log.fixErrors')}
            </p>
          </Show>
          <PersonPicker
            people={people()}
            personId={form.personId}
            newPersonName={form.newPersonName}
            query={form.personQuery}
            error={err('who')}
            onQuery={(q) => update('personQuery', q)}
            onPick={(id) => {
              update('personId', id);
              update('newPersonName', null);
            }}
            onCreate={(name) => {
              update('newPersonName', name);
              update('personId', null);
            }}
            onClear={() => {
              update('personId', null);
              update('newPersonName', null);
              queueMicrotask(() => document.getElementById('log-who')?.focus());
            }}
          />

          <fieldset class="card stack">
            <legend>{t('log.how')}</legend>
            <ChoiceChips
              name="log-channel"
              label={t('log.channel')}
              values={CHANNELS}
              value={form.channel}
              labelOf={(ch) => t(`log.channel.${ch}` as MessageKey)}
              onChange={(ch) => update('channel', ch)}
            />
          </fieldset>

          <div class="card">
            <LogTextArea
              key="notes"
              label="log.notes"
              value={form.notes}
              error={err('notes')}
              onInput={(v) => update('notes', v)}
            />
          </div>

          <LogMoreDetail
            open={moreOpen()}
            onToggle={toggleMore}
            form={form}
            issues={issues()}
            errors={errors()}
            update={update}
          />

          <fieldset class="card stack">
            <legend>{t('log.answer')}</legend>
            <ChoiceChips
              name="log-answer"
              label={t('log.answer')}
              values={ANSWERS}
              value={form.answer}
              labelOf={(a) => t(`log.answer.${a}` as MessageKey)}
              onChange={(a) => update('answer', a)}
            />
          </fieldset>

          <AssessmentPicker
            name="log-assessment"
            legend={t('log.assessment')}
            value={form.assessment}
            none={t('assess.none')}
            compact
            onChange={(v) => update('assessment', v)}
          />

          <fieldset class="card stack">
            <legend>{t('log.next')}</legend>
            <label for="log-nextText">{t('log.nextText')}</label>
            <input
              id="log-nextText"
              type="text"
              value={form.nextText}
              onInput={(e) => updateNext(e.currentTarget.value)}
              aria-invalid={err('nextText') ? 'true' : undefined}
              aria-describedby={describedBy('nextText', err('nextText'))}
            />
            <ErrorLine key="nextText" error={err('nextText')} />
            <label for="log-nextDue">{t('log.nextDue')}</label>
            <p class="help" id="log-nextDue-help">
              {t('log.nextDueHelp')}
            </p>
            <input
              id="log-nextDue"
              type="date"
              value={form.nextDue}
              onInput={(e) => update('nextDue', e.currentTarget.value)}
              aria-invalid={err('nextDue') ? 'true' : undefined}
              aria-describedby={describedBy('nextDue', err('nextDue'), true)}
            />
            <ErrorLine key="nextDue" error={err('nextDue')} />
          </fieldset>

          <fieldset class="card stack">
            <legend>{t('log.visibility')}</legend>
            <label class="radio">
              <input
                type="radio"
                name="log-visibility"
                checked={form.visibility === 'shared'}
                onChange={() => update('visibility', 'shared')}
                aria-describedby="log-shared-help"
              />
              <span>
                {t('log.shared')}
                <span class="help block" id="log-shared-help">
                  {t('log.sharedHelp')}
                </span>
              </span>
            </label>
            <label class="radio">
              <input
                type="radio"
                name="log-visibility"
                checked={form.visibility === 'private'}
                onChange={() => update('visibility', 'private')}
                aria-describedby="log-private-help"
              />
              <span>
                {t('log.private')}
                <span class="help block" id="log-private-help">
                  {t('log.privateHelp')}
                </span>
              </span>
            </label>
          </fieldset>

          <div class="save-bar">
            <button type="submit" class="primary" disabled={saving()}>
              {saving() ? t('log.saving') : t('log.save')}
            </button>
          </div>
        </form>
      </Show>
    </section>
  );
}
