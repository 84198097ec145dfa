import { type Accessor, For, Index, Show } from 'solid-js';
import { ASSESSMENTS, type CoverageStats, type MapCell, type MapModel } from '../../domain';
import { coverageBase } from '../home/denominator';
import { formatNumber, lang, type MessageKey, t } from '../kit/i18n';
import { chipName, codeNames, percent, setCodeNames, WARNING_TEXT } from './map-format';
import { knownText } from './StatsSummary';
import { PersonMarks } from './UnitPeople';

/** One line of numbers for paper: "12 of ~40 · 30% assessed · 10% supportive · 5% cards · ⚠ …". */
function statsLine(s: CoverageStats): string {
  const known = knownText(s);
  if (s.base === 0) return known;
  const shares = t('map.sharesOf', {
    base: coverageBase(s),
    assessed: percent(s.assessedPercent),
    supportive: percent(s.supportivePercent),
    cards: percent(s.cardsPercent),
  });
  const warnings = s.warnings.map((w) => `⚠ ${t(WARNING_TEXT[w])}`);
  return [known, shares, ...warnings].join(' · ');
}

/**
 * The chart for paper (the committee meeting): every person, no colours needed — the number is
 * printed, and each assessment also has its own box outline (solid, dashed, dotted…). The page's
 * chrome is hidden by the print style sheet; "Print" opens the browser's print dialog.
 */
export function PrintView(props: { model: Accessor<MapModel>; campaign: string }) {
  return (
    <section class="map-print" aria-labelledby="map-print-title">
      <div class="map-print-tools card stack">
        <p class="help">{t('map.print.help')}</p>
        <label class="radio">
          <input
            type="checkbox"
            checked={codeNames()}
            onChange={(e) => setCodeNames(e.currentTarget.checked)}
          />
          {t('map.codeNames')}
        </label>
        <button type="button" class="primary" onClick={() => window.print()}>
          {t('map.print.button')}
        </button>
      </div>
      <PrintHead total={props.model().total} campaign={props.campaign} />
      {/* Focusable so the table can be scrolled sideways from the keyboard on a phone. */}
      <section class="map-print-scroll" aria-label={t('map.caption')} tabindex="0">
        <PrintTable model={props.model()} />
      </section>
      <p class="map-print-foot">{t('map.print.foot', { n: formatNumber(props.model().total.known) })}</p>
    </section>
  );
}

/** The page's heading: campaign, date and totals, and the key to the boxes and marks. */
function PrintHead(props: { total: CoverageStats; campaign: string }) {
  const today = () => new Intl.DateTimeFormat(lang(), { dateStyle: 'long' }).format(new Date());
  return (
    <header class="map-print-head">
      <h2 id="map-print-title">{t('map.print.heading', { campaign: props.campaign })}</h2>
      <p>
        {t('map.print.date', { date: today() })} · {statsLine(props.total)}
      </p>
      <p class="map-print-legend">
        <For each={[...ASSESSMENTS, 0] as const}>
          {(a) => (
            <span class="map-print-item">
              <span class="map-print-a" data-a={a}>
                {a === 0 ? '–' : a}
              </span>{' '}
              {t(`assess.${a}` as MessageKey)}
            </span>
          )}
        </For>
        <span class="map-print-item">◆ {t('map.mark.committee')}</span>
        <span class="map-print-item">★ {t('map.mark.leader')}</span>
        <span class="map-print-item">✓ {t('map.mark.card')}</span>
      </p>
    </header>
  );
}

function PrintTable(props: { model: MapModel }) {
  return (
    <table class="map-print-table" data-testid="map-print">
      <thead>
        <tr>
          <th scope="col" class="map-print-cell">
            {t('map.unitsShifts')}
          </th>
          <Index each={props.model.columns}>
            {(col) => (
              <th scope="col" class="map-print-cell">
                {col().shift?.name ?? t('map.noShift')}
                <span class="map-print-stats">{statsLine(col().total)}</span>
              </th>
            )}
          </Index>
        </tr>
      </thead>
      <tbody>
        <Index each={props.model.rows}>
          {(row) => (
            <tr>
              <th scope="row" class={`map-print-cell depth-${Math.min(row().unit?.depth ?? 0, 4)}`}>
                {row().unit?.path ?? t('map.notPlaced')}
                <span class="map-print-stats">{statsLine(row().total)}</span>
              </th>
              <Index each={row().cells}>{(cell) => <PrintCell cell={cell()} />}</Index>
            </tr>
          )}
        </Index>
      </tbody>
    </table>
  );
}

function PrintCell(props: { cell: MapCell }) {
  return (
    <td class="map-print-cell">
      <Show when={props.cell.stats.known > 0} fallback={'–'}>
        <span class="map-print-stats">{statsLine(props.cell.stats)}</span>
        <ul class="map-print-people">
          <For each={props.cell.people}>
            {(p) => (
              <li>
                <span class="map-print-a" data-a={p.assessment ?? 0}>
                  {p.assessment ?? '–'}
                </span>{' '}
                {chipName(p)}
                <PersonMarks person={p} />
              </li>
            )}
          </For>
        </ul>
      </Show>
    </td>
  );
}
