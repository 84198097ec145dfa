import { createEffect, createMemo, createSignal, For, on, onCleanup, Show, untrack } from 'solid-js';
import { reconcile, unwrap } from 'solid-js/store';
import {
  ANSWERS,
  CHANNELS,
  clearDraft,
  getPerson,
  listIssues,
  logConversation,
  peopleIndex,
  readDraft,
  saveDraft,
} from '../../domain';
import { AssessmentPicker } from '../components/field/AssessmentPicker';
import { domainErrorText, toLocalInput } from '../components/field/format';
import { IssuePicker } from '../components/field/IssuePicker';
import {
  checkForm,
  createLogForm,
  emptyForm,
  formFieldOf,
  fromDraft,
  hasContent,
  type LogForm,
  type TextField,
  toDraft,
  toInput,
} from '../components/field/log-form';
import { PersonPicker } from '../components/field/PersonPicker';
import { type MessageKey, t } from '../i18n';
import { createDocVersion } from '../state/doc-signal';
import type { Session } from '../state/session';

/** The personal-space draft slot of this form. */
export const DRAFT_SLOT = 'conversation';
const DRAFT_DELAY_MS = 400;

interface Saved {
  personId: string;
  name: string;
  visibility: 'shared' | 'private';
}

/**
 * Log a conversation: who, when, how, the organizing-conversation prompts, assessment after,
 * next step, visibility. What is typed is kept as a draft in the personal space as you type
 * (debounced, and at once when the app is hidden), so closing the app loses nothing. Saving is one
 * tap and the confirmation shows only once both spaces have flushed to disk.
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
    const saved = fromDraft(draft.fields);
    if (saved.personId !== null && !nameOf(saved.personId)) saved.personId = null;
    const sameTarget = routePerson === null || saved.personId === null || saved.personId === routePerson;
    if (sameTarget && hasContent(saved)) {
      if (saved.personId === null && saved.newPersonName === null && routePerson)
        saved.personId = routePerson;
      setForm(reconcile(saved));
      setRestored(true);
    } else if (hasContent(saved)) {
      setOtherDraft(nameOf(saved.personId) ?? saved.newPersonName ?? t('log.someone'));
    }
  }

  const update = <K extends keyof LogForm>(key: K, value: LogForm[K]) => {
    setForm(key, value as never);
    setDirty(true);
    if (errors()[key as string]) setErrors(({ [key as string]: _, ...rest }) => rest);
  };

  // Draft autosave: debounced while typing; at once when the page is hidden or closed.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const writeDraft = () => {
    clearTimeout(timer);
    timer = undefined;
    if (saved() || otherDraft()) return;
    const snapshot = toDraft(unwrap(form));
    const r = hasContent(form)
      ? saveDraft(personal.doc, DRAFT_SLOT, snapshot, ctx())
      : clearDraft(personal.doc, DRAFT_SLOT, ctx());
    if (!r.ok) return; // over the draft limit: the form still holds everything typed
  };
  createEffect(
    on(
      () => JSON.stringify(form),
      () => {
        if (!dirty()) return;
        clearTimeout(timer);
        timer = setTimeout(writeDraft, DRAFT_DELAY_MS);
      },
      { defer: true },
    ),
  );
  const onHide = () => {
    if (document.visibilityState === 'hidden' && timer !== undefined) {
      writeDraft();
      void personal.flush().catch(() => {});
    }
  };
  const onPageHide = () => {
    if (timer !== undefined) writeDraft();
  };
  document.addEventListener('visibilitychange', onHide);
  addEventListener('pagehide', onPageHide);
  onCleanup(() => {
    if (timer !== undefined) writeDraft();
    document.removeEventListener('visibilitychange', onHide);
    removeEventListener('pagehide', onPageHide);
  });

  const discard = async () => {
    clearTimeout(timer);
    timer = undefined;
    clearDraft(personal.doc, DRAFT_SLOT, ctx());
    setForm(reconcile(emptyForm(routePerson)));
    setRestored(false);
    setOtherDraft(null);
    setErrors({});
    setDirty(false);
    await personal.flush().catch(() => {});
  };

  const focusFirstError = (errs: Record<string, string>) => {
    const order = [
      'who',
      'at',
      'place',
      'issues',
      'stake',
      'vision',
      'inoculation',
      'ask',
      'answerNote',
      'notes',
      'nextText',
      'nextDue',
    ];
    const first = order.find((k) => errs[k]) ?? Object.keys(errs)[0];
    const id = first === 'who' ? 'log-who' : first === 'issues' ? 'log-new-issue' : `log-${first}`;
    queueMicrotask(() => document.getElementById(id)?.focus());
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    if (saving()) return;
    const errs = checkForm(form);
    if (Object.keys(errs).length > 0) {
      setErrors(errs);
      focusFirstError(errs);
      return;
    }
    const r = logConversation({ campaign: campaign.doc, personal: personal.doc }, toInput(form), ctx());
    if (!r.ok) {
      const key = formFieldOf(r.error.field);
      const typed = (form as unknown as Record<string, unknown>)[key];
      const errs2 = { [key]: domainErrorText(r.error, typeof typed === 'string' ? typed.length : undefined) };
      setErrors(errs2);
      focusFirstError(errs2);
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    setSaving(true);
    try {
      await Promise.all([campaign.flush(), personal.flush()]);
      clearDraft(personal.doc, DRAFT_SLOT, ctx());
      await personal.flush();
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
  const described = (key: string, help?: string) =>
    [help, err(key) ? `log-${key}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const errorLine = (key: string) => (
    <Show when={err(key)}>
      <p id={`log-${key}-error`} class="error">
        {err(key)}
      </p>
    </Show>
  );
  const textArea = (key: TextField, label: MessageKey, help?: MessageKey) => (
    <div class="stack-tight">
      <label for={`log-${key}`}>{t(label)}</label>
      <Show when={help}>
        <p class="help" id={`log-${key}-help`}>
          {t(help as MessageKey)}
        </p>
      </Show>
      <textarea
        id={`log-${key}`}
        rows="3"
        value={form[key]}
        onInput={(e) => update(key, e.currentTarget.value)}
        aria-invalid={err(key) ? 'true' : undefined}
        aria-describedby={described(key, help ? `log-${key}-help` : undefined)}
      />
      {errorLine(key)}
    </div>
  );

  return (
    <section class="screen log">
      <h1>{t('log.title')}</h1>
      <Show when={saved()}>
        {(s) => (
          <div class="card stack saved" role="status">
            <p id="log-saved" tabindex="-1">
              <strong>{s().visibility === 'private' ? t('log.savedPrivate') : t('log.saved')}</strong>
            </p>
            <div class="row wrap">
              <a class="button primary" href={`#/people/${encodeURIComponent(s().personId)}`}>
                {t('log.viewPerson', { name: s().name })}
              </a>
              <button type="button" onClick={another}>
                {t('log.another')}
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={otherDraft()}>
        {(name) => (
          <div class="card stack warning" role="status">
            <p>{t('log.otherDraft', { name: name() })}</p>
            <div class="row wrap">
              <a class="button primary" href="#/log">
                {t('log.continueDraft')}
              </a>
              <button type="button" onClick={() => void discard()}>
                {t('log.discardAndStart')}
              </button>
            </div>
          </div>
        )}
      </Show>
      <Show when={!saved() && !otherDraft()}>
        <Show when={restored()}>
          <div class="card row wrap draft-note" role="status">
            <p class="grow">{t('log.draftRestored')}</p>
            <button type="button" onClick={() => void discard()}>
              {t('log.discard')}
            </button>
          </div>
        </Show>
        <form class="stack" onSubmit={save} novalidate>
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
            <legend>{t('log.when')}</legend>
            <label for="log-at">{t('log.whenLabel')}</label>
            <input
              id="log-at"
              type="datetime-local"
              max={toLocalInput()}
              value={form.at}
              onInput={(e) => update('at', e.currentTarget.value)}
              aria-invalid={err('at') ? 'true' : undefined}
              aria-describedby={described('at')}
            />
            {errorLine('at')}
          </fieldset>

          <fieldset class="card stack">
            <legend>{t('log.how')}</legend>
            <div class="chips" role="radiogroup" aria-label={t('log.channel')}>
              <For each={CHANNELS}>
                {(ch) => (
                  <label class="chip">
                    <input
                      type="radio"
                      name="log-channel"
                      checked={form.channel === ch}
                      onChange={() => update('channel', ch)}
                    />
                    <span>{t(`log.channel.${ch}` as MessageKey)}</span>
                  </label>
                )}
              </For>
            </div>
            <label for="log-place">{t('log.place')}</label>
            <input
              id="log-place"
              type="text"
              value={form.place}
              onInput={(e) => update('place', e.currentTarget.value)}
              aria-invalid={err('place') ? 'true' : undefined}
              aria-describedby={described('place')}
            />
            {errorLine('place')}
          </fieldset>

          <fieldset class="card stack">
            <legend>{t('log.conversation')}</legend>
            <p class="help">{t('log.promptsHelp')}</p>
            <IssuePicker
              issues={issues()}
              selected={form.issueIds}
              pending={form.newIssueNames}
              input={form.issueInput}
              error={err('issues')}
              onToggle={(id, on) =>
                update(
                  'issueIds',
                  on ? [...new Set([...form.issueIds, id])] : form.issueIds.filter((x) => x !== id),
                )
              }
              onInput={(text) => update('issueInput', text)}
              onAdd={(name) => update('newIssueNames', [...form.newIssueNames, name])}
              onRemovePending={(name) =>
                update(
                  'newIssueNames',
                  form.newIssueNames.filter((n) => n !== name),
                )
              }
            />
            {textArea('stake', 'log.stake', 'log.stakeHelp')}
            {textArea('vision', 'log.vision', 'log.visionHelp')}
            {textArea('inoculation', 'log.inoculation', 'log.inoculationHelp')}
            {textArea('ask', 'log.ask', 'log.askHelp')}
            <div class="chips" role="radiogroup" aria-label={t('log.answer')}>
              <span class="chips-label" aria-hidden="true">
                {t('log.answer')}
              </span>
              <For each={ANSWERS}>
                {(a) => (
                  <label class="chip">
                    <input
                      type="radio"
                      name="log-answer"
                      checked={form.answer === a}
                      onChange={() => update('answer', a)}
                    />
                    <span>{t(`log.answer.${a}` as MessageKey)}</span>
                  </label>
                )}
              </For>
            </div>
            {textArea('answerNote', 'log.answerNote')}
            {textArea('notes', 'log.notes')}
          </fieldset>

          <AssessmentPicker
            name="log-assessment"
            legend={t('log.assessment')}
            value={form.assessment}
            none={t('assess.none')}
            onChange={(v) => update('assessment', v)}
          />

          <fieldset class="card stack">
            <legend>{t('log.next')}</legend>
            <label for="log-nextText">{t('log.nextText')}</label>
            <input
              id="log-nextText"
              type="text"
              value={form.nextText}
              onInput={(e) => update('nextText', e.currentTarget.value)}
              aria-invalid={err('nextText') ? 'true' : undefined}
              aria-describedby={described('nextText')}
            />
            {errorLine('nextText')}
            <label for="log-nextDue">{t('log.nextDue')}</label>
            <input
              id="log-nextDue"
              type="date"
              value={form.nextDue}
              onInput={(e) => update('nextDue', e.currentTarget.value)}
              aria-invalid={err('nextDue') ? 'true' : undefined}
              aria-describedby={described('nextDue')}
            />
            {errorLine('nextDue')}
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
