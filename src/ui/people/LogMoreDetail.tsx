import { For, Show } from 'solid-js';
import type { Issue } from '../../domain';
import { type MessageKey, t } from '../kit/i18n';
import { toLocalInput } from './format';
import { IssuePicker } from './IssuePicker';
import { LogInput, LogTextArea } from './LogField';
import type { LogForm } from './log-form';
import type { LogUpdate } from './log-state';

type DetailText = 'stake' | 'vision' | 'inoculation' | 'ask' | 'answerNote';

/** The organizing conversation's prompts, in the order it goes. */
const PROMPTS: readonly { key: DetailText; label: MessageKey; help?: MessageKey; rows?: number }[] = [
  { key: 'stake', label: 'log.stake', help: 'log.stakeHelp' },
  { key: 'vision', label: 'log.vision', help: 'log.visionHelp' },
  { key: 'inoculation', label: 'log.inoculation', help: 'log.inoculationHelp' },
  { key: 'ask', label: 'log.ask', help: 'log.askHelp' },
  { key: 'answerNote', label: 'log.answerNote', rows: 2 },
];

interface DetailProps {
  form: LogForm;
  errors: Record<string, string>;
  update: LogUpdate;
}

/**
 * The structured organizing conversation behind "More detail": when and where, the issues raised,
 * what is at stake, the vision, the inoculation, the ask and the answer in their words. The toggle
 * is a real button with `aria-expanded`; whether it is open is remembered on this device.
 */
export function LogMoreDetail(
  props: DetailProps & { open: boolean; onToggle: () => void; issues: readonly Issue[] },
) {
  return (
    <div class="card more-detail">
      <button
        type="button"
        class="more-toggle"
        aria-expanded={props.open ? 'true' : 'false'}
        aria-controls="log-more"
        onClick={() => props.onToggle()}
      >
        <span class="more-title">
          <span aria-hidden="true">{props.open ? '▾ ' : '▸ '}</span>
          {t('log.more')}
        </span>
        <span class="muted more-help">{t('log.moreHelp')}</span>
      </button>
      <Show when={props.open}>
        <div id="log-more" class="stack">
          <LogIssues {...props} />
          <For each={PROMPTS}>
            {(p) => (
              <LogTextArea
                key={p.key}
                label={p.label}
                help={p.help}
                rows={p.rows}
                value={props.form[p.key]}
                error={props.errors[p.key]}
                onInput={(v) => props.update(p.key, v)}
              />
            )}
          </For>
          <LogWhenWhere {...props} />
        </div>
      </Show>
    </div>
  );
}

/** Issues raised: existing ones ticked, new ones kept pending until the conversation is saved. */
function LogIssues(props: DetailProps & { issues: readonly Issue[] }) {
  const f = () => props.form;
  return (
    <IssuePicker
      issues={props.issues}
      selected={f().issueIds}
      pending={f().newIssueNames}
      input={f().issueInput}
      error={props.errors.issues}
      onToggle={(id, on) =>
        props.update(
          'issueIds',
          on ? [...new Set([...f().issueIds, id])] : f().issueIds.filter((x) => x !== id),
        )
      }
      onInput={(text) => props.update('issueInput', text)}
      onAdd={(name) => props.update('newIssueNames', [...f().newIssueNames, name])}
      onRemovePending={(name) =>
        props.update(
          'newIssueNames',
          f().newIssueNames.filter((n) => n !== name),
        )
      }
    />
  );
}

/** When it happened (never in the future) and where. */
function LogWhenWhere(props: DetailProps) {
  return (
    <>
      <div class="stack-tight">
        <label for="log-at">{t('log.whenLabel')}</label>
        <LogInput
          key="at"
          type="datetime-local"
          max={toLocalInput()}
          value={props.form.at}
          error={props.errors.at}
          onInput={(v) => props.update('at', v)}
        />
      </div>
      <div class="stack-tight">
        <label for="log-place">{t('log.place')}</label>
        <LogInput
          key="place"
          type="text"
          value={props.form.place}
          error={props.errors.place}
          onInput={(v) => props.update('place', v)}
        />
      </div>
    </>
  );
}
