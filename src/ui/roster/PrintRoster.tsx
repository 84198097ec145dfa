/**
 * The printable roster (route #/roster/print): one table per unit — name, shift, assessment and
 * next step — for a unit and/or shift chosen on screen. On paper only the title and tables show
 * (see the `@media print` rules in roster.css).
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { campaignName, listShifts, listUnits, type Shift, type UnitNode } from '../../domain';
import { type RosterFilter, type RosterGroup, rosterGroups } from '../../roster';
import { createDocQuery } from '../kit/doc-signal';
import { formatNumber, t } from '../kit/i18n';
import { assessmentName, formatDate, localToday } from '../people/format';

const NONE = '__none__';

/** Which unit and shift to print (all, one, or those without). */
function PrintFilters(props: {
  units: readonly UnitNode[];
  shifts: readonly Shift[];
  unit: string;
  shift: string;
  onUnit: (id: string) => void;
  onShift: (id: string) => void;
}) {
  return (
    <div class="print-filters">
      <div class="stack-tight">
        <label for="print-unit">{t('roster.print.unit')}</label>
        <select id="print-unit" value={props.unit} onChange={(e) => props.onUnit(e.currentTarget.value)}>
          <option value="">{t('roster.print.allUnits')}</option>
          <For each={props.units}>
            {(u) => <option value={u.id}>{`${'  '.repeat(u.depth)}${u.path}`}</option>}
          </For>
          <option value={NONE}>{t('roster.print.noUnit')}</option>
        </select>
      </div>
      <div class="stack-tight">
        <label for="print-shift">{t('roster.print.shift')}</label>
        <select id="print-shift" value={props.shift} onChange={(e) => props.onShift(e.currentTarget.value)}>
          <option value="">{t('roster.print.allShifts')}</option>
          <For each={props.shifts}>{(s) => <option value={s.id}>{s.name}</option>}</For>
          <option value={NONE}>{t('roster.print.noShift')}</option>
        </select>
      </div>
    </div>
  );
}

/** One unit's people as a table: name, shift, assessment, next step. */
function GroupTable(props: { group: RosterGroup }) {
  return (
    <section class="roster-group">
      <h2>
        {props.group.unitPath || t('roster.print.noUnit')}{' '}
        <span class="muted small">({formatNumber(props.group.people.length)})</span>
      </h2>
      <table class="roster-table">
        <thead>
          <tr>
            <th scope="col">{t('roster.print.name')}</th>
            <th scope="col">{t('roster.print.shiftCol')}</th>
            <th scope="col">{t('roster.print.assessment')}</th>
            <th scope="col">{t('roster.print.nextStep')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.group.people}>
            {(p) => (
              <tr>
                <th scope="row">
                  {p.name}
                  <Show when={p.codeName}>
                    <span class="muted"> ({p.codeName})</span>
                  </Show>
                </th>
                <td>{p.shift}</td>
                <td>
                  <span class="badge small" data-a={p.assessment ?? 0} aria-hidden="true">
                    {p.assessment ?? '–'}
                  </span>{' '}
                  {assessmentName(p.assessment)}
                </td>
                <td>
                  <Show when={p.nextStep}>
                    {(step) => (
                      <>
                        {step().text}
                        <span class="muted small block">{formatDate(step().due)}</span>
                      </>
                    )}
                  </Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

export function PrintRoster(props: { session: Session }) {
  const doc = props.session.campaign.doc;
  const [unit, setUnit] = createSignal('');
  const [shift, setShift] = createSignal('');

  const units = createDocQuery(doc, (d) => listUnits(d));
  const shifts = createDocQuery(doc, (d) => listShifts(d));
  const filter = createMemo<RosterFilter>(() => {
    const f: { unitId?: string | null; shiftId?: string | null } = {};
    if (unit()) f.unitId = unit() === NONE ? null : unit();
    if (shift()) f.shiftId = shift() === NONE ? null : shift();
    return f;
  });
  const groups = createDocQuery(doc, (d) => rosterGroups(d, filter()));
  const total = () => groups().reduce((n, g) => n + g.people.length, 0);
  const scope = () =>
    [
      unit() ? (unit() === NONE ? t('roster.print.noUnit') : units().find((u) => u.id === unit())?.path) : '',
      shift()
        ? shift() === NONE
          ? t('roster.print.noShift')
          : shifts().find((s) => s.id === shift())?.name
        : '',
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <section class="screen print-roster">
      <div class="no-print">
        <a class="back" href="#/roster">
          {t('roster.print.back')}
        </a>
      </div>
      <h1>
        {t('roster.print.heading', { campaign: campaignName(doc) ?? '' })}
        <Show when={scope()}>
          <span class="print-scope"> — {scope()}</span>
        </Show>
      </h1>
      <p class="muted small">
        {t('roster.print.meta', { n: formatNumber(total()), date: formatDate(localToday()) })}
      </p>

      <div class="card stack no-print">
        <PrintFilters
          units={units()}
          shifts={shifts()}
          unit={unit()}
          shift={shift()}
          onUnit={setUnit}
          onShift={setShift}
        />
        <button type="button" class="primary" onClick={() => window.print()}>
          {t('roster.print.print')}
        </button>
        <p class="help">{t('roster.print.paperWarning')}</p>
      </div>

      <Show when={groups().length > 0} fallback={<p>{t('roster.print.empty')}</p>}>
        <For each={groups()}>{(g) => <GroupTable group={g} />}</For>
      </Show>
    </section>
  );
}
