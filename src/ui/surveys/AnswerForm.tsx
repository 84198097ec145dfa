/**
 * The survey form used in pass-the-phone mode (the respondent page has its own, in src/respond,
 * because the two bundles must not import each other). Answers live only in this component's
 * state; the parent remounts it after each answer so nothing of them stays on screen.
 */
import { createSignal, For, Index, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import {
  type AnswerDraft,
  type AnswerProblem,
  type PublicSurvey,
  SCALE_POINTS,
  type SurveyQuestion,
} from '../../domain';
import { type MessageKey, t } from '../kit/i18n';

const HELP: Record<SurveyQuestion['kind'], MessageKey> = {
  single: 'surveys.answer.single',
  multiple: 'surveys.answer.multiple',
  scale: 'surveys.answer.scale',
  ranking: 'surveys.answer.ranking',
  text: 'surveys.answer.textWarning',
};

export function AnswerForm(props: {
  survey: PublicSurvey;
  onSubmit(draft: AnswerDraft): Promise<readonly AnswerProblem[] | undefined>;
}) {
  const [draft, setDraft] = createStore<AnswerDraft>({ answers: {}, unit: null, shift: null, code: null });
  const [problems, setProblems] = createSignal<readonly AnswerProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  const problemFor = (field: string) => problems().find((p) => p.field === field);
  const set = (qid: string, v: unknown) => setDraft('answers', qid, v);
  const list = (qid: string) => (draft.answers[qid] as number[] | undefined) ?? [];

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    try {
      const found = (await props.onSubmit({ ...draft, answers: { ...draft.answers } })) ?? [];
      setProblems(found);
      if (found[0]) document.getElementById(`pq-${found[0].field}`)?.focus();
    } finally {
      setBusy(false);
    }
  };

  const Problem = (p: { field: string }) => (
    <Show when={problemFor(p.field)}>
      {(problem) => (
        <p class="error" id={`perr-${p.field}`}>
          {p.field === 'code' && problem().code === 'invalid'
            ? t('surveys.answer.codeInvalid')
            : t(`surveys.answer.problem.${problem().code}` as MessageKey)}
        </p>
      )}
    </Show>
  );

  return (
    <form class="stack sv-answer" onSubmit={submit} novalidate>
      <Show when={problems().length > 0}>
        <p class="error" role="alert">
          {t('surveys.answer.problems')}
        </p>
      </Show>
      <Index each={props.survey.questions}>
        {(question, n) => {
          const q = question();
          const value = () => draft.answers[q.id];
          return (
            <fieldset
              class="card sv-question"
              id={`pq-${q.id}`}
              tabIndex={-1}
              aria-describedby={`phelp-${q.id}${problemFor(q.id) ? ` perr-${q.id}` : ''}`}
            >
              <legend>
                {n + 1}. {q.text}{' '}
                <span class="muted">
                  ({q.required ? t('surveys.answer.required') : t('surveys.answer.optional')})
                </span>
              </legend>
              <p class={q.kind === 'text' ? 'warning' : 'help'} id={`phelp-${q.id}`}>
                {t(HELP[q.kind])}
              </p>
              <Show when={q.kind === 'single' || q.kind === 'multiple'}>
                <Index each={q.options}>
                  {(option, i) => (
                    <label class="radio">
                      <input
                        type={q.kind === 'single' ? 'radio' : 'checkbox'}
                        name={`p-${q.id}`}
                        checked={q.kind === 'single' ? value() === i : list(q.id).includes(i)}
                        onChange={(e) => {
                          if (q.kind === 'single') set(q.id, i);
                          else {
                            const rest = list(q.id).filter((x) => x !== i);
                            set(q.id, e.currentTarget.checked ? [...rest, i] : rest);
                          }
                        }}
                      />
                      <span>{option()}</span>
                    </label>
                  )}
                </Index>
              </Show>
              <Show when={q.kind === 'scale'}>
                <div class="sv-scale">
                  <For each={Array.from({ length: SCALE_POINTS }, (_, i) => i + 1)}>
                    {(point) => (
                      <label class="sv-scale-point">
                        <input
                          type="radio"
                          name={`p-${q.id}`}
                          checked={value() === point}
                          onChange={() => set(q.id, point)}
                        />
                        <span>{point}</span>
                      </label>
                    )}
                  </For>
                </div>
              </Show>
              <Show when={q.kind === 'ranking'}>
                <ol class="sv-ranking">
                  <Index each={q.options}>
                    {(option, i) => {
                      const rank = () => list(q.id).indexOf(i) + 1;
                      return (
                        <li>
                          <button
                            type="button"
                            class="sv-rank"
                            aria-pressed={rank() > 0}
                            onClick={() => {
                              if (!list(q.id).includes(i)) set(q.id, [...list(q.id), i]);
                            }}
                          >
                            <span class="sv-rank-badge" aria-hidden="true">
                              {rank() > 0 ? rank() : '–'}
                            </span>
                            <span>{option()}</span>
                            <span class="visually-hidden">
                              {rank() > 0
                                ? t('surveys.answer.rank', { n: rank() })
                                : t('surveys.answer.unranked')}
                            </span>
                          </button>
                        </li>
                      );
                    }}
                  </Index>
                </ol>
                <button type="button" onClick={() => set(q.id, [])}>
                  {t('surveys.answer.rankAgain')}
                </button>
              </Show>
              <Show when={q.kind === 'text'}>
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
        }}
      </Index>
      <For
        each={(['unit', 'shift'] as const).filter(
          (f) => (f === 'unit' ? props.survey.units : props.survey.shifts).length > 0,
        )}
      >
        {(field) => (
          <div class="card">
            <label for={`pq-${field}`}>
              {t(field === 'unit' ? 'surveys.answer.unit' : 'surveys.answer.shift')}
            </label>
            <select id={`pq-${field}`} onChange={(e) => setDraft(field, e.currentTarget.value || null)}>
              <option value="">{t('surveys.answer.skipGroup')}</option>
              <For each={field === 'unit' ? props.survey.units : props.survey.shifts}>
                {(g) => <option value={g.id}>{g.name}</option>}
              </For>
            </select>
            <Problem field={field} />
          </div>
        )}
      </For>
      <Show when={props.survey.codes}>
        <div class="card">
          <label for="pq-code">{t('surveys.answer.code')}</label>
          <input
            id="pq-code"
            type="text"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            value={draft.code ?? ''}
            onInput={(e) => setDraft('code', e.currentTarget.value)}
          />
          <Problem field="code" />
        </div>
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {t('surveys.answer.send')}
      </button>
    </form>
  );
}
