import { createMemo, createSignal, For, Show } from 'solid-js';
import { completeFollowUp, type FollowUpItem, followUpsDue, peopleIndex } from '../../domain';
import { domainErrorText, formatDate, localToday } from '../components/field/format';
import { type MessageKey, t } from '../i18n';
import { createDocVersion } from '../state/doc-signal';
import type { Session } from '../state/session';

/**
 * Follow-ups from everyone's next steps: overdue, today, this week. "Mark done" clears the
 * follow-up and logs it on the person's timeline; it shows as done once durable.
 */
export function FollowUps(props: { session: Session }) {
  const store = props.session.campaign;
  const version = createDocVersion(store.doc);
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');
  const due = createMemo(() => {
    version();
    return followUpsDue(peopleIndex(store.doc).people(), localToday());
  });
  const count = () => due().overdue.length + due().today.length + due().week.length;

  const markDone = async (item: FollowUpItem) => {
    const r = completeFollowUp({ campaign: store.doc }, item.person.id, {}, { by: props.session.deviceId });
    if (!r.ok) {
      setError(domainErrorText(r.error));
      return;
    }
    await store.flush();
    setError('');
    setMessage(t('followups.logged', { name: item.person.name }));
  };

  const group = (key: 'overdue' | 'today' | 'week') => (
    <section class="card" aria-labelledby={`fu-${key}`}>
      <h2 id={`fu-${key}`}>
        {t(`followups.${key}` as MessageKey)} <span class="count">{due()[key].length}</span>
      </h2>
      <Show when={due()[key].length > 0} fallback={<p class="muted">{t('followups.empty')}</p>}>
        <ul class="list followups" data-testid={`followups-${key}`}>
          <For each={due()[key]}>
            {(item) => (
              <li class="followup">
                <div class="grow">
                  <a href={`#/people/${encodeURIComponent(item.person.id)}`}>{item.person.name}</a>
                  <p class="followup-text">{item.followUp.text || '—'}</p>
                  <p class={key === 'overdue' ? 'error small' : 'muted small'}>
                    {t('followups.due', { date: formatDate(item.followUp.due) })}
                  </p>
                </div>
                <button
                  type="button"
                  aria-label={t('followups.doneNamed', { name: item.person.name })}
                  onClick={() => void markDone(item)}
                >
                  {t('followups.done')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );

  return (
    <section class="screen">
      <h1>{t('followups.title')}</h1>
      <p class="muted" role="status">
        {message()}
      </p>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={count() === 0}>
        <p>{t('followups.none')}</p>
      </Show>
      {group('overdue')}
      {group('today')}
      {group('week')}
    </section>
  );
}
