import { createMemo, For, Show } from 'solid-js';
import { type HomeData, homeDataInSlices, keptHomeData } from '../../app/home-figures';
import type { Session } from '../../app/session';
import { campaignArriving } from '../../app/sync-state';
import {
  campaignName,
  type FollowUpsDue,
  listIssues,
  liveConversations,
  type MapModel,
  type Person,
  readDraft,
} from '../../domain';
import { createDocQuery, createDocVersion } from '../kit/doc-signal';
import { t } from '../kit/i18n';
import { createMemberNames } from '../kit/member-names';
import { createSlicedMemo, nextTask } from '../kit/sliced';
import { createStages } from '../kit/stages';
import { formatDate, localToday } from '../people/format';
import { DRAFT_SLOT } from '../people/LogConversation';
import { Timeline } from '../people/Timeline';
import { Arriving } from '../shell/Arriving';
import { AssessmentChart } from './AssessmentChart';
import { BreakdownChart, type BreakdownRow } from './BreakdownChart';
import { CardsChart } from './CardsChart';
import { HomeCounts } from './HomeCounts';
import { NextUp } from './NextUp';
import { ProgressChart } from './ProgressChart';

const RECENT = 5;
const DUE_SHOWN = 5;

/** Per-unit rows: the map's row totals (sub-units rolled up, of the unit's estimate where set). */
function unitRows(model: MapModel): BreakdownRow[] {
  return model.rows.map((r) => ({
    key: r.unit?.id ?? '',
    name: r.unit?.path ?? t('dash.noUnit'),
    stats: r.total,
  }));
}

/** Per-shift rows: the map's column totals (shifts have no estimate: of the people known). */
function shiftRows(model: MapModel): BreakdownRow[] {
  return model.columns.map((c) => ({
    key: c.shift?.id ?? '',
    name: c.shift?.name ?? t('dash.noShift'),
    stats: c.total,
  }));
}

/**
 * Campaign home: one tap to log a conversation, the headline numbers, the assessment and card
 * charts (with text equivalents), follow-ups due, recent conversations, and per-unit and per-shift
 * breakdowns. Everything is derived from the docs on each update burst (over the domain's live
 * indexes of people and conversations, which re-parse only what changed). In a big campaign
 * building all of it at once is one long task, so the figures are counted in slices
 * (app/home-figures.ts, kit/sliced.ts: after unlock they are already counted, and on a change the
 * last whole figures stay until the new ones are), and the sections mount in stages, one task each
 * (kit/stages.ts): the headline first, then Next up, the charts, recent conversations, breakdowns.
 */
export function Home(props: { session: Session }) {
  const doc = props.session.campaign.doc;
  const personal = props.session.personal.doc;
  const fallbackName = props.session.campaignMeta.name;
  const figures = createSlicedMemo(
    createDocVersion(doc),
    (_, stop) => homeDataInSlices(doc, fallbackName, localToday(), { between: nextTask }, stop),
    // A campaign arriving in many updates still shows its figures as it fills in.
    { kept: () => keptHomeData(doc, fallbackName, localToday()), finish: true },
  );
  const name = createDocQuery(doc, (d) => campaignName(d) ?? fallbackName, { equals: (a, b) => a === b });
  const who = createMemberNames(props.session);
  const hasDraft = createDocQuery(personal, (p) => readDraft(p, DRAFT_SLOT) !== undefined, {
    equals: (a, b) => a === b,
  });
  const stage = createStages(4);

  return (
    <section class="screen home">
      <h1>{name()}</h1>
      <div class="stack home-actions">
        <a class="button primary wide big-action" href="#/log">
          {t('dash.log')}
        </a>
        <Show when={hasDraft()}>
          <a class="button wide" href="#/log">
            {t('dash.continueDraft')}
          </a>
        </Show>
      </div>
      <Show when={figures()}>
        {(data) => <HomeSections session={props.session} data={data()} stage={stage()} who={who()} />}
      </Show>
    </section>
  );
}

