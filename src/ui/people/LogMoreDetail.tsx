import { Show } from 'solid-js';
import type { Issue } from '../../domain';
import { t } from '../kit/i18n';
import { toLocalInput } from './format';
import { IssuePicker } from './IssuePicker';
import { describedBy, ErrorLine, LogTextArea } from './LogField';
import type { LogForm } from './log-form';

/**
 * The structured organizing conversation behind "More detail": when and where, the issues raised,
 * what is at stake, the vision, the inoculation, the ask and the answer in their words. The toggle
 * is a real button with `aria-expanded`; whether it is open is remembered on this device.
 */
export function LogMoreDetail(props: {
  open: boolean;
  onToggle: () => void;
  form: LogForm;
  issues: readonly Issue[];
  errors: Record<string, string>;
  update: <K extends keyof LogForm>(key: K, value: LogForm[K]) => void;
}) {
  const f = () => props.form;
  const err = (key: string) => props.errors[key];
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
          <IssuePicker
            issues={props.issues}
            selected={f().issueIds}
            pending={f().newIssueNames}
            input={f().issueInput}
            error={err('issues')}
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
          <LogTextArea
            key="stake"
            label="log.stake"
            help="log.stakeHelp"
            value={f().stake}
            error={err('stake')}
            onInput={(v) => props.update('stake', v)}
          />
          <LogTextArea
            key="vision"
            label="log.vision"
            help="log.visionHelp"
            value={f().vision}
            error={err('vision')}
            onInput={(v) => props.update('vision', v)}
          />
          <LogTextArea
            key="inoculation"
            label="log.inoculation"
            help="log.inoculationHelp"
            value={f().inoculation}
            error={err('inoculation')}
            onInput={(v) => props.update('inoculation', v)}
          />
          <LogTextArea
            key="ask"
            label="log.ask"
            help="log.askHelp"
            value={f().ask}
            error={err('ask')}
            onInput={(v) => props.update('ask', v)}
          />
          <LogTextArea
            key="answerNote"
            label="log.answerNote"
            value={f().answerNote}
            rows={2}
            error={err('answerNote')}
            onInput={(v) => props.update('answerNote', v)}
          />
          <div class="stack-tight">
            <label for="log-at">{t('log.whenLabel')}</label>
            <input
              id="log-at"
              type="datetime-local"
              max={toLocalInput()}
              value={f().at}
              onInput={(e) => props.update('at', e.currentTarget.value)}
              aria-invalid={err('at') ? 'true' : undefined}
              aria-describedby={describedBy('at', err('at'))}
            />
            <ErrorLine key="at" error={err('at')} />
          </div>
          <div class="stack-tight">
            <label for="log-place">{t('log.place')}</label>
            <input
              id="log-place"
              type="text"
              value={f().place}
              onInput={(e) => props.update('place', e.currentTarget.value)}
              aria-invalid={err('place') ? 'true' : undefined}
              aria-describedby={describedBy('place', err('place'))}
            />
            <ErrorLine key="place" error={err('place')} />
          </div>
        </div>
      </Show>
    </div>
  );
}
