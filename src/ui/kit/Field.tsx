/**
 * A labelled form field: the label, the control (an input, or a textarea when `rows` is given) and
 * an optional help line under it that the control is described by. Attributes the caller passes
 * beyond these go to the control as they are (type, maxlength, autocomplete, readonly, ...).
 *
 *   <Field id="device-name" label={t('x.name')} help={t('x.nameHelp')} helpId="device-help"
 *     type="text" maxlength="60" value={name()} onValue={setName} />
 */
import { type JSX, Show, splitProps } from 'solid-js';

export type FieldProps = {
  id: string;
  label: JSX.Element;
  /** The help line under the control. */
  help?: JSX.Element;
  /** The help line's id; default `<id>-help`. */
  helpId?: string;
  /** More ids the control is described by, after the help line's (e.g. a strength meter). */
  describedBy?: string;
  /** A textarea of this many rows instead of an input. */
  rows?: number;
  /** Called with the control's value on every input. */
  onValue?: (value: string) => void;
} & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'>;

export function Field(props: FieldProps) {
  const [own, control] = splitProps(props, [
    'id',
    'label',
    'help',
    'helpId',
    'describedBy',
    'rows',
    'onValue',
  ]);
  const helpId = () => (own.help === undefined ? undefined : (own.helpId ?? `${own.id}-help`));
  const describedBy = () => [helpId(), own.describedBy].filter(Boolean).join(' ') || undefined;
  const onInput = (e: { currentTarget: { value: string } }) => own.onValue?.(e.currentTarget.value);
  return (
    <>
      <label for={own.id}>{own.label}</label>
      <Show
        when={own.rows}
        fallback={<input id={own.id} aria-describedby={describedBy()} onInput={onInput} {...control} />}
      >
        {(rows) => (
          <textarea
            id={own.id}
            rows={rows()}
            aria-describedby={describedBy()}
            onInput={onInput}
            {...(control as JSX.TextareaHTMLAttributes<HTMLTextAreaElement>)}
          />
        )}
      </Show>
      <Show when={own.help !== undefined}>
        <p id={helpId()} class="help">
          {own.help}
        </p>
      </Show>
    </>
  );
}

/** A form's error line, announced when it appears (nothing while empty). */
export function FormError(props: { error: string }) {
  return (
    <Show when={props.error}>
      <p class="error" role="alert">
        {props.error}
      </p>
    </Show>
  );
}
