import { createMemo, For, Show } from 'solid-js';
import type { Assessment, Person } from '../../domain';
import { t } from '../kit/i18n';
import { AssessmentPicker } from './AssessmentPicker';
import { assessmentName, formatDateTime } from './format';

/** The 1–5 assessment (one tap saves it) and its history: who changed it, when, from → to. */
export function AssessmentSection(props: {
  person: Person;
  who: (by: string) => string;
  onRate: (value: Assessment) => void;
}) {
  /** Assessment changes newest first, each with the value before it. */
  const history = createMemo(() => {
    const entries = props.person.assessmentHistory;
    return entries.map((e, i) => ({ ...e, from: i > 0 ? (entries[i - 1]?.value ?? null) : null })).reverse();
  });
  return (
    <>
      <AssessmentPicker
        name="person-assessment"
        legend={t('person.assessment')}
        value={props.person.assessment}
        onChange={(v) => {
          if (v !== null && v !== props.person.assessment) props.onRate(v);
        }}
        disabled={props.person.deleted}
      />
      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('person.history')}</h2>
        <Show when={history().length > 0} fallback={<p class="muted">{t('person.historyEmpty')}</p>}>
          <ol class="history" data-testid="assessment-history">
            <For each={history()}>
              {(h) => (
                <li>
                  <span class="history-change">
                    {t('person.historyEntry', {
                      from: h.from ? `${h.from} ${assessmentName(h.from)}` : '–',
                      to: h.value ? `${h.value} ${assessmentName(h.value)}` : assessmentName(null),
                    })}
                  </span>
                  <span class="muted">
                    {t('person.by', { who: props.who(h.by), when: formatDateTime(h.at) })}
                  </span>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>
    </>
  );
}
