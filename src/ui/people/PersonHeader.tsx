import { Show } from 'solid-js';
import type { Person } from '../../domain';
import { lang, t } from '../kit/i18n';
import { ContactButtons } from './ContactButtons';
import { assessmentLabel, formatDate, localToday } from './format';

/** "today", "yesterday", "5 days ago" for a past ISO date, in the UI language. */
function daysAgo(isoDate: string, today = localToday()): string {
  const days = Math.round((Date.parse(today) - Date.parse(isoDate)) / 86_400_000);
  return new Intl.RelativeTimeFormat(lang(), { numeric: 'auto' }).format(-Math.max(0, days), 'day');
}

/**
 * The top of a person's page: who they are and where they stand at a glance (unit, shift,
 * assessment, when someone last talked with them, the next step), how to reach them, and the
 * one-tap way to log a conversation.
 */
export function PersonHeader(props: {
  person: Person;
  unit: string | undefined;
  shift: string | undefined;
  /** ISO timestamp of the newest conversation or completed follow-up, if any. */
  lastTalked: string | undefined;
  onFollowUpDone: () => void;
}) {
  const p = () => props.person;
  const last = () => (props.lastTalked ? localToday(new Date(props.lastTalked)) : undefined);
  return (
    <header class="person-header card">
      <div class="person-title">
        <span class="badge big" data-a={p().assessment ?? 0} aria-hidden="true">
          {p().assessment ?? '–'}
        </span>
        <div>
          <h1>{p().name}</h1>
          <Show when={p().codeName}>
            <p class="muted">“{p().codeName}”</p>
          </Show>
        </div>
      </div>
      <dl class="person-facts">
        <div>
          <dt>{t('person.unit')}</dt>
          <dd>{props.unit ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('person.shift')}</dt>
          <dd>{props.shift ?? '—'}</dd>
        </div>
        <div class="wide">
          <dt>{t('person.assessment')}</dt>
          <dd data-testid="person-assessment">
            {assessmentLabel(p().assessment)}
            <Show when={p().card.signed}> · {t('person.cardYes')}</Show>
          </dd>
        </div>
        <div class="wide">
          <dt>{t('person.lastTalked')}</dt>
          <dd data-testid="person-last-talked">
            <Show when={last()} fallback={t('person.neverTalked')}>
              {(d) => `${formatDate(d())} · ${daysAgo(d())}`}
            </Show>
          </dd>
        </div>
        <div class="wide">
          <dt>{t('person.nextStep')}</dt>
          <dd data-testid="person-next-step">
            <Show when={p().nextFollowUp} fallback={<span class="muted">{t('person.noNextStep')}</span>}>
              {(f) => (
                <div class="next-step">
                  <span>
                    {f().text || '—'}{' '}
                    <span class={f().due < localToday() ? 'error' : 'muted'}>
                      {t('followups.due', { date: formatDate(f().due) })}
                      <Show when={f().due < localToday()}> ({t('person.overdue')})</Show>
                    </span>
                  </span>
                  <Show when={!p().deleted}>
                    <button type="button" onClick={() => props.onFollowUpDone()}>
                      {t('followups.done')}
                    </button>
                  </Show>
                </div>
              )}
            </Show>
          </dd>
        </div>
      </dl>
      <Show when={!p().deleted}>
        <ContactButtons name={p().name} contacts={p().contacts} />
        <a class="button primary wide" href={`#/log/${encodeURIComponent(p().id)}`}>
          {t('person.log')}
        </a>
      </Show>
    </header>
  );
}
