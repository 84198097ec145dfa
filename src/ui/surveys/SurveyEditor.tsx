/**
 * Building and editing a draft survey: title, intro, questions (single/multiple choice, 1–5 scale,
 * ranking, free text), open/close dates, k, audience, answer codes; and publishing it. The form
 * keeps its own draft state; only Save/Publish write (`saveSurveyDraft`, `publishSurveyDraft`).
 */
import { createMemo, createSignal, For, Index, Show } from 'solid-js';
import { createStore, produce, type SetStoreFunction } from 'solid-js/store';
import type { Session } from '../../app/session';
import { publishSurveyDraft, saveSurveyDraft } from '../../app/surveys';
import {
  type DomainError,
  hasOptions,
  listShifts,
  listUnits,
  QUESTION_KINDS,
  type QuestionKind,
  type Shift,
  SURVEY_LIMITS,
  type Survey,
  type SurveyInput,
  type UnitNode,
} from '../../domain';
import { FormError } from '../kit/Field';
import { errorText, hasMessage, type MessageKey, t } from '../kit/i18n';
import { navigate } from '../shell/router';
import { kindLabel, type QuestionDraft, QuestionFields } from './QuestionFields';

interface EditorState {
  title: string;
  intro: string;
  questions: QuestionDraft[];
  opensOn: string;
  closesOn: string;
  k: string;
  all: boolean;
  unitIds: string[];
  shiftIds: string[];
  requireCodes: boolean;
}

function fromSurvey(s: Survey | null): EditorState {
  return {
    title: s?.title ?? '',
    intro: s?.intro ?? '',
    questions: (s?.questions ?? []).map((q) => ({
      id: q.id,
      kind: q.kind,
      text: q.text,
      optionsText: q.options.join('\n'),
      required: q.required,
    })),
    opensOn: s?.opensOn ?? '',
    closesOn: s?.closesOn ?? '',
    k: String(s?.k ?? SURVEY_LIMITS.defaultK),
    all: s?.audience.all ?? true,
    unitIds: [...(s?.audience.unitIds ?? [])],
    shiftIds: [...(s?.audience.shiftIds ?? [])],
    requireCodes: s?.requireCodes ?? false,
  };
}

function toInput(state: EditorState): SurveyInput {
  return {
    title: state.title,
    intro: state.intro,
    questions: state.questions.map((q) => ({
      ...(q.id ? { id: q.id } : {}),
      kind: q.kind,
      text: q.text,
      options: hasOptions(q.kind) ? q.optionsText.split('\n').map((o) => o.trim()) : [],
      required: q.required,
    })),
    opensOn: state.opensOn || null,
    closesOn: state.closesOn || null,
    k: Number(state.k),
    audience: { all: state.all, unitIds: state.unitIds, shiftIds: state.shiftIds },
    requireCodes: state.requireCodes,
  };
}

/** Words for a refused command, naming the question when there is one. */
export function surveyErrorText(error: DomainError): string {
  const key = `surveys.error.${error.code}`;
  const words = hasMessage(key) ? t(key as MessageKey) : errorText(error.code);
  const m = /^questions\.(\d+)/.exec(error.field ?? '');
  return m ? t('surveys.error.inQuestion', { n: Number(m[1]) + 1, message: words }) : words;
}

