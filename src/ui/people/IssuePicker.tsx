import { For, Show } from 'solid-js';
import { type Issue, normalizeSearch } from '../../domain';
import { t } from '../kit/i18n';

/**
 * Issues raised: the campaign's workplace issues as checkboxes, plus new ones typed inline (kept
 * pending and created together with the conversation, so nothing is created if it is not saved).
 */
export function IssuePicker(props: {
  issues: readonly Issue[];
  selected: readonly string[];
  pending: readonly string[];
  input: string;
  error?: string | undefined;
  onToggle: (id: string, on: boolean) => void;
  onInput: (text: string) => void;
  onAdd: (name: string) => void;
  onRemovePending: (name: string) => void;
}) {
  const add = () => {
    const name = props.input.trim();
    if (!name) return;
    const existing = props.issues.find((i) => normalizeSearch(i.name) === normalizeSearch(name));
    if (existing) props.onToggle(existing.id, true);
    else if (!props.pending.some((p) => normalizeSearch(p) === normalizeSearch(name))) props.onAdd(name);
    props.onInput('');
  };
  return (
    <fieldset class="issues" aria-describedby={props.error ? 'issues-error' : undefined}>
      <legend>{t('log.issues')}</legend>
      <div class="chips">
        <For each={props.issues}>
          {(issue) => (
            <label class="chip">
              <input
                type="checkbox"
                checked={props.selected.includes(issue.id)}
                onChange={(e) => props.onToggle(issue.id, e.currentTarget.checked)}
              />
              <span>{issue.name}</span>
            </label>
          )}
        </For>
        <For each={props.pending}>
          {(name) => (
            <span class="chip pending">
              <span>{name}</span>
              <button
                type="button"
                class="chip-remove"
                aria-label={t('log.removeIssue', { name })}
                onClick={() => props.onRemovePending(name)}
              >
                ×
              </button>
            </span>
          )}
        </For>
      </div>
      <label for="log-new-issue">{t('log.newIssue')}</label>
      <div class="row">
        <input
          id="log-new-issue"
          type="text"
          autocomplete="off"
          maxlength="100"
          value={props.input}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" onClick={add}>
          {t('log.addIssue')}
        </button>
      </div>
      <Show when={props.error}>
        <p id="issues-error" class="error">
          {props.error}
        </p>
      </Show>
    </fieldset>
  );
}
