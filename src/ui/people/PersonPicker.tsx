import { createMemo, For, Show } from 'solid-js';
import { createPeopleSearch, type Person } from '../../domain';
import { t } from '../kit/i18n';
import { assessmentLabel } from './format';

const MAX_MATCHES = 6;
const ERROR_ID = 'who-error';

interface PickerProps {
  people: readonly Person[];
  personId: string | null;
  newPersonName: string | null;
  query: string;
  error?: string | undefined;
  onQuery: (q: string) => void;
  onPick: (id: string) => void;
  onCreate: (name: string) => void;
  onClear: () => void;
}

/**
 * "Who": type to search the campaign, pick a match, or add the typed name as a new coworker
 * (created together with the conversation). Matches are plain buttons, so every choice is one tap
 * and reachable by keyboard; the count is announced politely.
 */
export function PersonPicker(props: PickerProps) {
  const chosen = createMemo(() => props.people.find((p) => p.id === props.personId));
  return (
    <fieldset class="card stack" aria-describedby={props.error ? ERROR_ID : undefined}>
      <legend>{t('log.who')}</legend>
      <Show when={chosen() || props.newPersonName !== null} fallback={<PersonSearch {...props} />}>
        <div class="row chosen">
          <span class="badge" data-a={chosen()?.assessment ?? 0} aria-hidden="true">
            {chosen() ? (chosen()?.assessment ?? '–') : '+'}
          </span>
          <strong class="grow" data-testid="log-who">
            {chosen()?.name ?? t('log.newPerson', { name: props.newPersonName ?? '' })}
          </strong>
          <button type="button" onClick={() => props.onClear()}>
            {t('log.change')}
          </button>
        </div>
      </Show>
      <Show when={props.error}>
        <p id={ERROR_ID} class="error">
          {props.error}
        </p>
      </Show>
    </fieldset>
  );
}

/** The search field and, once something is typed, its matches and "add as new". */
function PersonSearch(props: PickerProps) {
  const search = createPeopleSearch();
  const matches = createMemo(() =>
    props.query.trim() ? search.filter(props.people, { text: props.query }).slice(0, MAX_MATCHES) : [],
  );
  return (
    <>
      <label for="log-who">{t('log.search')}</label>
      <p class="help" id="log-who-help">
        {t('log.searchHelp')}
      </p>
      <input
        id="log-who"
        type="search"
        autocomplete="off"
        value={props.query}
        onInput={(e) => props.onQuery(e.currentTarget.value)}
        aria-describedby={props.error ? `log-who-help ${ERROR_ID}` : 'log-who-help'}
        aria-invalid={props.error ? 'true' : undefined}
      />
      <Show when={props.query.trim()}>
        <p class="visually-hidden" aria-live="polite">
          {t('log.matches', { n: matches().length })}
        </p>
        <ul class="pick-list">
          <For each={matches()}>
            {(p) => (
              <li>
                <button type="button" class="pick" onClick={() => props.onPick(p.id)}>
                  <span class="badge" data-a={p.assessment ?? 0} aria-hidden="true">
                    {p.assessment ?? '–'}
                  </span>
                  <span>
                    {p.name}
                    <span class="visually-hidden">, {assessmentLabel(p.assessment)}</span>
                    <Show when={p.codeName}>
                      <span class="muted"> ({p.codeName})</span>
                    </Show>
                  </span>
                </button>
              </li>
            )}
          </For>
          <li>
            <button type="button" class="pick create" onClick={() => props.onCreate(props.query.trim())}>
              <span class="badge" aria-hidden="true">
                +
              </span>
              <span>{t('log.createNew', { name: props.query.trim() })}</span>
            </button>
          </li>
        </ul>
      </Show>
    </>
  );
}
