/** Parts of the "Log a conversation" form: who, a one-tap choice, the next step, who sees it. */
import { For } from 'solid-js';
import type { Person, Visibility } from '../../domain';
import { type MessageKey, t } from '../kit/i18n';
import { ChoiceChips, LogInput } from './LogField';
import type { LogForm } from './log-form';
import type { LogUpdate } from './log-state';
import { PersonPicker } from './PersonPicker';

/** "Who": pick someone, or a new coworker by the typed name; "Change" empties the choice. */
export function LogWho(props: {
  people: readonly Person[];
  form: LogForm;
  error: string | undefined;
  update: LogUpdate;
}) {
  const choose = (personId: string | null, newPersonName: string | null) => {
    props.update('personId', personId);
    props.update('newPersonName', newPersonName);
  };
  return (
    <PersonPicker
      people={props.people}
      personId={props.form.personId}
      newPersonName={props.form.newPersonName}
      query={props.form.personQuery}
      error={props.error}
      onQuery={(q) => props.update('personQuery', q)}
      onPick={(id) => choose(id, null)}
      onCreate={(name) => {
        props.update('newPersonName', name);
        props.update('personId', null);
      }}
      onClear={() => {
        choose(null, null);
        queueMicrotask(() => document.getElementById('log-who')?.focus());
      }}
    />
  );
}

/** A card with one row of one-tap choices (how you talked, their answer). */
export function LogChoice<T extends string>(props: {
  name: string;
  legend: MessageKey;
  /** The radio group's name for screen readers; the legend by default. */
  label?: MessageKey;
  values: readonly T[];
  value: T | '';
  /** The message key prefix of each choice's words (`<prefix>.<value>`). */
  prefix: string;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="card stack">
      <legend>{t(props.legend)}</legend>
      <ChoiceChips
        name={props.name}
        label={t(props.label ?? props.legend)}
        values={props.values}
        value={props.value}
        labelOf={(v) => t(`${props.prefix}.${v}` as MessageKey)}
        onChange={props.onChange}
      />
    </fieldset>
  );
}

/** The next step and by when (the date is filled in a week ahead once a step is typed). */
export function LogNextStep(props: {
  form: LogForm;
  err: (key: string) => string | undefined;
  onText: (text: string) => void;
  onDue: (due: string) => void;
}) {
  return (
    <fieldset class="card stack">
      <legend>{t('log.next')}</legend>
      <label for="log-nextText">{t('log.nextText')}</label>
      <LogInput
        key="nextText"
        type="text"
        value={props.form.nextText}
        error={props.err('nextText')}
        onInput={props.onText}
      />
      <label for="log-nextDue">{t('log.nextDue')}</label>
      <p class="help" id="log-nextDue-help">
        {t('log.nextDueHelp')}
      </p>
      <LogInput
        key="nextDue"
        type="date"
        value={props.form.nextDue}
        help
        error={props.err('nextDue')}
        onInput={props.onDue}
      />
    </fieldset>
  );
}

const VISIBILITIES = [
  { value: 'shared', label: 'log.shared', help: 'log.sharedHelp' },
  { value: 'private', label: 'log.private', help: 'log.privateHelp' },
] as const satisfies readonly { value: Visibility; label: MessageKey; help: MessageKey }[];

/** Who sees it: the committee (shared) or only this phone (private). */
export function LogVisibility(props: { value: Visibility; onChange: (value: Visibility) => void }) {
  return (
    <fieldset class="card stack">
      <legend>{t('log.visibility')}</legend>
      <For each={VISIBILITIES}>
        {(v) => (
          <label class="radio">
            <input
              type="radio"
              name="log-visibility"
              checked={props.value === v.value}
              onChange={() => props.onChange(v.value)}
              aria-describedby={`log-${v.value}-help`}
            />
            <span>
              {t(v.label)}
              <span class="help block" id={`log-${v.value}-help`}>
                {t(v.help)}
              </span>
            </span>
          </label>
        )}
      </For>
    </fieldset>
  );
}
