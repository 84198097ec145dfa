import { createMemo, createSignal, For, Show } from 'solid-js';
import {
  type Assessment,
  completeFollowUp,
  conversationsOf,
  deletePerson,
  getPerson,
  listIssues,
  listShifts,
  listUnits,
  rateAssessment,
  restorePerson,
  savePrivateNote,
  setCardSigned,
  setCommittee,
  setLeader,
} from '../../domain';
import { AssessmentPicker } from '../components/field/AssessmentPicker';
import {
  assessmentLabel,
  assessmentName,
  domainErrorText,
  formatDate,
  formatDateTime,
  localToday,
} from '../components/field/format';
import { PersonDetails } from '../components/field/PersonDetails';
import { Timeline } from '../components/field/Timeline';
import { t } from '../i18n';
import { createDocVersion } from '../state/doc-signal';
import { createMemberNames } from '../state/member-names';
import type { Session } from '../state/session';

/**
 * A person: assessment (with its history: who, when, from → to), card status and history, roles,
 * the next follow-up, every other field, the conversation timeline (shared and this device's
 * private entries) and private notes. Each status change is one tap and durable before it shows
 * as saved.
 */
export function PersonPage(props: { session: Session; personId: string }) {
  const { campaign, personal } = props.session;
  const version = createDocVersion(campaign.doc);
  const personalVersion = createDocVersion(personal.doc);
  const who = createMemberNames(props.session);
  const ctx = () => ({ by: props.session.deviceId });
  const [status, setStatus] = createSignal('');
  const [error, setError] = createSignal('');
  const [note, setNote] = createSignal('');
  const [noteError, setNoteError] = createSignal('');
  const [deleting, setDeleting] = createSignal(false);

  const person = createMemo(() => {
    version();
    const r = getPerson(campaign.doc, props.personId);
    return r.ok ? r.value : undefined;
  });
  const units = createMemo(() => {
    version();
    return listUnits(campaign.doc);
  });
  const shifts = createMemo(() => {
    version();
    return listShifts(campaign.doc);
  });
  const issues = createMemo(() => {
    version();
    return new Map(listIssues(campaign.doc, { includeDeleted: true }).map((i) => [i.id, i]));
  });
  const timeline = createMemo(() => {
    version();
    personalVersion();
    return conversationsOf({ campaign: campaign.doc, personal: personal.doc }, props.personId);
  });
  /** Assessment changes newest first, each with the value before it. */
  const history = createMemo(() => {
    const entries = person()?.assessmentHistory ?? [];
    return entries.map((e, i) => ({ ...e, from: i > 0 ? (entries[i - 1]?.value ?? null) : null })).reverse();
  });

  const done = async (r: { ok: boolean; error?: { code: string; detail: Record<string, unknown> } }) => {
    if (!r.ok && r.error) {
      setError(domainErrorText(r.error));
      return;
    }
    setError('');
    await campaign.flush();
    setStatus(t('person.saved'));
  };

  const rate = (v: Assessment | null) => {
    if (v === null || v === person()?.assessment) return;
    void done(rateAssessment(campaign.doc, props.personId, v, ctx()));
  };
  const setCard = (signed: boolean, date?: string) =>
    void done(
      setCardSigned(
        campaign.doc,
        props.personId,
        signed ? { signed, ...(date ? { date } : {}) } : { signed },
        ctx(),
      ),
    );

  const saveNote = async (e: SubmitEvent) => {
    e.preventDefault();
    const text = note();
    const r = savePrivateNote(
      { campaign: campaign.doc, personal: personal.doc },
      { personId: props.personId, text },
      ctx(),
    );
    if (!r.ok) {
      setNoteError(domainErrorText(r.error, note().length));
      return;
    }
    await personal.flush();
    if (note() === text) setNote(''); // not what was typed meanwhile
    setNoteError('');
    setStatus(t('person.noteSaved'));
  };

  return (
    <section class="screen person">
      <a href="#/people" class="back">
        ← {t('person.back')}
      </a>
      <Show when={person()} fallback={<p>{t('person.notFound')}</p>}>
        {(p) => (
          <>
            <div class="person-title">
              <span class="badge big" data-a={p().assessment ?? 0} aria-hidden="true">
                {p().assessment ?? '–'}
              </span>
              <div>
                <h1>{p().name}</h1>
                <p class="muted" data-testid="person-assessment">
                  {assessmentLabel(p().assessment)}
                  <Show when={p().card.signed}> · {t('person.cardYes')}</Show>
                </p>
              </div>
            </div>
            <Show when={p().deleted}>
              <p class="warning">{t('person.deleted')}</p>
            </Show>
            <a class="button primary wide" href={`#/log/${encodeURIComponent(p().id)}`}>
              {t('person.log')}
            </a>
            <p class="muted status-line" role="status">
              {status()}
            </p>
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>

            <Show when={p().nextFollowUp}>
              {(f) => (
                <div class="card stack followup-card">
                  <h2>{t('person.followUp')}</h2>
                  <p>
                    <strong>{f().text || '—'}</strong>{' '}
                    <span class={f().due < localToday() ? 'error' : 'muted'}>
                      {t('followups.due', { date: formatDate(f().due) })}
                    </span>
                  </p>
                  <button
                    type="button"
                    onClick={() =>
                      void done(completeFollowUp({ campaign: campaign.doc }, props.personId, {}, ctx()))
                    }
                  >
                    {t('followups.done')}
                  </button>
                </div>
              )}
            </Show>

            <AssessmentPicker
              name="person-assessment"
              legend={t('person.assessment')}
              value={p().assessment}
              onChange={rate}
              disabled={p().deleted}
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
                          {t('person.by', { who: who()(h.by), when: formatDateTime(h.at) })}
                        </span>
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
            </section>

            <fieldset class="card stack" disabled={p().deleted}>
              <legend>{t('person.card')}</legend>
              <label class="radio">
                <input
                  type="checkbox"
                  checked={p().card.signed}
                  onChange={(e) =>
                    setCard(e.currentTarget.checked, e.currentTarget.checked ? localToday() : undefined)
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
                  onChange={(e) => setCard(true, e.currentTarget.value || undefined)}
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
                          {t('person.by', { who: who()(c.by), when: formatDateTime(c.at) })}
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
                  onChange={(e) =>
                    void done(setLeader(campaign.doc, props.personId, e.currentTarget.checked, ctx()))
                  }
                />
                {t('person.leader')}
              </label>
              <label class="radio">
                <input
                  type="checkbox"
                  checked={p().committee}
                  onChange={(e) =>
                    void done(setCommittee(campaign.doc, props.personId, e.currentTarget.checked, ctx()))
                  }
                />
                {t('person.committee')}
              </label>
            </fieldset>

            <section class="card" aria-labelledby="timeline-title">
              <h2 id="timeline-title">{t('person.timeline')}</h2>
              <Show when={timeline().length > 0} fallback={<p class="muted">{t('person.timelineEmpty')}</p>}>
                <Timeline conversations={timeline()} issues={issues()} who={who()} />
              </Show>
            </section>

            <form class="card stack" onSubmit={saveNote} novalidate>
              <label for="person-private-note">
                <strong>{t('person.privateNote')}</strong>
              </label>
              <p class="help" id="person-private-note-help">
                {t('person.privateNoteHelp')}
              </p>
              <textarea
                id="person-private-note"
                rows="3"
                value={note()}
                onInput={(e) => setNote(e.currentTarget.value)}
                aria-describedby={
                  noteError() ? 'person-private-note-help person-note-error' : 'person-private-note-help'
                }
                aria-invalid={noteError() ? 'true' : undefined}
              />
              <Show when={noteError()}>
                <p class="error" id="person-note-error">
                  {noteError()}
                </p>
              </Show>
              <button type="submit">{t('person.addNote')}</button>
            </form>

            <Show when={!p().deleted}>
              <PersonDetails
                person={p()}
                units={units()}
                shifts={shifts()}
                store={campaign}
                by={props.session.deviceId}
              />
            </Show>

            <div class="card stack">
              <Show
                when={!p().deleted}
                fallback={
                  <button
                    type="button"
                    onClick={() => void done(restorePerson(campaign.doc, props.personId, ctx()))}
                  >
                    {t('person.restore')}
                  </button>
                }
              >
                <Show
                  when={deleting()}
                  fallback={
                    <button type="button" class="danger" onClick={() => setDeleting(true)}>
                      {t('person.delete')}
                    </button>
                  }
                >
                  <div class="stack" role="alertdialog" aria-labelledby="delete-q">
                    <p id="delete-q">{t('person.deleteConfirm', { name: p().name })}</p>
                    <div class="row">
                      <button
                        type="button"
                        class="danger"
                        onClick={() => {
                          setDeleting(false);
                          void done(deletePerson(campaign.doc, props.personId, ctx()));
                        }}
                      >
                        {t('person.deleteYes')}
                      </button>
                      <button type="button" onClick={() => setDeleting(false)}>
                        {t('panic.cancel')}
                      </button>
                    </div>
                  </div>
                </Show>
              </Show>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
