/**
 * Importing a roster: pick a file (CSV from a spreadsheet or .vcf from a phone), see a preview,
 * match columns to fields (guessed from the headers), review what will happen (new people,
 * repeats with a merge/skip/add choice, namesakes, units and shifts to create, problems by row),
 * answer what the file leaves open (columns with data and no use, the order of its dates), then
 * import in one transaction — announced only after `flush()` made it durable.
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import type { Session } from '../../app/session';
import {
  applyImport,
  type ColumnUse,
  type CsvProblem,
  type DateOrder,
  type DuplicateChoice,
  FIELDS,
  guessMapping,
  hasOpenQuestions,
  type ImportPlan,
  type ImportSummary,
  type Mapping,
  type PlannedRow,
  parseCsvBytes,
  parseVCardBytes,
  planImport,
  type Table,
  unmappedColumns,
} from '../../roster';
import { errorText, formatNumber, t } from '../kit/i18n';
import { ImportReview } from './ImportReview';
import { type AskedColumn, ReviewQuestions } from './ReviewQuestions';
import { delimiterName, encodingName, fieldName, importCount, rowChoice } from './roster-text';

/** Files larger than this are refused before reading (a 10,000-row roster is about 2 MB). */
const MAX_BYTES = 25 * 1024 * 1024;
const PREVIEW_ROWS = 5;

type Step = 'pick' | 'map' | 'review' | 'done';

const looksLikeVCard = (bytes: Uint8Array) =>
  /^\s*BEGIN:VCARD/i.test(new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, ''));

