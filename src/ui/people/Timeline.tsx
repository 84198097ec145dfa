import { For, Show } from 'solid-js';
import type { Conversation, Issue } from '../../domain';
import { type MessageKey, t } from '../kit/i18n';
import { conversationTitle } from './conversation-title';
import { assessmentLabel, formatDate, formatDateTime } from './format';

const SECTIONS = [
  ['stake', 'log.stake'],
  ['vision', 'log.vision'],
  ['inoculation', 'log.inoculation'],
  ['ask', 'log.ask'],
  ['answerNote', 'log.answerNote'],
  ['notes', 'log.notes'],
] as const;

/** A person's conversations, newest first; private entries are marked as such. */
export function Timeline(props: {
  conversations: readonly Conversation[];
  issues: ReadonlyMap<string, Issue>;
  who: (by: string) => string;
  /** Show the person's name on each entry (the dashboard's recent list). */
  personName?: (id: string) => string | undefined;
}) {
  return (
    <ol class="timeline">
      <For each={props.conversations}>
        {(c) => (
          <li class={c.visibility === 'private' ? 'private' : undefined} data-visibility={c.visibility}>
            <div class="timeline-head">
              <strong class="timeline-title">{conversationTitle(c)}</strong>
              <Show when={props.personName?.(c.personId)}>
                {(name) => (
                  <a href={`#/people/${encodeURIComponent(c.personId)}`} class="timeline-person">
                    {name()}
                  </a>
                )}
              </Show>
              <span class="muted">
                <time datetime={c.at}>{formatDateTime(c.at)}</time>
                {' · '}
                {props.who(c.by)}
                <Show when={c.place}>{(p) => ` · ${p()}`}</Show>
              </span>
              <Show when={c.visibility === 'private'}>
                <span class="tag private-tag">{t('timeline.private')}</span>
              </Show>
            </div>
            <Show when={!props.personName}>
              <Show when={c.completed}>
                {(f) => <p>{t('timeline.completed', { text: f().text || '—' })}</p>}
              </Show>
              <Show when={c.issueIds.length > 0}>
                <p>
                  {t('timeline.issues', {
                    list: c.issueIds.map((id) => props.issues.get(id)?.name ?? '?').join(', '),
                  })}
                </p>
              </Show>
              <For each={SECTIONS}>
                {([key, label]) => (
                  <Show when={c[key]}>
                    {(text) => (
                      <div class="timeline-section">
                        <span class="muted">{t(label)}</span>
                        <p class="prewrap">{text()}</p>
                      </div>
                    )}
                  </Show>
                )}
              </For>
              <Show when={c.answer}>
                {(a) => <p>{t('timeline.answer', { value: t(`log.answer.${a()}` as MessageKey) })}</p>}
              </Show>
              <Show when={c.assessment}>
                {(a) => <p>{t('timeline.assessment', { value: assessmentLabel(a()) })}</p>}
              </Show>
              <Show when={c.nextStep}>
                {(n) => <p>{t('timeline.next', { text: n().text || '—', date: formatDate(n().due) })}</p>}
              </Show>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}
