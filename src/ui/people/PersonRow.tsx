/** One row of the People list: assessment badge, name, where they work, flags (card, role, due, assignee). */
import { Show } from 'solid-js';
import type { Person } from '../../domain';
import { t } from '../kit/i18n';
import { assessmentLabel } from './format';

export function PersonRow(props: { person: Person; where: string; today: string; assignee?: string }) {
  const p = () => props.person;
  const due = () => p().nextFollowUp !== undefined && (p().nextFollowUp?.due ?? '') <= props.today;
  const flags = () =>
    [
      p().card.signed && t('people.cardSigned'),
      p().leader && t('people.leader'),
      p().committee && t('people.committee'),
      due() && t('people.due'),
    ].filter(Boolean) as string[];
  const sub = () => [props.where, props.assignee && `→ ${props.assignee}`].filter(Boolean).join(' · ');
  return (
    <a href={`#/people/${encodeURIComponent(p().id)}`} class="person-row">
      <span class="badge" data-a={p().assessment ?? 0} aria-hidden="true">
        {p().assessment ?? '–'}
      </span>
      <span class="person-main">
        <span class="person-name">
          {p().name}
          <Show when={p().codeName}>
            <span class="muted"> ({p().codeName})</span>
          </Show>
        </span>
        <span class="person-sub muted">
          <span class="visually-hidden">{assessmentLabel(p().assessment)}. </span>
          {sub()}
          <Show when={flags().length > 0}>
            <span class="flags">
              <Show when={p().card.signed}>
                <span class="flag card-flag" aria-hidden="true">
                  ✓
                </span>
              </Show>
              <Show when={p().leader || p().committee}>
                <span class="flag" aria-hidden="true">
                  ★
                </span>
              </Show>
              <Show when={due()}>
                <span class="flag due-flag" aria-hidden="true">
                  ⏰
                </span>
              </Show>
              <span class="visually-hidden">. {flags().join(', ')}</span>
            </span>
          </Show>
        </span>
      </span>
    </a>
  );
}