export function SurveyEditor(props: { session: Session; survey: Survey | null }) {
  const store = props.session.campaign;
  const [state, setState] = createStore<EditorState>(fromSurvey(props.survey));
  const [error, setError] = createSignal('');
  const [status, setStatus] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const units = createMemo(() => listUnits(store.doc));
  const shifts = createMemo(() => listShifts(store.doc));

  /** Saves the draft; returns its id, or null after showing why not. */
  const save = async (): Promise<string | null> => {
    setError('');
    const r = await saveSurveyDraft(props.session, props.survey?.id ?? null, toInput(state));
    if (!r.ok) {
      setError(surveyErrorText(r.error));
      return null;
    }
    return r.value;
  };

  const run = async (fn: () => Promise<void>) => {
    if (busy()) return;
    setBusy(true);
    setStatus('');
    try {
      await fn();
    } catch (err) {
      setError(errorText((err as { code?: string }).code ?? 'generic'));
    } finally {
      setBusy(false);
    }
  };

  const onSave = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const id = await save();
      if (!id) return;
      setStatus(t('surveys.edit.saved'));
      if (!props.survey) navigate(`surveys/${id}`);
    });
  };

  const onPublish = () =>
    void run(async () => {
      const id = await save();
      if (!id) return;
      const r = await publishSurveyDraft(props.session, id);
      if (!r.ok) {
        setError(surveyErrorText(r.error));
        return;
      }
      navigate(`surveys/${id}`);
    });

  return (
    <form class="stack sv-editor" onSubmit={onSave} novalidate>
      <TitleFields state={state} setState={setState} />
      <QuestionList state={state} setState={setState} />
      <h2>{t('surveys.edit.settings')}</h2>
      <WindowFields state={state} setState={setState} />
      <AudienceFields state={state} setState={setState} units={units()} shifts={shifts()} />
      <CodesField state={state} setState={setState} />

      <EditorActions error={error()} status={status()} busy={busy()} onPublish={onPublish} />
    </form>
  );
}

/** Why saving failed or that it worked, Save (the form's submit) and Publish. */
function EditorActions(props: { error: string; status: string; busy: boolean; onPublish(): void }) {
  return (
    <>
      <FormError error={props.error} />
      <p role="status" class="muted">
        {props.status}
      </p>
      <button type="submit" disabled={props.busy}>
        {t('surveys.edit.save')}
      </button>
      <button type="button" class="primary" disabled={props.busy} onClick={() => props.onPublish()}>
        {t('surveys.edit.publish')}
      </button>
      <p class="help">{t('surveys.edit.publishHelp')}</p>
    </>
  );
}

/** What each part of the editor gets: the draft, and the way to change it. */
interface PartProps {
  state: EditorState;
  setState: SetStoreFunction<EditorState>;
}

function TitleFields(props: PartProps) {
  return (
    <>
      <label for="sv-title">{t('surveys.edit.title')}</label>
      <input
        id="sv-title"
        type="text"
        maxLength={SURVEY_LIMITS.title}
        value={props.state.title}
        onInput={(e) => props.setState('title', e.currentTarget.value)}
      />
      <label for="sv-intro">{t('surveys.edit.intro')}</label>
      <textarea
        id="sv-intro"
        rows={3}
        maxLength={SURVEY_LIMITS.intro}
        value={props.state.intro}
        onInput={(e) => props.setState('intro', e.currentTarget.value)}
      />
    </>
  );
}

/** The questions (each with its fields, move and remove) and the buttons that add one of each kind. */
function QuestionList(props: PartProps) {
  const addQuestion = (kind: QuestionKind) => {
    props.setState('questions', (qs) => [...qs, { kind, text: '', optionsText: '', required: false }]);
    queueMicrotask(() => document.getElementById(`sq-text-${props.state.questions.length - 1}`)?.focus());
  };
  const move = (i: number, by: number) =>
    props.setState(
      'questions',
      produce((qs) => {
        const j = i + by;
        if (j < 0 || j >= qs.length) return;
        const [q] = qs.splice(i, 1);
        if (q) qs.splice(j, 0, q);
      }),
    );
  return (
    <>
      <h2>{t('surveys.edit.questions')}</h2>
      <Show when={props.state.questions.length === 0}>
        <p class="muted">{t('surveys.edit.noQuestions')}</p>
      </Show>
      <Index each={props.state.questions}>
        {(q, i) => (
          <QuestionFields
            question={q()}
            index={i}
            count={props.state.questions.length}
            set={(field, value) => props.setState('questions', i, field, value as never)}
            move={(by) => move(i, by)}
            remove={() => props.setState('questions', (qs) => qs.filter((_, j) => j !== i))}
          />
        )}
      </Index>
      <fieldset class="card">
        <legend>{t('surveys.edit.add')}</legend>
        <div class="sv-add">
          <For each={QUESTION_KINDS}>
            {(k) => (
              <button type="button" onClick={() => addQuestion(k)}>
                + {kindLabel(k)}
              </button>
            )}
          </For>
        </div>
      </fieldset>
    </>
  );
}

