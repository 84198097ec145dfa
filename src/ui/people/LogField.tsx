import { For, type JSX, Show } from 'solid-js';
import { type MessageKey, t } from '../kit/i18n';

/** The error line of a log form field (`log-<key>-error`), when it has one. */
export function ErrorLine(props: { key: string; error: string | undefined }) {
  return (
    <Show when={props.error}>
      <p id={`log-${props.key}-error`} class="error">
        {props.error}
      </p>
    </Show>
  );
}

/** `aria-describedby` for a field with optional help and error lines. */
export function describedBy(key: string, error: string | undefined, help?: boolean): string | undefined {
  return (
    [help ? `log-${key}-help` : undefined, error ? `log-${key}-error` : undefined]
      .filter(Boolean)
      .join(' ') || undefined
  );
}

/** A labelled text area (`log-<key>`) with optional help and its error. */
export function LogTextArea(props: {
  key: string;
  label: MessageKey;
  help?: MessageKey | undefined;
  value: string;
  rows?: number;
  error: string | undefined;
  onInput: (value: string) => void;
}) {
  return (
    <div class="stack-tight">
      <label for={`log-${props.key}`}>{t(props.label)}</label>
      <Show when={props.help}>
        {(help) => (
          <p class="help" id={`log-${props.key}-help`}>
            {t(help())}
          </p>
        )}
      </Show>
      <textarea
        id={`log-${props.key}`}
        rows={props.rows ?? 3}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.key, props.error, Boolean(props.help))}
      />
      <ErrorLine key={props.key} error={props.error} />
    </div>
  );
}

/** One-tap choices as a radio group of chips (how you talked, their answer, who can see it). */
export function ChoiceChips<T extends string>(props: {
  name: string;
  label: string;
  values: readonly T[];
  value: T | '';
  labelOf: (value: T) => JSX.Element;
  onChange: (value: T) => void;
}) {
  return (
    <div class="chips" role="radiogroup" aria-label={props.label}>
      <For each={props.values}>
        {(v) => (
          <label class="chip">
            <input
              type="radio"
              name={props.name}
              checked={props.value === v}
              onChange={() => props.onChange(v)}
            />
            <span>{props.labelOf(v)}</span>
          </label>
        )}
      </For>
    </div>
  );
}

/** A one-line field (`log-<key>`) and its error; its label and help are the caller's. */
export function LogInput(props: {
  key: string;
  type: 'text' | 'date' | 'datetime-local';
  value: string;
  max?: string;
  /** Whether a help line (`log-<key>-help`) describes it. */
  help?: boolean;
  error: string | undefined;
  onInput: (value: string) => void;
}) {
  return (
    <>
      <input
        id={`log-${props.key}`}
        type={props.type}
        max={props.max}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.key, props.error, props.help)}
      />
      <ErrorLine key={props.key} error={props.error} />
    </>
  );
}
