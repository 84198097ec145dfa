/**
 * Next up, on home: who to talk to next and why — overdue follow-ups, undecided people in the
 * least-covered units, people not talked to in N days — narrowed to "my people" once coworkers
 * are assigned to organizers. The ranking is `nextUp` in the domain (run in slices); this renders it.
 * N ("remind me after") is this device's setting, kept in the personal space.
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import { type Session, settingsOf } from '../../app/session';
import {
  DEFAULT_STALE_DAYS,
  listUnits,
  liveLastTalked,
  type NextUpItem,
  type NextUpScope,
  nextUpInSlices,
  peopleIndex,
  staleDaysOf,
} from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { t } from '../kit/i18n';
import { createSlicedMemo, nextTask } from '../kit/sliced';
import { assessmentLabel, localToday, pct } from '../people/format';

/** Personal-space setting: "not talked to in N days". */
export const STALE_DAYS_KEY = 'nextUpStaleDays';
const STALE_CHOICES = [7, 14, 21, 30, 60] as const;
const FIRST = 6;
const STEP = 10;

/** Why this person is next, in words. */
function reasonText(item: NextUpItem, unitPath: ReadonlyMap<string, string>): string {
  const r = item.reason;
  switch (r.kind) {
    case 'overdue':
      return r.text
        ? t('nextup.overdue', { days: r.days, text: r.text })
        : t('nextup.overdueNoText', { days: r.days });
    case 'due-today':
      return r.text ? t('nextup.today', { text: r.text }) : t('nextup.todayNoText');
    case 'undecided': {
      const unit = (r.unitId && unitPath.get(r.unitId)) || t('nextup.noUnit');
      const key = item.person.assessment === null ? 'nextup.unassessed' : 'nextup.undecided';
      return t(key, { unit, coverage: pct(r.coverage * 100) });
    }
    case 'stale':
      return r.never ? t('nextup.never', { days: r.days }) : t('nextup.stale', { days: r.days });
  }
}

export function NextUp(props: { session: Session }) {
  const doc = props.session.campaign.doc;
  const personal = props.session.personal.doc;
  const settings = settingsOf(props.session);
  const [scope, setScope] = createSignal<NextUpScope>('auto');
  const [shown, setShown] = createSignal(FIRST);

  const staleDays = createDocQuery(
    personal,
    () => staleDaysOf(settings.get(STALE_DAYS_KEY) ?? DEFAULT_STALE_DAYS),
    { equals: (a, b) => a === b },
  );
  const units = createDocQuery(doc, (d) => listUnits(d));
  const unitPath = createMemo(() => new Map(units().map((u) => [u.id, u.path])));
  const lastTalked = createDocQuery([doc, personal] as const, ([campaign, personal]) =>
    liveLastTalked({ campaign, personal }),
  );
  const input = createDocQuery(doc, (d) => ({
    people: peopleIndex(d).people(),
    units: units(),
    lastTalked: lastTalked(),
    today: localToday(),
    staleDays: staleDays(),
    memberId: props.session.deviceId,
    scope: scope(),
  }));
  // A pass over every person: in slices, so a big campaign does not hold the main thread
  // (kit/sliced.ts); nothing is listed until the first pass is done.
  const result = createSlicedMemo(input, (i, stop) => nextUpInSlices(i, { between: nextTask }, stop));

  const setStale = (value: string) => {
    personal.transact(() => settings.set(STALE_DAYS_KEY, staleDaysOf(Number(value))));
    void props.session.personal.flush();
  };

  const empty = () =>
    result()?.scope === 'mine'
      ? result()?.items.length === 0 &&
        !peopleIndex(doc)
          .people()
          .some((p) => p.assignedTo === props.session.deviceId)
        ? t('nextup.unassigned')
        : t('nextup.noneMine')
      : t('nextup.none');

  return (
    <section class="card next-up" aria-labelledby="next-up-title" data-testid="next-up">
      <div class="next-up-head">
        <h2 id="next-up-title">{t('nextup.title')}</h2>
        <Show when={result()?.assignments}>
          <ScopeSwitch scope={result()?.scope ?? 'all'} onScope={setScope} />
        </Show>
      </div>
      <Show when={result()}>
        {(r) => (
          <Show when={r().items.length > 0} fallback={<p class="muted">{empty()}</p>}>
            <NextUpList items={r().items.slice(0, shown())} unitPath={unitPath()} />
            <Show when={r().items.length > shown()}>
              <button type="button" class="wide" onClick={() => setShown(shown() + STEP)}>
                {t('nextup.more', { n: r().items.length - shown() })}
              </button>
            </Show>
          </Show>
        )}
      </Show>
      <div class="next-up-setting">
        <label for="next-up-stale">{t('nextup.staleSetting')}</label>
        <select
          id="next-up-stale"
          value={String(staleDays())}
          onChange={(e) => setStale(e.currentTarget.value)}
        >
          <For each={[...new Set([...STALE_CHOICES, staleDays()])].sort((a, b) => a - b)}>
            {(n) => <option value={String(n)}>{t('nextup.staleDays', { n })}</option>}
          </For>
        </select>
      </div>
    </section>
  );
}

/** "Mine" or "Everyone", once coworkers are assigned to organizers. */
function ScopeSwitch(props: { scope: 'mine' | 'all'; onScope: (scope: NextUpScope) => void }) {
  return (
    <fieldset class="segmented">
      <legend class="visually-hidden">{t('nextup.scope')}</legend>
      <label>
        <input
          type="radio"
          name="next-up-scope"
          checked={props.scope === 'mine'}
          onChange={() => props.onScope('mine')}
        />
        <span>{t('nextup.mine')}</span>
      </label>
      <label>
        <input
          type="radio"
          name="next-up-scope"
          checked={props.scope === 'all'}
          onChange={() => props.onScope('all')}
        />
        <span>{t('nextup.everyone')}</span>
      </label>
    </fieldset>
  );
}

function NextUpList(props: { items: readonly NextUpItem[]; unitPath: ReadonlyMap<string, string> }) {
  return (
    <ul class="list next-up-list">
      <For each={props.items}>
        {(item) => (
          <li data-reason={item.reason.kind}>
            <a href={`#/people/${encodeURIComponent(item.person.id)}`}>
              <span class="badge" data-a={item.person.assessment ?? 0} aria-hidden="true">
                {item.person.assessment ?? '–'}
              </span>
              <span class="grow">
                <span class="person-name">{item.person.name}</span>
                <span class="visually-hidden">. {assessmentLabel(item.person.assessment)}. </span>
                <span class={item.reason.kind === 'overdue' ? 'next-up-why error' : 'next-up-why muted'}>
                  {reasonText(item, props.unitPath)}
                </span>
              </span>
            </a>
          </li>
        )}
      </For>
    </ul>
  );
}
