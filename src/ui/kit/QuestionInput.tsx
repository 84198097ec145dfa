/**
 * One survey question as a respondent answers it: choose one, choose any, the 1–5 scale, ranking
 * and free text. Shared by the respondent page (src/respond) and pass-the-phone mode, so it imports
 * only solid-js and the survey types: the respondent page must not load the app. Each side passes
 * its own words (`QuestionWords`) and its own class names and element ids (`QuestionLook`), since
 * the two pages have separate stylesheets. The answer lives with the caller (`value`, `onChange`).
 */
import { For, Index, Show } from 'solid-js';
import { SCALE_POINTS, type SurveyQuestion } from '../../domain/survey/types';

/** The words a question needs, in the caller's language. */
export type QuestionWord =
  | 'required'
  | 'optional'
  | SurveyQuestion['kind']
  | 'rank'
  | 'unranked'
  | 'rankAgain'
  | 'scaleLow'
  | 'scaleHigh';

/** The text of a word (`rank` gets the rank as `n`); the help of each kind is named by the kind. */
export type QuestionWords = (word: QuestionWord, n?: number) => string;

/** Class names and id prefixes of one page's questions. */
export interface QuestionLook {
  /** Id prefixes: the question (focused on a problem), its help line, its warning (free text), its problem. */
  ids: { question: string; help: string; warning: string; problem: string };
  question: string;
  number?: string;
  required: string;
  choice: string;
  /** Radio names are this prefix + the question id; checkboxes get one only when `nameCheckboxes`. */
  name: string;
  nameCheckboxes: boolean;
  scale: string;
  scalePoint: string;
  /** Shows "1 = low, 5 = high" under the scale, with this class. */
  scaleEnds?: string;
  ranking: string;
  rankOption: string;
  rankBadge: string;
  /** Hides the badge from screen readers (the hidden rank text says it). */
  hideRankBadge: boolean;
  rankAgain?: string;
  problem: string;
  /** Marks a question with a problem as `aria-invalid`. */
  markInvalid: boolean;
}

export interface QuestionInputProps {
  question: SurveyQuestion;
  /** The question's number, from 1. */
  n: number;
  value: unknown;
  onChange(value: unknown): void;
  /** The problem to show under the question, if any. */
  problem?: string | undefined;
  words: QuestionWords;
  look: QuestionLook;
}

export function QuestionInput(props: QuestionInputProps) {
  const q = () => props.question;
  const ids = () => props.look.ids;
  const helpId = () => `${q().kind === 'text' ? ids().warning : ids().help}${q().id}`;
  return (
    <fieldset
      class={props.look.question}
      id={`${ids().question}${q().id}`}
      tabIndex={-1}
      aria-describedby={`${helpId()}${props.problem ? ` ${ids().problem}${q().id}` : ''}`}
      aria-invalid={props.look.markInvalid && props.problem ? 'true' : undefined}
    >
      <legend>
        <span class={props.look.number}>{props.n}.</span> {q().text}{' '}
        <span class={props.look.required}>
          ({q().required ? props.words('required') : props.words('optional')})
        </span>
      </legend>
      <p class={q().kind === 'text' ? 'warning' : 'help'} id={helpId()}>
        {props.words(q().kind)}
      </p>
      <Answer p={props} />
      <Show when={props.problem}>
        <p class={props.look.problem} id={`${ids().problem}${q().id}`}>
          {props.problem}
        </p>
      </Show>
    </fieldset>
  );
}

/** The inputs of the question's kind. */
function Answer(outer: { p: QuestionInputProps }) {
  const props = outer.p;
  const kind = () => props.question.kind;
  return (
    <>
      <Show when={kind() === 'single' || kind() === 'multiple'}>
        <Choices p={props} />
      </Show>
      <Show when={kind() === 'scale'}>
        <Scale p={props} />
      </Show>
      <Show when={kind() === 'ranking'}>
        <Ranking p={props} />
      </Show>
      <Show when={kind() === 'text'}>
        <textarea
          rows={4}
          maxLength={2000}
          autocomplete="off"
          aria-label={props.question.text}
          value={(props.value as string | undefined) ?? ''}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      </Show>
    </>
  );
}

const chosen = (value: unknown) => (value as number[] | undefined) ?? [];

function Choices(outer: { p: QuestionInputProps }) {
  const props = outer.p;
  const single = () => props.question.kind === 'single';
  const name = () =>
    single() || props.look.nameCheckboxes ? `${props.look.name}${props.question.id}` : undefined;
  return (
    <Index each={props.question.options}>
      {(option, i) => (
        <label class={props.look.choice}>
          <input
            type={single() ? 'radio' : 'checkbox'}
            name={name()}
            checked={single() ? props.value === i : chosen(props.value).includes(i)}
            onChange={(e) => {
              if (single()) props.onChange(i);
              else {
                const rest = chosen(props.value).filter((x) => x !== i);
                props.onChange(e.currentTarget.checked ? [...rest, i] : rest);
              }
            }}
          />
          <span>{option()}</span>
        </label>
      )}
    </Index>
  );
}

function Scale(outer: { p: QuestionInputProps }) {
  const props = outer.p;
  return (
    <>
      <div class={props.look.scale}>
        <For each={Array.from({ length: SCALE_POINTS }, (_, i) => i + 1)}>
          {(point) => (
            <label class={props.look.scalePoint}>
              <input
                type="radio"
                name={`${props.look.name}${props.question.id}`}
                checked={props.value === point}
                onChange={() => props.onChange(point)}
              />
              <span>{point}</span>
            </label>
          )}
        </For>
      </div>
      <Show when={props.look.scaleEnds}>
        <p class={props.look.scaleEnds} aria-hidden="true">
          <span>1 = {props.words('scaleLow')}</span>
          <span>
            {SCALE_POINTS} = {props.words('scaleHigh')}
          </span>
        </p>
      </Show>
    </>
  );
}

/** Tap the options in order; "rank again" starts over. */
function Ranking(outer: { p: QuestionInputProps }) {
  const props = outer.p;
  return (
    <>
      <ol class={props.look.ranking}>
        <Index each={props.question.options}>
          {(option, i) => {
            const rank = () => chosen(props.value).indexOf(i) + 1;
            return (
              <li>
                <button
                  type="button"
                  class={props.look.rankOption}
                  aria-pressed={rank() > 0}
                  onClick={() => {
                    const now = chosen(props.value);
                    if (!now.includes(i)) props.onChange([...now, i]);
                  }}
                >
                  <span
                    class={props.look.rankBadge}
                    aria-hidden={props.look.hideRankBadge ? 'true' : undefined}
                  >
                    {rank() > 0 ? rank() : '–'}
                  </span>
                  <span>{option()}</span>
                  <span class="visually-hidden">
                    {rank() > 0 ? props.words('rank', rank()) : props.words('unranked')}
                  </span>
                </button>
              </li>
            );
          }}
        </Index>
      </ol>
      <button type="button" class={props.look.rankAgain} onClick={() => props.onChange([])}>
        {props.words('rankAgain')}
      </button>
    </>
  );
}
