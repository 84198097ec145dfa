/**
 * The survey form on the respondent page. Answers live only in this component's state: once sent
 * (sealed) the form is unmounted and nothing of them remains in the page.
 */
import { createSignal, For, Index, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { AnswerDraft, AnswerProblem } from '../domain/survey/public';
import { type PublicSurvey, SCALE_POINTS, type SurveyQuestion } from '../domain/survey/types';
import { type RespondKey, t } from './i18n';

export interface FormProps {
  survey: PublicSurvey;
  code?: string;
  /** Returns the problems to show, or nothing when the answers were accepted. */
  onSubmit(draft: AnswerDraft): Promise<readonly AnswerProblem[] | undefined>;
}

function problemText(p: AnswerProblem): string {
  if (p.field === 'code' && p.code === 'invalid') return t('problem.code.invalid');
  return t(`problem.${p.code}` as RespondKey);
}

export function Form(props: FormProps) {
  const [draft, setDraft] = createStore<AnswerDraft>({
    answers: {},
    unit: null,
    shift: null,
    code: props.code ?? null,
  });
  const [problems, setProblems] = createSignal<readonly AnswerProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  const problemFor = (field: string) => problems().find((p) => p.field === field);
  const set = (qid: string, value: unknown) => setDraft('answers', qid, value);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    try {
      const found =
        (await props.onSubmit(structuredClone({ ...draft, answers: { ...draft.answers } }))) ?? [];
      setProblems(found);
      if (found.length > 0) {
        const first = found[0];
        document.getElementById(`q-${first?.field}`)?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (q: SurveyQuestion) =>
    [q.kind === 'text' ? `warn-${q.id}` : `help-${q.id}`, problemFor(q.id) ? `err-${q.id}` : '']
      .filter(Boolean)
      .join(' ');

  const Problem = (p: { field: string }) => (
    <Show when={problemFor(p.field)}>
      {(problem) => (
        <p class="problem" id={`err-${p.field}`}>
          {problemText(problem())}
        </p>
      )}
    </Show>
  );

  const Question = (p: { q: SurveyQuestion; n: number }) => {
    const q = p.q;
    const value = () => draft.answers[q.id];
    const help: Record<SurveyQuestion['kind'], RespondKey> = {
      single: 'single.help',
      multiple: 'multiple.help',
      scale: 'scale.help',
      ranking: 'ranking.help',
      text: 'text.warning',
    };
    return (
      <fieldset
        class="question"
        id={`q-${q.id}`}
        tabIndex={-1}
        aria-describedby={describedBy(q)}
        aria-invalid={problemFor(q.id) ? 'true' : undefined}
      >
        <legend>
          <span class="qnum">{p.n}.</span> {q.text}{' '}
          <span class="qreq">({q.required ? t('required') : t('optional')})</span>
        </legend>
        <Show when={q.kind !== 'text'}>
          <p class="help" id={`help-${q.id}`}>
            {t(help[q.kind])}
          </p>
        </Show>
        <Show when={q.kind === 'single'}>
          <Index each={q.options}>
            {(option, i) => (
              <label class="choice">
                <input type="radio" name={q.id} checked={value() === i} onChange={() => set(q.id, i)} />
                <span>{option()}</span>
              </label>
            )}
          </Index>
        </Show>
        <Show when={q.kind === 'multiple'}>
          <Index each={q.options}>
            {(option, i) => (
              <label class="choice">
                <input
                  type="checkbox"
                  checked={((value() as number[] | undefined) ?? []).includes(i)}
                  onChange={(e) => {
                    const now = ((value() as number[] | undefined) ?? []).filter((x) => x !== i);
                    set(q.id, e.currentTarget.checked ? [...now, i] : now);
                  }}
                />
                <span>{option()}</span>
              </label>
            )}
          </Index>
        </Show>
        <Show when={q.kind === 'scale'}>
          <div class="scale">
            <For each={Array.from({ length: SCALE_POINTS }, (_, i) => i + 1)}>
              {(point) => (
                <label class="scale-point">
                  <input
                    type="radio"
                    name={q.id}
                    checked={value() === point}
                    onChange={() => set(q.id, point)}
                  />
                  <span>{point}</span>
                </label>
              )}
            </For>
          </div>
          <p class="scale-ends" aria-hidden="true">
            <span>1 = {t('scale.low')}</span>
            <span>5 = {t('scale.high')}</span>
          </p>
        </Show>
        <Show when={q.kind === 'ranking'}>
          <ol class="ranking">
            <Index each={q.options}>
              {(option, i) => {
                const rank = () => ((value() as number[] | undefined) ?? []).indexOf(i) + 1;
                return (
                  <li>
                    <button
                      type="button"
                      class="rank-option"
                      aria-pressed={rank() > 0}
                      onClick={() => {
                        const now = (value() as number[] | undefined) ?? [];
                        if (!now.includes(i)) set(q.id, [...now, i]);
                      }}
                    >
                      <span class="rank-badge">{rank() > 0 ? rank() : '–'}</span>
                      <span>{option()}</span>
                      <span class="visually-hidden">
                        {rank() > 0 ? `, ${t('ranking.rank', { n: rank() })}` : `, ${t('ranking.unranked')}`}
                      </span>
                    </button>
                  </li>
                );
              }}
            </Index>
          </ol>
          <button type="button" class="secondary" onClick={() => set(q.id, [])}>
            {t('ranking.clear')}
          </button>
        </Show>
        <Show when={q.kind === 'text'}>
          <p class="warning" id={`warn-${q.id}`}>
            {t('text.warning')}
          </p>
          <textarea
            rows={4}
            maxLength={2000}
            autocomplete="off"
            aria-label={q.text}
            value={(value() as string | undefined) ?? ''}
            onInput={(e) => set(q.id, e.currentTarget.value)}
          />
        </Show>
        <Problem field={q.id} />
      </fieldset>
    );
  };

  const Group = (p: { field: 'unit' | 'shift'; groups: PublicSurvey['units'] }) => (
    <div class="question">
      <label for={`q-${p.field}`}>{t(p.field === 'unit' ? 'unit.label' : 'shift.label')}</label>
      <p class="help" id={`help-${p.field}`}>
        {t('group.help', { k: props.survey.k })}
      </p>
      <select
        id={`q-${p.field}`}
        aria-describedby={`help-${p.field}`}
        onChange={(e) => setDraft(p.field, e.currentTarget.value || null)}
      >
        <option value="">{t('group.skip')}</option>
        <For each={p.groups}>{(g) => <option value={g.id}>{g.name}</option>}</For>
      </select>
      <Problem field={p.field} />
    </div>
  );

  return (
    <form class="survey-form" onSubmit={submit} novalidate>
      <Show when={problems().length > 0}>
        <p class="problem-summary" role="alert">
          {t('problems')}
        </p>
      </Show>
      <Index each={props.survey.questions}>{(q, i) => <Question q={q()} n={i + 1} />}</Index>
      <Show when={props.survey.units.length > 0}>
        <Group field="unit" groups={props.survey.units} />
      </Show>
      <Show when={props.survey.shifts.length > 0}>
        <Group field="shift" groups={props.survey.shifts} />
      </Show>
      <Show when={props.survey.codes}>
        <div class="question">
          <label for="q-code">{t('code.label')}</label>
          <p class="help" id="help-code">
            {t('code.help')}
          </p>
          <input
            id="q-code"
            class="code-input"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby="help-code"
            value={draft.code ?? ''}
            onInput={(e) => setDraft('code', e.currentTarget.value)}
          />
          <Problem field="code" />
        </div>
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {busy() ? t('sending') : t('send')}
      </button>
    </form>
  );
}
