import { Show } from 'solid-js';
import type { Session } from '../../app/session';
import { ANSWERS, CHANNELS, listIssues, peopleIndex } from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { t } from '../kit/i18n';
import { AssessmentPicker } from './AssessmentPicker';
import { LogTextArea } from './LogField';
import { LogMoreDetail } from './LogMoreDetail';
import { LogOtherDraft, LogRestored, LogSaved } from './LogNotices';
import { LogChoice, LogNextStep, LogVisibility, LogWho } from './LogParts';
import { DRAFT_SLOT } from './log-draft';
import { createLogState, type LogState } from './log-state';

export { DRAFT_SLOT };

/**
 * Log a conversation. The quick log is who (preselected from a person's page), how, one note,
 * their answer, the assessment and the next step: five taps from the person's page. The
 * structured organizing conversation (issues, stakes, vision, inoculation, ask) is behind
 * "More detail". What is typed is kept as a draft as you type; saving is one tap, and the
 * confirmation shows only once both spaces are on disk.
 */
export function LogConversation(props: { session: Session; personId?: string | undefined }) {
  const state = createLogState(props.session, () => props.personId);
  return (
    <section class="screen log">
      <h1>{t('log.title')}</h1>
      <Show when={state.saved()}>
        {(s) => (
          <LogSaved
            personId={s().personId}
            name={s().name}
            visibility={s().visibility}
            onAnother={state.another}
          />
        )}
      </Show>
      <Show when={state.otherDraft()}>
        {(name) => <LogOtherDraft name={name()} onDiscard={() => void state.discard()} />}
      </Show>
      <Show when={!state.saved() && !state.otherDraft()}>
        <Show when={state.restored()}>
          <LogRestored onDiscard={() => void state.discard()} />
        </Show>
        <LogFormBody session={props.session} state={state} />
      </Show>
    </section>
  );
}

/** The form itself: the quick log top to bottom, "More detail" folded in after the note. */
function LogFormBody(props: { session: Session; state: LogState }) {
  const campaign = props.session.campaign.doc;
  const people = createDocQuery(campaign, (doc) => peopleIndex(doc).people());
  const issues = createDocQuery(campaign, (doc) => listIssues(doc));
  const s = props.state;
  const form = s.form;
  return (
    <form class="stack log-form" onSubmit={s.save} novalidate>
      <Show when={Object.keys(s.errors()).length > 0}>
        <p class="error" role="alert">
          {s.errors().form ?? t('log.fixErrors')}
        </p>
      </Show>
      <LogWho people={people()} form={form} error={s.err('who')} update={s.update} />
      <LogChoice
        name="log-channel"
        legend="log.how"
        label="log.channel"
        values={CHANNELS}
        value={form.channel}
        prefix="log.channel"
        onChange={(ch) => s.update('channel', ch)}
      />
      <div class="card">
        <LogTextArea
          key="notes"
          label="log.notes"
          value={form.notes}
          error={s.err('notes')}
          onInput={(v) => s.update('notes', v)}
        />
      </div>
      <LogMoreDetail
        open={s.moreOpen()}
        onToggle={s.toggleMore}
        form={form}
        issues={issues()}
        errors={s.errors()}
        update={s.update}
      />
      <LogChoice
        name="log-answer"
        legend="log.answer"
        values={ANSWERS}
        value={form.answer}
        prefix="log.answer"
        onChange={(a) => s.update('answer', a)}
      />
      <AssessmentPicker
        name="log-assessment"
        legend={t('log.assessment')}
        value={form.assessment}
        none={t('assess.none')}
        compact
        onChange={(v) => s.update('assessment', v)}
      />
      <LogNextStep form={form} err={s.err} onText={s.updateNext} onDue={(v) => s.update('nextDue', v)} />
      <LogVisibility value={form.visibility} onChange={(v) => s.update('visibility', v)} />
      <div class="save-bar">
        <button type="submit" class="primary" disabled={s.saving()}>
          {s.saving() ? t('log.saving') : t('log.save')}
        </button>
      </div>
    </form>
  );
}
