/**
 * The review step of an import: what will be created; who is already in the campaign, who is
 * repeated within the file and who only shares a name (each counted apart, with the merge/skip/add
 * choice globally and per row, differences side by side); names damaged by a lossy export; and
 * the problems found, each with its row number.
 */
import { For, Show } from 'solid-js';
import type { DuplicateChoice, ImportPlan, PlannedRow, TableSource } from '../../roster';
import { formatNumber, t } from '../kit/i18n';
import { DuplicateRow } from './DuplicateRow';
import { encodingName, problemText } from './roster-text';

const SHOWN_PROBLEMS = 100;
const SHOWN_DUPLICATES = 50;

type RowChoices = Record<number, DuplicateChoice>;

/** How many rows are new, already in the campaign, repeated, namesakes, or skipped. */
function ReviewCounts(props: { plan: ImportPlan; added: number }) {
  const plan = () => props.plan;
  return (
    <ul class="roster-counts" data-testid="review-counts">
      <li>{t('roster.review.new', { n: formatNumber(props.added) })}</li>
      <Show when={plan().existing > 0}>
        <li>{t('roster.review.duplicates', { n: formatNumber(plan().existing) })}</li>
      </Show>
      <Show when={plan().repeats > 0}>
        <li>{t('roster.review.repeats', { n: formatNumber(plan().repeats) })}</li>
      </Show>
      <Show when={plan().namesakes > 0}>
        <li>{t('roster.review.namesakes', { n: formatNumber(plan().namesakes) })}</li>
      </Show>
      <Show when={plan().skipped > 0}>
        <li>{t('roster.review.skipped', { n: formatNumber(plan().skipped) })}</li>
      </Show>
    </ul>
  );
}

/** The units and shifts the import will create. */
function ToCreate(props: { plan: ImportPlan }) {
  const plan = () => props.plan;
  return (
    <Show when={plan().newUnits.length + plan().newShifts.length > 0}>
      <div>
        <h3>{t('roster.review.create')}</h3>
        <Show when={plan().newUnits.length > 0}>
          <p>
            <strong>{t('roster.review.units')}</strong>{' '}
            {plan()
              .newUnits.map((u) => u.path)
              .join(', ')}
          </p>
        </Show>
        <Show when={plan().newShifts.length > 0}>
          <p>
            <strong>{t('roster.review.shifts')}</strong>{' '}
            {plan()
              .newShifts.map((s) => s.name)
              .join(', ')}
          </p>
        </Show>
      </div>
    </Show>
  );
}

/** The merge/skip/add choice for every repeated person. */
function GlobalChoice(props: { choice: DuplicateChoice; onChoice: (c: DuplicateChoice) => void }) {
  return (
    <fieldset class="stack-tight roster-choice">
      <legend>{t('roster.dup.title')}</legend>
      <For each={['merge', 'skip', 'add'] as const}>
        {(c) => (
          <label class="radio">
            <input
              type="radio"
              name="dup-choice"
              value={c}
              checked={props.choice === c}
              onChange={() => props.onChoice(c)}
            />
            <span>
              {t(`roster.dup.${c}`)}
              <span class="muted small block">{t(`roster.dup.${c}.help`)}</span>
            </span>
          </label>
        )}
      </For>
    </fieldset>
  );
}

/** The problems found, each with its row (the first ones, then how many more). */
function Problems(props: { plan: ImportPlan; format: TableSource['format'] }) {
  const plan = () => props.plan;
  return (
    <Show when={plan().problems.length > 0}>
      <div class="roster-problems">
        <h3>{t('roster.problems.title', { n: formatNumber(plan().problems.length) })}</h3>
        <p class="help">{t('roster.problems.help')}</p>
        <ul data-testid="problems">
          <For each={plan().problems.slice(0, SHOWN_PROBLEMS)}>
            {(pr) => <li>{problemText(props.format, pr)}</li>}
          </For>
        </ul>
        <Show when={plan().problems.length > SHOWN_PROBLEMS}>
          <p class="help">
            {t('roster.problems.more', { n: formatNumber(plan().problems.length - SHOWN_PROBLEMS) })}
          </p>
        </Show>
      </div>
    </Show>
  );
}

export function ImportReview(props: {
  plan: ImportPlan;
  source: TableSource;
  choice: DuplicateChoice;
  onChoice: (c: DuplicateChoice) => void;
  rowChoices: RowChoices;
  onRowChoices: (update: (all: RowChoices) => RowChoices) => void;
}) {
  const format = () => props.source.format;
  const plan = () => props.plan;
  const added = () => plan().rows.length - plan().duplicates - plan().namesakes;
  const repeats = () => plan().rows.filter((r) => r.duplicate && !r.namesake);
  const namesakes = () => plan().rows.filter((r) => r.namesake);
  const setRow = (row: number, v: DuplicateChoice | undefined) =>
    props.onRowChoices((all) => {
      const next = { ...all };
      if (v) next[row] = v;
      else delete next[row];
      return next;
    });
  const rowList = (rows: readonly PlannedRow[], defaultLabel: string) => (
    <ul class="stack-tight">
      <For each={rows.slice(0, SHOWN_DUPLICATES)}>
        {(r) => (
          <DuplicateRow
            row={r}
            format={format()}
            value={props.rowChoices[r.row]}
            defaultLabel={defaultLabel}
            onChange={(v) => setRow(r.row, v)}
          />
        )}
      </For>
    </ul>
  );

  return (
    <>
      <ReviewCounts plan={plan()} added={added()} />

      <Show when={plan().damaged > 0}>
        <div class="warning roster-damaged" role="note" data-testid="damaged-names">
          <strong>{t('roster.damaged.title', { n: formatNumber(plan().damaged) })}</strong>
          <p>{t('roster.damaged.help', { encoding: encodingName(props.source) })}</p>
        </div>
      </Show>

      <ToCreate plan={plan()} />

      <Show when={plan().duplicates > 0}>
        <GlobalChoice choice={props.choice} onChoice={props.onChoice} />
        <details class="roster-dups">
          <summary>{t('roster.dup.each', { n: formatNumber(plan().duplicates) })}</summary>
          {rowList(repeats(), t('roster.dup.asAbove'))}
          <Show when={plan().duplicates > SHOWN_DUPLICATES}>
            <p class="help">
              {t('roster.dup.more', { n: formatNumber(plan().duplicates - SHOWN_DUPLICATES) })}
            </p>
          </Show>
        </details>
      </Show>

      <Show when={plan().namesakes > 0}>
        <details class="roster-dups roster-namesakes" open>
          <summary>{t('roster.namesake.title', { n: formatNumber(plan().namesakes) })}</summary>
          <p class="help">{t('roster.namesake.help')}</p>
          {rowList(namesakes(), t('roster.namesake.default'))}
        </details>
      </Show>

      <Problems plan={plan()} format={format()} />
    </>
  );
}
