/** One question of the survey editor: type, text, options, required, move and remove. */
import { For, Show } from 'solid-js';
import { hasOptions, QUESTION_KINDS, type QuestionKind, SURVEY_LIMITS } from '../../domain';
import { type MessageKey, t } from '../kit/i18n';

/** A question as the editor holds it (options as one text, one per line). */
export interface QuestionDraft {
  id?: string;
  kind: QuestionKind;
  text: string;
  optionsText: string;
  required: boolean;
}

export const kindLabel = (k: QuestionKind) => t(`surveys.kind.${k}` as MessageKey);

export function QuestionFields(props: {
  question: QuestionDraft;
  index: number;
  count: number;
  set<K extends keyof QuestionDraft>(field: K, value: QuestionDraft[K]): void;
  move(by: number): void;
  remove(): void;
}) {
  return (
    <fieldset class="card stack sv-question">
      <legend>{t('surveys.edit.question', { n: props.index + 1 })}</legend>
      <label for={`sq-kind-${props.index}`}>{t('surveys.edit.kind')}</label>
      <select
        id={`sq-kind-${props.index}`}
        value={props.question.kind}
        onChange={(e) => props.set('kind', e.currentTarget.value as QuestionKind)}
      >
        <For each={QUESTION_KINDS}>{(k) => <option value={k}>{kindLabel(k)}</option>}</For>
      </select>
      <label for={`sq-text-${props.index}`}>{t('surveys.edit.questionText')}</label>
      <input
        id={`sq-text-${props.index}`}
        type="text"
        maxLength={SURVEY_LIMITS.questionText}
        value={props.question.text}
        onInput={(e) => props.set('text', e.currentTarget.value)}
      />
      <Show when={hasOptions(props.question.kind)}>
        <label for={`sq-opts-${props.index}`}>{t('surveys.edit.options')}</label>
        <textarea
          id={`sq-opts-${props.index}`}
          rows={4}
          aria-describedby={`sq-opts-help-${props.index}`}
          value={props.question.optionsText}
          onInput={(e) => props.set('optionsText', e.currentTarget.value)}
        />
        <p class="help" id={`sq-opts-help-${props.index}`}>
          {t('surveys.edit.optionsHelp')}
        </p>
      </Show>
      <Show when={props.question.kind === 'text'}>
        <p class="warning">{t('surveys.edit.textWarning')}</p>
      </Show>
      <label class="radio">
        <input
          type="checkbox"
          checked={props.question.required}
          onChange={(e) => props.set('required', e.currentTarget.checked)}
        />
        <span>{t('surveys.edit.required')}</span>
      </label>
      <div class="row sv-question-actions">
        <button type="button" disabled={props.index === 0} onClick={() => props.move(-1)}>
          {t('surveys.edit.up')}
          <span class="visually-hidden"> {t('surveys.edit.question', { n: props.index + 1 })}</span>
        </button>
        <button type="button" disabled={props.index === props.count - 1} onClick={() => props.move(1)}>
          {t('surveys.edit.down')}
          <span class="visually-hidden"> {t('surveys.edit.question', { n: props.index + 1 })}</span>
        </button>
        <button type="button" onClick={() => props.remove()}>
          {t('surveys.edit.remove')}
          <span class="visually-hidden"> {t('surveys.edit.question', { n: props.index + 1 })}</span>
        </button>
      </div>
    </fieldset>
  );
}