/** Whether answers need a single-use code. */
function CodesField(props: PartProps) {
  return (
    <>
      <label class="radio">
        <input
          type="checkbox"
          checked={props.state.requireCodes}
          onChange={(e) => props.setState('requireCodes', e.currentTarget.checked)}
        />
        <span>{t('surveys.edit.requireCodes')}</span>
      </label>
      <p class="help">{t('surveys.edit.requireCodesHelp')}</p>
    </>
  );
}

function DateField(props: PartProps & { id: string; label: string; field: 'opensOn' | 'closesOn' }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="date"
        value={props.state[props.field]}
        onInput={(e) => props.setState(props.field, e.currentTarget.value)}
      />
    </div>
  );
}

/** When the survey opens and closes, and k. */
function WindowFields(props: PartProps) {
  return (
    <>
      <div class="sv-dates">
        <DateField id="sv-opens" label={t('surveys.edit.opensOn')} field="opensOn" {...props} />
        <DateField id="sv-closes" label={t('surveys.edit.closesOn')} field="closesOn" {...props} />
      </div>
      <label for="sv-k">{t('surveys.edit.k')}</label>
      <input
        id="sv-k"
        type="number"
        inputMode="numeric"
        min={SURVEY_LIMITS.minK}
        max={SURVEY_LIMITS.maxK}
        aria-describedby="sv-k-help"
        value={props.state.k}
        onInput={(e) => props.setState('k', e.currentTarget.value)}
      />
      <p class="help" id="sv-k-help">
        {t('surveys.edit.kHelp')}
      </p>
    </>
  );
}

/** Everyone, or the chosen units and shifts. */
function AudienceFields(props: PartProps & { units: readonly UnitNode[]; shifts: readonly Shift[] }) {
  const toggle = (list: 'unitIds' | 'shiftIds', id: string, on: boolean) =>
    props.setState(list, (ids) => (on ? [...ids.filter((x) => x !== id), id] : ids.filter((x) => x !== id)));
  return (
    <fieldset class="card stack">
      <legend>{t('surveys.edit.audience')}</legend>
      <label class="radio">
        <input
          type="radio"
          name="sv-aud"
          checked={props.state.all}
          onChange={() => props.setState('all', true)}
        />
        <span>{t('surveys.edit.audienceAll')}</span>
      </label>
      <label class="radio">
        <input
          type="radio"
          name="sv-aud"
          checked={!props.state.all}
          onChange={() => props.setState('all', false)}
        />
        <span>{t('surveys.edit.audienceChosen')}</span>
      </label>
      <Show when={!props.state.all}>
        <Show
          when={props.units.length + props.shifts.length > 0}
          fallback={<p class="muted">{t('surveys.edit.noGroups')}</p>}
        >
          <For each={props.units}>
            {(u) => (
              <label class="radio">
                <input
                  type="checkbox"
                  checked={props.state.unitIds.includes(u.id)}
                  onChange={(e) => toggle('unitIds', u.id, e.currentTarget.checked)}
                />
                <span>{u.path}</span>
              </label>
            )}
          </For>
          <For each={props.shifts}>
            {(s) => (
              <label class="radio">
                <input
                  type="checkbox"
                  checked={props.state.shiftIds.includes(s.id)}
                  onChange={(e) => toggle('shiftIds', s.id, e.currentTarget.checked)}
                />
                <span>{t('surveys.edit.shiftName', { name: s.name })}</span>
              </label>
            )}
          </For>
        </Show>
      </Show>
      <p class="help">{t('surveys.edit.audienceHelp')}</p>
    </fieldset>
  );
}
