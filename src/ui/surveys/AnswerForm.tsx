/**
 * The survey form used in pass-the-phone mode (the respondent page has its own, in src/respond,
 * because the two bundles must not import each other). Answers live only in this component's
 * state; the parent remounts it after each answer so nothing of them stays on screen.
 */
import { For, Index, Show } from 'solid-js';
import type { AnswerDraft, AnswerProblem, PublicSurvey } from '../../domain';
import { createAnswerForm } from '../kit/answer-form';
import { type MessageKey, t } from '../kit/i18n';
import { QuestionInput, type QuestionLook, type QuestionWord } from '../kit/QuestionInput';

const WORDS: Record<QuestionWord, MessageKey | null> = {
  required: 'surveys.answer.required',
  optional: 'surveys.answer.optional',
  single: 'surveys.answer.single',
  multiple: 'surveys.answer.multiple',
  scale: 'surveys.answer.scale',
  ranking: 'surveys.answer.ranking',
  text: 'surveys.answer.textWarning',
  rank: 'surveys.answer.rank',
  unranked: 'surveys.answer.unranked',
  rankAgain: 'surveys.answer.rankAgain',
  scaleLow: null, // the help line says what the ends mean
  scaleHigh: null,
};
const words = (word: QuestionWord, n?: number) => {
  const key = WORDS[word];
  return key ? t(key, { n: n ?? 0 }) : '';
};

/** The app's look of a question (styles.css, surveys.css). */
const LOOK: QuestionLook = {
  ids: { question: 'pq-', help: 'phelp-', warning: 'phelp-', problem: 'perr-' },
  question: 'card sv-question',
  required: 'muted',
  choice: 'radio',
  name: 'p-',
  nameCheckboxes: true,
  scale: 'sv-scale',
  scalePoint: 'sv-scale-point',
  ranking: 'sv-ranking',
  rankOption: 'sv-rank',
  rankBadge: 'sv-rank-badge',
  hideRankBadge: true,
  problem: 'error',
  markInvalid: false,
};

function problemText(p: AnswerProblem): string {
  return p.field === 'code' && p.code === 'invalid'
    ? t('surveys.answer.codeInvalid')
    : t(`surveys.answer.problem.${p.code}` as MessageKey);
}

export function AnswerForm(props: {
  survey: PublicSurvey;
  onSubmit(draft: AnswerDraft): Promise<readonly AnswerProblem[] | undefined>;
}) {
  const form = createAnswerForm({
    focusPrefix: 'pq-',
    send: (draft) => props.onSubmit({ ...draft, answers: { ...draft.answers } }),
  });
  const problem = (field: string) => {
    const p = form.problemFor(field);
    return p ? problemText(p) : undefined;
  };
  const groupsOf = (field: 'unit' | 'shift') => (field === 'unit' ? props.survey.units : props.survey.shifts);

  return (
    <form class="stack sv-answer" onSubmit={form.submit} novalidate>
      <Show when={form.problems().length > 0}>
        <p class="error" role="alert">
          {t('surveys.answer.problems')}
        </p>
      </Show>
      <Index each={props.survey.questions}>
        {(q, n) => (
          <QuestionInput
            question={q()}
            n={n + 1}
            value={form.draft.answers[q().id]}
            onChange={(v) => form.setAnswer(q().id, v)}
            problem={problem(q().id)}
            words={words}
            look={LOOK}
          />
        )}
      </Index>
      <For each={(['unit', 'shift'] as const).filter((f) => groupsOf(f).length > 0)}>
        {(field) => (
          <div class="card">
            <label for={`pq-${field}`}>
              {t(field === 'unit' ? 'surveys.answer.unit' : 'surveys.answer.shift')}
            </label>
            <select id={`pq-${field}`} onChange={(e) => form.setDraft(field, e.currentTarget.value || null)}>
              <option value="">{t('surveys.answer.skipGroup')}</option>
              <For each={groupsOf(field)}>{(g) => <option value={g.id}>{g.name}</option>}</For>
            </select>
            <ProblemLine field={field} text={problem(field)} />
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
            value={form.draft.code ?? ''}
            onInput={(e) => form.setDraft('code', e.currentTarget.value)}
          />
          <ProblemLine field="code" text={problem('code')} />
        </div>
      </Show>
      <button type="submit" class="primary" disabled={form.busy()}>
        {t('surveys.answer.send')}
      </button>
    </form>
  );
}

function ProblemLine(props: { field: string; text: string | undefined }) {
  return (
    <Show when={props.text}>
      <p class="error" id={`perr-${props.field}`}>
        {props.text}
      </p>
    </Show>
  );
}
