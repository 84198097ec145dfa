/**
 * The review step of an import: what will be created, who is already in the campaign (with the
 * merge/skip/add choice, globally and per row) and the problems found, each with its row number.
 */
import { For, Show } from 'solid-js';
import type { DuplicateChoice, ImportPlan, TableSource } from '../../../roster';
import { formatNumber, t } from '../../i18n';
import { duplicateText, problemText, rowLabel } from './roster-text';

const SHOWN_PROBLEMS = 100;
const SHOWN_DUPLICATES = 50;

type RowChoices = Record<number, DuplicateChoice>;

export function ImportReview(props: {
  plan: ImportPlan;
  format: TableSource['format'];
  choice: DuplicateChoice;
  onChoice: (c: DuplicateChoice) => void;
  rowChoices: RowChoices;
  onRowChoices: (update: (all: RowChoices) => RowChoices) => void;
}) {
  return (
    <>
      <ul class="roster-counts" data-testid="review-counts">
        <li>{t('roster.review.new', { n: formatNumber(props.plan.rows.length - props.plan.duplicates) })}</li>
        <li>{t('roster.review.duplicates', { n: formatNumber(props.plan.duplicates) })}</li>
        <Show when={props.plan.skipped > 0}>
          <li>{t('roster.review.skipped', { n: formatNumber(props.plan.skipped) })}</li>
        </Show>
      </ul>
      <Show when={props.plan.newUnits.length + props.plan.newShifts.length > 0}>
        <div>
          <h3>{t('roster.review.create')}</h3>
          <Show when={props.plan.newUnits.length > 0}>
            <p>
              <strong>{t('roster.review.units')}</strong> {props.plan.newUnits.map((u) => u.path).join(', ')}
            </p>
          </Show>
          <Show when={props.plan.newShifts.length > 0}>
            <p>
              <strong>{t('roster.review.shifts')}</strong>{' '}
              {props.plan.newShifts.map((s) => s.name).join(', ')}
            </p>
          </Show>
        </div>
      </Show>

      <Show when={props.plan.duplicates > 0}>
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
        <details class="roster-dups">
          <summary>{t('roster.dup.each', { n: formatNumber(props.plan.duplicates) })}</summary>
          <ul class="stack-tight">
            <For each={props.plan.rows.filter((r) => r.duplicate).slice(0, SHOWN_DUPLICATES)}>
              {(r) => (
                <li class="roster-dup">
                  <label for={`dup-${r.row}`}>
                    <strong>
                      {rowLabel(props.format, r.row)}: {r.draft.name}
                    </strong>
                    <span class="muted small block">
                      {r.duplicate && duplicateText(props.format, r.duplicate)}
                    </span>
                  </label>
                  <select
                    id={`dup-${r.row}`}
                    value={props.rowChoices[r.row] ?? ''}
                    onChange={(e) => {
                      const v = e.currentTarget.value as DuplicateChoice | '';
                      props.onRowChoices((all) => {
                        const next = { ...all };
                        if (v) next[r.row] = v;
                        else delete next[r.row];
                        return next;
                      });
                    }}
                  >
                    <option value="">{t('roster.dup.asAbove')}</option>
                    <option value="merge">{t('roster.dup.merge')}</option>
                    <option value="skip">{t('roster.dup.skip')}</option>
                    <option value="add">{t('roster.dup.add')}</option>
                  </select>
                </li>
              )}
            </For>
          </ul>
          <Show when={props.plan.duplicates > SHOWN_DUPLICATES}>
            <p class="help">
              {t('roster.dup.more', { n: formatNumber(props.plan.duplicates - SHOWN_DUPLICATES) })}
            </p>
          </Show>
        </details>
      </Show>

      <Show when={props.plan.problems.length > 0}>
        <div class="roster-problems">
          <h3>{t('roster.problems.title', { n: formatNumber(props.plan.problems.length) })}</h3>
          <p class="help">{t('roster.problems.help')}</p>
          <ul data-testid="problems">
            <For each={props.plan.problems.slice(0, SHOWN_PROBLEMS)}>
              {(pr) => <li>{problemText(props.format, pr)}</li>}
            </For>
          </ul>
          <Show when={props.plan.problems.length > SHOWN_PROBLEMS}>
            <p class="help">
              {t('roster.problems.more', { n: formatNumber(props.plan.problems.length - SHOWN_PROBLEMS) })}
            </p>
          </Show>
        </div>
      </Show>
    </>
  );
}
