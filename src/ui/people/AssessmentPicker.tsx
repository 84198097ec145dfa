import { For, Show } from 'solid-js';
import { ASSESSMENTS, type Assessment } from '../../domain';
import { type MessageKey, t } from '../kit/i18n';

/**
 * The 1–5 assessment scale as a radio group, each value with its name and meaning shown (so the
 * organizer rates against the same scale as everyone else). `none` adds a "no change" choice.
 */
export function AssessmentPicker(props: {
  name: string;
  legend: string;
  value: Assessment | null;
  onChange: (value: Assessment | null) => void;
  none?: string;
  disabled?: boolean;
  /** Names only, two to a row (the quick log); the meanings stay on the person page. */
  compact?: boolean;
}) {
  return (
    <fieldset
      class={props.compact ? 'card assess-picker compact' : 'card assess-picker'}
      disabled={props.disabled}
    >
      <legend>{props.legend}</legend>
      <Show when={props.none}>
        <label class="assess-option">
          <input
            type="radio"
            name={props.name}
            checked={props.value === null}
            onChange={() => props.onChange(null)}
          />
          <span class="badge" data-a="0">
            –
          </span>
          <span class="assess-text">
            <strong>{props.none}</strong>
          </span>
        </label>
      </Show>
      <For each={ASSESSMENTS}>
        {(a) => (
          <label class="assess-option">
            <input
              type="radio"
              name={props.name}
              value={a}
              checked={props.value === a}
              onChange={() => props.onChange(a)}
            />
            <span class="badge" data-a={a} aria-hidden="true">
              {a}
            </span>
            <span class="assess-text">
              <strong>
                <span class="visually-hidden">{a} · </span>
                {t(`assess.${a}` as MessageKey)}
              </strong>
              <Show when={!props.compact}>
                <span class="muted">{t(`assess.${a}.help` as MessageKey)}</span>
              </Show>
            </span>
          </label>
        )}
      </For>
    </fieldset>
  );
}
