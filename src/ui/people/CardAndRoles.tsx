import { For, Show } from 'solid-js';
import type { Person } from '../../domain';
import { t } from '../kit/i18n';
import { formatDate, formatDateTime, localToday } from './format';

/** Union card (with its history) and roles; each tick saves at once. */
export function CardAndRoles(props: {
  person: Person;
  who: (by: string) => string;
  onCard: (signed: boolean, date?: string) => void;
  onLeader: (on: boolean) => void;
  onCommittee: (on: boolean) => void;
}) {
  const p = () => props.person;
  return (
    <>
      <fieldset class="card stack" disabled={p().deleted}>
        <legend>{t('person.card')}</legend>
        <label class="radio">
          <input
            type="checkbox"
            checked={p().card.signed}
            onChange={(e) =>
              props.onCard(e.currentTarget.checked, e.currentTarget.checked ? localToday() : undefined)
            }
          />
          {t('person.cardSigned')}
        </label>
        <Show when={p().card.signed}>
          <label for="person-card-date">{t('person.cardDate')}</label>
          <input
            id="person-card-date"
            type="date"
            max={localToday()}
            value={p().card.date ?? ''}
            onChange={(e) => props.onCard(true, e.currentTarget.value || undefined)}
          />
        </Show>
        <Show when={p().cardHistory.length > 0}>
          <h3 class="small-heading">{t('person.cardHistory')}</h3>
          <ol class="history">
            <For each={[...p().cardHistory].reverse()}>
              {(c) => (
                <li>
                  <span>
                    {c.signed ? t('person.cardYes') : t('person.cardNo')}
                    {c.date ? ` (${formatDate(c.date)})` : ''}
                  </span>
                  <span class="muted">
                    {t('person.by', { who: props.who(c.by), when: formatDateTime(c.at) })}
                  </span>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </fieldset>

      <fieldset class="card stack" disabled={p().deleted}>
        <legend>{t('person.roles')}</legend>
        <label class="radio">
          <input
            type="checkbox"
            checked={p().leader}
            onChange={(e) => props.onLeader(e.currentTarget.checked)}
          />
          {t('person.leader')}
        </label>
        <label class="radio">
          <input
            type="checkbox"
            checked={p().committee}
            onChange={(e) => props.onCommittee(e.currentTarget.checked)}
          />
          {t('person.committee')}
        </label>
      </fieldset>
    </>
  );
}
