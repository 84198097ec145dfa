import { createSignal, For, Show } from 'solid-js';
import { markFollowUpDone } from '../../app/conversation';
import type { Session } from '../../app/session';
import { type FollowUpItem, type FollowUpsDue, followUpsDue, peopleIndex } from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { type MessageKey, t } from '../kit/i18n';
import { domainErrorText, formatDate, localToday } from '../people/format';
import { downloadCalendar } from './calendar';

/**
 * Follow-ups from everyone's next steps: overdue, today, this week. "Mark done" clears the
 * follow-up and logs it on the person's timeline; it shows as done once durable. Each follow-up
 * (or all open ones at once) can go to the phone's calendar as an `.ics` file, so the phone
 * reminds the organizer without any server; the title carries the due badge.
 */
export function FollowUps(props: { session: Session }) {
  const store = props.session.campaign;
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');
  const due = createDocQuery(store.doc, (doc) => followUpsDue(peopleIndex(doc).people(), localToday()));
  const count = () => due().overdue.length + due().today.length + due().week.length;
  const dueNow = () => due().overdue.length + due().today.length;
  /** Every open follow-up, later ones too, soonest first. */
  const open = createDocQuery(store.doc, (doc) =>
    peopleIndex(doc)
      .people()
      .flatMap((person) => (person.nextFollowUp ? [{ person, followUp: person.nextFollowUp }] : []))
      .sort((a, b) => (a.followUp.due < b.followUp.due ? -1 : a.followUp.due > b.followUp.due ? 1 : 0)),
  );

  const markDone = async (item: FollowUpItem) => {
    const r = markFollowUpDone(props.session, item.person.id);
    if (!r.ok) {
      setError(domainErrorText(r.error));
      return;
    }
    await store.flush();
    setError('');
    setMessage(t('followups.logged', { name: item.person.name }));
  };

  return (
    <section class="screen">
      <h1>
        {t('followups.title')}{' '}
        <Show when={dueNow() > 0}>
          <span class="due-badge" data-testid="followups-due">
            <span aria-hidden="true">{dueNow()}</span>
            <span class="visually-hidden">{t('calendar.badge', { n: dueNow() })}</span>
          </span>
        </Show>
      </h1>
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
      <FollowUpGroup key="overdue" due={due()} onDone={markDone} />
      <FollowUpGroup key="today" due={due()} onDone={markDone} />
      <FollowUpGroup key="week" due={due()} onDone={markDone} />
      <Show when={open().length > 0}>
        <section class="card stack" aria-labelledby="fu-calendar">
          <h2 id="fu-calendar" class="visually-hidden">
            {t('calendar.add')}
          </h2>
          <button
            type="button"
            class="wide"
            onClick={() => downloadCalendar(open())}
            data-testid="calendar-all"
          >
            {t('calendar.all', { n: open().length })}
          </button>
          <p class="muted small">{t('calendar.note')}</p>
        </section>
      </Show>
    </section>
  );
}

/** Overdue, today or this week: each follow-up with "Done" and "Add to calendar". */
function FollowUpGroup(props: {
  key: 'overdue' | 'today' | 'week';
  due: FollowUpsDue;
  onDone: (item: FollowUpItem) => void;
}) {
  const items = () => props.due[props.key];
  return (
    <section class="card" aria-labelledby={`fu-${props.key}`}>
      <h2 id={`fu-${props.key}`}>
        {t(`followups.${props.key}` as MessageKey)} <span class="count">{items().length}</span>
      </h2>
      <Show when={items().length > 0} fallback={<p class="muted">{t('followups.empty')}</p>}>
        <ul class="list followups" data-testid={`followups-${props.key}`}>
          <For each={items()}>
            {(item) => (
              <li class="followup">
                <div class="grow">
                  <a href={`#/people/${encodeURIComponent(item.person.id)}`}>{item.person.name}</a>
                  <p class="followup-text">{item.followUp.text || '—'}</p>
                  <p class={props.key === 'overdue' ? 'error small' : 'muted small'}>
                    {t('followups.due', { date: formatDate(item.followUp.due) })}
                  </p>
                </div>
                <div class="followup-actions">
                  <button
                    type="button"
                    aria-label={t('followups.doneNamed', { name: item.person.name })}
                    onClick={() => void props.onDone(item)}
                  >
                    {t('followups.done')}
                  </button>
                  <button
                    type="button"
                    class="calendar-button"
                    aria-label={t('calendar.addNamed', { name: item.person.name })}
                    onClick={() => downloadCalendar([item])}
                  >
                    {t('calendar.add')}
                  </button>
                </div>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
