/**
 * The survey form on the respondent page. Answers live only in this component's state: once sent
 * (sealed) the form is unmounted and nothing of them remains in the page.
 */
import { For, Index, Show } from 'solid-js';
import type { AnswerDraft, AnswerProblem } from '../domain/survey/public';
import type { PublicSurvey } from '../domain/survey/types';
import { createAnswerForm } from '../ui/kit/answer-form';
import { QuestionInput, type QuestionLook, type QuestionWord } from '../ui/kit/QuestionInput';
import { type RespondKey, t } from './i18n';

const WORDS: Record<QuestionWord, RespondKey> = {
  required: 'required',
  optional: 'optional',
  single: 'single.help',
  multiple: 'multiple.help',
  scale: 'scale.help',
  ranking: 'ranking.help',
  text: 'text.warning',
  rank: 'ranking.rank',
  unranked: 'ranking.unranked',
  rankAgain: 'ranking.clear',
  scaleLow: 'scale.low',
  scaleHigh: 'scale.high',
};
const words = (word: QuestionWord, n?: number) => {
  const text = t(WORDS[word], { n: n ?? 0 });
  return word === 'rank' || word === 'unranked' ? `, ${text}` : text;
};

/** The respondent page's look of a question (respond.css). */
export const LOOK: QuestionLook = {
  ids: { question: 'q-', help: 'help-', warning: 'warn-', problem: 'err-' },
  question: 'question',
  number: 'qnum',
  required: 'qreq',
  choice: 'choice',
  name: '',
  nameCheckboxes: false,
  scale: 'scale',
  scalePoint: 'scale-point',
  scaleEnds: 'scale-ends',
  ranking: 'ranking',
  rankOption: 'rank-option',
  rankBadge: 'rank-badge',
  hideRankBadge: false,
  rankAgain: 'secondary',
  problem: 'problem',
  markInvalid: true,
};

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
  const form = createAnswerForm({
    code: props.code,
    focusPrefix: 'q-',
    send: (draft) => props.onSubmit(structuredClone({ ...draft, answers: { ...draft.answers } })),
  });
  const problem = (field: string) => {
    const p = form.problemFor(field);
    return p ? problemText(p) : undefined;
  };
  const pick = (field: 'unit' | 'shift' | 'code', value: string | null) => form.setDraft(field, value);

  return (
    <form class="survey-form" onSubmit={form.submit} novalidate>
      <Show when={form.problems().length > 0}>
        <p class="problem-summary" role="alert">
          {t('problems')}
        </p>
      </Show>
      <Index each={props.survey.questions}>
        {(q, i) => (
          <QuestionInput
            question={q()}
            n={i + 1}
            value={form.draft.answers[q().id]}
            onChange={(value) => form.setAnswer(q().id, value)}
            problem={problem(q().id)}
            words={words}
            look={LOOK}
          />
        )}
      </Index>
      <For each={(['unit', 'shift'] as const).filter((f) => groupsOf(props.survey, f).length > 0)}>
        {(field) => (
          <Group
            field={field}
            groups={groupsOf(props.survey, field)}
            k={props.survey.k}
            problem={problem(field)}
            onPick={(id) => pick(field, id)}
          />
        )}
      </For>
      <Show when={props.survey.codes}>
        <CodeField code={form.draft.code ?? ''} problem={problem('code')} onInput={(c) => pick('code', c)} />
      </Show>
      <button type="submit" class="primary" disabled={form.busy()}>
        {form.busy() ? t('sending') : t('send')}
      </button>
    </form>
  );
}

const groupsOf = (survey: PublicSurvey, field: 'unit' | 'shift') =>
  field === 'unit' ? survey.units : survey.shifts;

function ProblemLine(props: { field: string; text: string | undefined }) {
  return (
    <Show when={props.text}>
      <p class="problem" id={`err-${props.field}`}>
        {props.text}
      </p>
    </Show>
  );
}

/** Unit or shift: optional, used only for results by group. */
function Group(props: {
  field: 'unit' | 'shift';
  groups: PublicSurvey['units'];
  k: number;
  problem: string | undefined;
  onPick(id: string | null): void;
}) {
  return (
    <div class="question">
      <label for={`q-${props.field}`}>{t(props.field === 'unit' ? 'unit.label' : 'shift.label')}</label>
      <p class="help" id={`help-${props.field}`}>
        {t('group.help', { k: props.k })}
      </p>
      <select
        id={`q-${props.field}`}
        aria-describedby={`help-${props.field}`}
        onChange={(e) => props.onPick(e.currentTarget.value || null)}
      >
        <option value="">{t('group.skip')}</option>
        <For each={props.groups}>{(g) => <option value={g.id}>{g.name}</option>}</For>
      </select>
      <ProblemLine field={props.field} text={props.problem} />
    </div>
  );
}

function CodeField(props: { code: string; problem: string | undefined; onInput(code: string): void }) {
  return (
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
        value={props.code}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <ProblemLine field="code" text={props.problem} />
    </div>
  );
}