/** Home below its actions, from one whole count of the figures. */
function HomeSections(props: {
  session: Session;
  data: HomeData;
  stage: number;
  who: (by: string) => string;
}) {
  const byUnit = createMemo(() => unitRows(props.data.model));
  const byShift = createMemo(() => shiftRows(props.data.model));
  return (
    <>
      <Show when={props.stage >= 1 && props.data.people.length > 0}>
        <NextUp session={props.session} />
      </Show>
      <HomeCounts
        stats={props.data.stats}
        unit={props.data.unit}
        units={props.data.units.length}
        shifts={props.data.shifts.length}
      />
      <Show
        when={props.data.stats.total > 0}
        fallback={
          <Show when={!campaignArriving()} fallback={<Arriving />}>
            <div class="card stack">
              <p>{t('home.empty')}</p>
              <a class="button primary" href="#/people">
                {t('home.addPeople')}
              </a>
            </div>
          </Show>
        }
      >
        <DueSoon due={props.data.due} />
        <AssessmentChart
          id="dash-dist"
          distribution={props.data.stats.distribution}
          total={props.data.stats.total}
        />
        <CardsChart stats={props.data.stats} unit={props.data.unit} />
        <Show when={props.stage >= 2}>
          <ProgressChart
            people={props.data.people}
            units={props.data.units}
            rows={props.data.model.rows}
            unit={props.data.unit}
          />
        </Show>
        <Show when={props.stage >= 3}>
          <RecentConversations session={props.session} people={props.data.people} who={props.who} />
        </Show>
        <Show when={props.stage >= 4 && byUnit().length > 0}>
          <BreakdownChart id="dash-units" title={t('dash.byUnit')} rows={byUnit()} />
        </Show>
        <Show when={props.stage >= 4 && byShift().length > 0}>
          <BreakdownChart id="dash-shifts" title={t('dash.byShift')} rows={byShift()} />
        </Show>
      </Show>
    </>
  );
}

/** Follow-ups: how many are overdue, today and this week, and the first few due now. */
function DueSoon(props: { due: FollowUpsDue }) {
  const dueNow = () => [...props.due.overdue, ...props.due.today];
  return (
    <section class="card" aria-labelledby="dash-due">
      <h2 id="dash-due">{t('dash.followUps')}</h2>
      <p data-testid="dash-followups">
        {t('followups.count', {
          overdue: props.due.overdue.length,
          today: props.due.today.length,
          week: props.due.week.length,
        })}
      </p>
      <Show when={dueNow().length > 0}>
        <ul class="list compact">
          <For each={dueNow().slice(0, DUE_SHOWN)}>
            {(item) => (
              <li>
                <a href={`#/people/${encodeURIComponent(item.person.id)}`}>
                  <span class="grow">
                    {item.person.name}
                    <span class="muted"> — {item.followUp.text || '—'}</span>
                  </span>
                  <span class={item.followUp.due < localToday() ? 'error small' : 'muted small'}>
                    {formatDate(item.followUp.due)}
                  </span>
                </a>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <a class="inline-tap" href="#/followups">
        {t('followups.all')}
      </a>
    </section>
  );
}

/** The last few conversations with people still on the list. */
function RecentConversations(props: {
  session: Session;
  people: readonly Person[];
  who: (by: string) => string;
}) {
  const doc = props.session.campaign.doc;
  const personal = props.session.personal.doc;
  const names = createMemo(() => new Map(props.people.map((p) => [p.id, p.name])));
  const recent = createDocQuery([doc, personal] as const, ([campaign, personal]) => {
    const known = names();
    const out = [];
    for (const c of liveConversations({ campaign, personal })) {
      if (out.length === RECENT) break;
      if (known.has(c.personId)) out.push(c);
    }
    return out;
  });
  const issues = createDocQuery(
    doc,
    (d) => new Map(listIssues(d, { includeDeleted: true }).map((i) => [i.id, i])),
  );
  return (
    <section class="card" aria-labelledby="dash-recent">
      <h2 id="dash-recent">{t('dash.recent')}</h2>
      <Show when={recent().length > 0} fallback={<p class="muted">{t('dash.recentNone')}</p>}>
        <Timeline
          conversations={recent()}
          issues={issues()}
          who={props.who}
          personName={(id) => names().get(id)}
        />
      </Show>
    </section>
  );
}