/** Lets the browser paint a busy state before a long synchronous step. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function RosterImport(props: { session: Session }) {
  const store = props.session.campaign;
  const [step, setStep] = createSignal<Step>('pick');
  const [fileName, setFileName] = createSignal('');
  const [table, setTable] = createSignal<Table | null>(null);
  const [fileProblems, setFileProblems] = createSignal<readonly CsvProblem[]>([]);
  const [mapping, setMapping] = createSignal<Mapping>([]);
  /** The user's answer to "which order are this file's dates in"; `null` until asked and answered. */
  const [dateChoice, setDateChoice] = createSignal<DateOrder | null>(null);
  /** Columns the review asked about (kept listed after they are answered). */
  const [asked, setAsked] = createSignal<readonly AskedColumn[]>([]);
  const [plan, setPlan] = createSignal<ImportPlan | null>(null);
  const [choice, setChoice] = createSignal<DuplicateChoice>('skip');
  const [rowChoices, setRowChoices] = createSignal<Record<number, DuplicateChoice>>({});
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [summary, setSummary] = createSignal<ImportSummary | null>(null);
  let heading: HTMLHeadingElement | undefined;

  const go = (next: Step) => {
    setStep(next);
    queueMicrotask(() => heading?.focus());
  };
  const format = () => table()?.source.format ?? 'csv';
  const choiceOf = (r: PlannedRow) => rowChoice(r, rowChoices(), choice());
  const nameMapped = () => mapping().some((f) => f === 'name' || f === 'lastName');
  const open = () => {
    const p = plan();
    return p !== null && hasOpenQuestions(p);
  };

  const planNow = (t0: Table) => {
    const order = dateChoice();
    return planImport(store.doc, t0, mapping(), {
      ...(order ? { dateOrder: order } : {}),
      fileProblems: fileProblems(),
    });
  };

  const reset = () => {
    setTable(null);
    setPlan(null);
    setSummary(null);
    setRowChoices({});
    setChoice('skip');
    setDateChoice(null);
    setAsked([]);
    setError('');
    setFileName('');
    go('pick');
  };

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setError('');
    if (file.size > MAX_BYTES) {
      setError(t('roster.error.tooBig'));
      return;
    }
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const vcard = /\.vcf$/i.test(file.name) || looksLikeVCard(bytes);
      const read = vcard ? { table: parseVCardBytes(bytes), problems: [] } : parseCsvBytes(bytes);
      if (read.table.rows.length === 0) {
        setError(t('roster.error.empty'));
        return;
      }
      setFileName(file.name);
      setTable(read.table);
      setFileProblems(read.problems);
      setMapping(guessMapping(read.table.columns));
      setRowChoices({});
      setDateChoice(null);
      go('map');
    } catch (e) {
      setError(t('error.generic', { code: String((e as Error)?.message ?? e) }));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  const review = async () => {
    const current = table();
    if (!current || !nameMapped()) return;
    setBusy(true);
    await nextFrame();
    // Asked once per visit to the review: the columns with data that nobody gave a use.
    setAsked(unmappedColumns(current, mapping()));
    setPlan(planNow(current));
    setBusy(false);
    go('review');
  };

  /** An answer on the review step: the plan is made again with it. */
  const replan = () => {
    const current = table();
    if (current) setPlan(planNow(current));
  };
  const setUse = (column: number, use: ColumnUse | null) => {
    setMapping((m) => m.map((f, j) => (j === column ? use : f)));
    replan();
  };
  const answerDates = (order: DateOrder) => {
    setDateChoice(order);
    replan();
  };

  const runImport = async () => {
    const current = table();
    if (!current || busy() || open()) return;
    setBusy(true);
    setError('');
    await nextFrame();
    // Planned again against the campaign as it is now (a peer may have synced since the review).
    const fresh = planNow(current);
    const result = applyImport(store.doc, fresh, choiceOf, { by: props.session.deviceId });
    if (!result.ok) {
      setBusy(false);
      setError(errorText(result.error.code));
      return;
    }
    try {
      await store.flush();
      setSummary(result.value);
      go('done');
    } catch (e) {
      setError(t('error.generic', { code: (e as { code?: string }).code ?? String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const columnLabel = (i: number) => table()?.columns[i] || t('roster.column', { n: i + 1 });
  const sample = (i: number) => {
    for (const r of table()?.rows.slice(0, 20) ?? []) {
      const v = (r.cells[i] ?? '').trim();
      if (v) return v.length > 40 ? `${v.slice(0, 39)}…` : v;
    }
    return '';
  };
  const setField = (i: number, value: string) =>
    setMapping((m) => m.map((f, j) => (j === i ? ((value || null) as ColumnUse | null) : f)));

  /** Rows the import would write with the current choices. */
  const importing = createMemo(() => {
    const p = plan();
    return p ? importCount(p, choiceOf) : 0;
  });

  return (
    <section class="card stack roster-import" aria-labelledby="import-heading" aria-busy={busy()}>
      <h2 id="import-heading" tabindex="-1" ref={heading}>
        {step() === 'done' ? t('roster.done.title') : t('roster.import.title')}
      </h2>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>

      <Show when={step() === 'pick'}>
        <p class="help">{t('roster.import.help')}</p>
        <label for="roster-file">{t('roster.import.choose')}</label>
        <input
          id="roster-file"
          class="file-input"
          type="file"
          accept=".csv,.tsv,.txt,.vcf,text/csv,text/vcard,text/x-vcard,text/plain"
          disabled={busy()}
          onChange={(e) => void onFile(e.currentTarget)}
        />
        <p class="help">{t('roster.import.private')}</p>
      </Show>

      <Show when={step() === 'map' && table()}>
        {(tbl) => (
          <>
            <p data-testid="file-summary">
              {t(tbl().source.format === 'vcard' ? 'roster.file.vcard' : 'roster.file.csv', {
                file: fileName(),
                n: formatNumber(tbl().rows.length),
                encoding: encodingName(tbl().source),
                delimiter: delimiterName(tbl().source.delimiter),
              })}
            </p>
            <h3>{t('roster.preview')}</h3>
            <section class="table-scroll roster-preview" tabindex="0" aria-label={t('roster.preview')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">
                      <span class="visually-hidden">{t('roster.rowHeader')}</span>
                    </th>
                    <For each={tbl().columns}>{(_, i) => <th scope="col">{columnLabel(i())}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={tbl().rows.slice(0, PREVIEW_ROWS)}>
                    {(r) => (
                      <tr>
                        <th scope="row" class="muted">
                          {r.row}
                        </th>
                        <For each={r.cells}>{(c) => <td>{c}</td>}</For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>

            <h3>{t('roster.map.title')}</h3>
            <p class="help">{t('roster.map.help')}</p>
            <ul class="roster-mapping">
              <For each={tbl().columns}>
                {(_, i) => (
                  <li>
                    <label for={`map-${i()}`}>
                      <span class="map-column">{columnLabel(i())}</span>
                      <Show when={sample(i())}>
                        <span class="muted small block">
                          {t('roster.map.example', { value: sample(i()) })}
                        </span>
                      </Show>
                    </label>
                    <select
                      id={`map-${i()}`}
                      value={mapping()[i()] ?? ''}
                      onChange={(e) => setField(i(), e.currentTarget.value)}
                    >
                      <option value="">{t('roster.field.undecided')}</option>
                      <option value="skip">{fieldName('skip')}</option>
                      <option value="note">{fieldName('note')}</option>
                      <For each={FIELDS}>{(f) => <option value={f}>{fieldName(f)}</option>}</For>
                    </select>
                  </li>
                )}
              </For>
            </ul>
            <Show when={!nameMapped()}>
              <p class="warning" role="status">
                {t('roster.map.needName')}
              </p>
            </Show>
            <div class="row wrap">
              <button
                type="button"
                class="primary"
                disabled={busy() || !nameMapped()}
                onClick={() => void review()}
              >
                {t('roster.map.review')}
              </button>
              <button type="button" onClick={reset}>
                {t('roster.cancel')}
              </button>
            </div>
          </>
        )}
      </Show>

      <Show when={step() === 'review' && plan()}>
        {(p) => (
          <>
            <ReviewQuestions
              plan={p()}
              format={format()}
              asked={asked()}
              mapping={mapping()}
              onUse={setUse}
              dateOrder={dateChoice()}
              onDateOrder={answerDates}
            />
            <ImportReview
              plan={p()}
              source={(table() as Table).source}
              choice={choice()}
              onChoice={setChoice}
              rowChoices={rowChoices()}
              onRowChoices={setRowChoices}
            />
            <Show when={open()}>
              <p class="warning" role="status" data-testid="questions-pending">
                {t('roster.ask.pending')}
              </p>
            </Show>
            <div class="row wrap">
              <button
                type="button"
                class="primary"
                disabled={busy() || open() || importing() === 0}
                onClick={() => void runImport()}
              >
                {busy() ? t('roster.importing') : t('roster.import.go', { n: formatNumber(importing()) })}
              </button>
              <button type="button" disabled={busy()} onClick={() => go('map')}>
                {t('roster.back')}
              </button>
            </div>
          </>
        )}
      </Show>

      <Show when={step() === 'done' && summary()}>
        {(s) => (
          <>
            <p role="status" data-testid="import-done">
              {t('roster.done.summary', {
                added: formatNumber(s().added),
                merged: formatNumber(s().merged),
                skipped: formatNumber(s().skipped + s().unchanged),
              })}
              <Show when={s().unitsCreated + s().shiftsCreated > 0}>
                {' '}
                {t('roster.done.created', {
                  units: formatNumber(s().unitsCreated),
                  shifts: formatNumber(s().shiftsCreated),
                })}
              </Show>
            </p>
            <div class="row wrap">
              <a class="button primary" href="#/map">
                {t('roster.done.map')}
              </a>
              <a class="button" href="#/people">
                {t('roster.done.people')}
              </a>
              <button type="button" onClick={reset}>
                {t('roster.done.again')}
              </button>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
