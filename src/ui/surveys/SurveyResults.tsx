/**
 * Results for members: counts and charts per question, rankings, free text in random order,
 * breakdowns by unit and shift (final results only), suppression notes, CSV of aggregates. What may
 * be shown is decided by the domain (`surveyResults`); this screen only draws it.
 */
import { createEffect, createMemo, createSignal, For, Match, on, Show, Switch } from 'solid-js';
import type { Session } from '../../app/session';
import { decryptResponses } from '../../app/surveys-collector';
import {
  type Aggregate,
  type Breakdown,
  type CsvLabels,
  type DecryptedResponse,
  type QuestionResult,
  type SurveyResults as Results,
  readCodeHashes,
  resultsCsv,
  type Survey,
  type SurveyQuestion,
  surveyResults,
} from '../../domain';
import { createDocQuery } from '../kit/doc-signal';
import { formatNumber, type MessageKey, t } from '../kit/i18n';
import { type Bar, countText, ResultBars } from './ResultBars';

function bars(q: SurveyQuestion, a: Aggregate): Bar[] {
  if (q.kind === 'scale') {
    return a.counts.map((n, i) => ({ label: String(i + 1), value: n, text: countText(n, a.n) }));
  }
  if (q.kind === 'ranking') {
    return q.options
      .map((label, i) => ({ label, value: a.counts[i] ?? 0, first: a.first?.[i] ?? 0 }))
      .sort((x, y) => y.value - x.value)
      .map((o, place) => ({
        label: `${place + 1}. ${o.label}`,
        value: o.value,
        text: t('surveys.results.points', { points: formatNumber(o.value), first: formatNumber(o.first) }),
      }));
  }
  return q.options.map((label, i) => ({
    label,
    value: a.counts[i] ?? 0,
    text: countText(a.counts[i] ?? 0, a.n),
  }));
}

function cellSummary(q: SurveyQuestion, a: Aggregate): string {
  if (q.kind === 'scale') return t('surveys.results.mean', { mean: (a.mean ?? 0).toFixed(1) });
  const best = a.counts.reduce((b, n, i) => (n > (a.counts[b] ?? 0) ? i : b), 0);
  return q.options
    .map((o, i) => `${o}: ${formatNumber(a.counts[i] ?? 0)}`)
    .concat(q.kind === 'ranking' ? [t('surveys.results.top', { option: q.options[best] ?? '' })] : [])
    .join(' · ');
}

function BreakdownTable(props: { q: SurveyQuestion; b: Breakdown; k: number }) {
  return (
    <div class="sv-breakdown">
      <h4>{t(props.b.dimension === 'unit' ? 'surveys.results.byUnit' : 'surveys.results.byShift')}</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('surveys.results.group')}</th>
            <th scope="col">{t('surveys.results.n')}</th>
            <th scope="col">{t('surveys.results.answers')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.b.cells}>
            {(cell) => (
              <tr>
                <th scope="row">{cell.label ?? t('surveys.results.notGiven')}</th>
                <Show
                  when={!cell.suppressed && cell.aggregate}
                  fallback={
                    <td colSpan={2} class="muted">
                      {t('surveys.results.cellHidden', { k: props.k })}
                    </td>
                  }
                >
                  {(a) => (
                    <>
                      <td>{formatNumber(a().n)}</td>
                      <td>{a().n > 0 ? cellSummary(props.q, a()) : '—'}</td>
                    </>
                  )}
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={props.b.complementary > 0}>
        <p class="help">{t('surveys.results.complementary', { n: props.b.complementary })}</p>
      </Show>
    </div>
  );
}

function QuestionCard(props: { r: QuestionResult; k: number; n: number; final: boolean }) {
  const q = () => props.r.question;
  return (
    <section class="card sv-result" aria-labelledby={`sr-${q().id}`}>
      <h3 id={`sr-${q().id}`}>
        {props.n}. {q().text}
      </h3>
      <p class="muted">
        {t(`surveys.kind.${q().kind}` as MessageKey)} · {t('surveys.results.counted', { n: props.r.counted })}
        <Show when={props.r.answered > props.r.counted}>
          {' '}
          ·{' '}
          {t(props.final ? 'surveys.results.notCounted' : 'surveys.results.heldBack', {
            n: props.r.answered - props.r.counted,
          })}
        </Show>
      </p>
      <Switch>
        <Match when={props.r.suppressed}>
          <p class="sv-suppressed">{t('surveys.results.questionHidden', { k: props.k })}</p>
        </Match>
        <Match when={props.r.texts}>
          {(texts) => (
            <>
              <p class="help">{t('surveys.results.textOrder')}</p>
              <ul class="sv-texts">
                <For each={texts()}>{(text) => <li>{text}</li>}</For>
              </ul>
            </>
          )}
        </Match>
        <Match when={props.r.overall}>
          {(a) => (
            <>
              <ResultBars bars={bars(q(), a())} />
              <Show when={q().kind === 'scale'}>
                <p>{t('surveys.results.mean', { mean: (a().mean ?? 0).toFixed(1) })}</p>
              </Show>
              <For each={props.r.breakdowns}>{(b) => <BreakdownTable q={q()} b={b} k={props.k} />}</For>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** The CSV column names and cell words, in the app's language. */
function csvLabels(): CsvLabels {
  return {
    header: [
      t('surveys.csv.question'),
      t('surveys.csv.type'),
      t('surveys.csv.breakdown'),
      t('surveys.csv.group'),
      t('surveys.csv.option'),
      t('surveys.csv.measure'),
      t('surveys.csv.value'),
    ],
    all: t('surveys.csv.all'),
    unit: t('surveys.csv.unit'),
    shift: t('surveys.csv.shift'),
    notGiven: t('surveys.results.notGiven'),
    suppressed: t('surveys.csv.suppressed'),
    mean: t('surveys.csv.mean'),
    points: t('surveys.csv.points'),
    firstChoice: t('surveys.csv.first'),
    count: t('surveys.csv.count'),
    freeTextNotExported: t('surveys.csv.noText'),
  };
}

/** Saves the aggregates as a CSV file (no free text). */
function downloadCsv(r: Results): void {
  const blob = new Blob([`\ufeff${resultsCsv(r, csvLabels())}`], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'survey-results.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export function SurveyResults(props: { session: Session; survey: Survey }) {
  const store = props.session.campaign;
  // Re-read on every burst of campaign updates (collected responses, answer codes).
  const codeHashes = createDocQuery(store.doc, (doc) => readCodeHashes(doc, props.survey.id));
  const [decrypted, setDecrypted] = createSignal<{
    responses: DecryptedResponse[];
    unreadable: number;
  } | null>(null);
  createEffect(
    on([codeHashes, () => props.survey], () => {
      void decryptResponses(store, props.survey).then(setDecrypted);
    }),
  );
  const results = createMemo(() => {
    const d = decrypted();
    const published = props.survey.published;
    if (!d || !published) return null;
    return surveyResults({
      survey: published,
      responses: d.responses,
      codeHashes: codeHashes(),
      final: props.survey.status === 'closed',
    });
  });

  return (
    <section class="stack" aria-labelledby="sv-results-title">
      <h2 id="sv-results-title">{t('surveys.results.title')}</h2>
      <Show when={results()} fallback={<p aria-busy="true">{t('surveys.results.opening')}</p>}>
        {(r) => <ResultsBody survey={props.survey} r={r()} unreadable={decrypted()?.unreadable ?? 0} />}
      </Show>
    </section>
  );
}

/** The counts, then each question's results once enough people answered. */
function ResultsBody(props: { survey: Survey; r: Results; unreadable: number }) {
  const r = () => props.r;
  const hasGroups = () =>
    (props.survey.published?.units.length ?? 0) + (props.survey.published?.shifts.length ?? 0) > 0;
  return (
    <>
      <ul class="stats">
        <li>
          <span class="value" data-testid="survey-answers">
            {formatNumber(r().accepted)}
          </span>
          <span class="label">{t('surveys.results.answersLabel')}</span>
        </li>
        <li>
          <span class="value">{formatNumber(r().k)}</span>
          <span class="label">{t('surveys.results.kLabel')}</span>
        </li>
      </ul>
      <Show when={r().rejectedCodes > 0}>
        <p class="help">{t('surveys.results.rejectedCodes', { n: r().rejectedCodes })}</p>
      </Show>
      <Show when={props.unreadable > 0}>
        <p class="help">{t('surveys.results.unreadable', { n: props.unreadable })}</p>
      </Show>
      <Show
        when={r().shown}
        fallback={
          <p class="card sv-waiting" data-testid="survey-too-few">
            {t('surveys.results.tooFew', { k: r().k, n: r().accepted })}
          </p>
        }
      >
        <p class="help">{t('surveys.results.steps', { k: r().k })}</p>
        <Show when={hasGroups() && props.survey.status !== 'closed'}>
          <p class="help">{t('surveys.results.breakdownAfterClose')}</p>
        </Show>
        <For each={r().questions}>
          {(q, i) => <QuestionCard r={q} k={r().k} n={i() + 1} final={props.survey.status === 'closed'} />}
        </For>
        <button type="button" onClick={() => downloadCsv(r())}>
          {t('surveys.results.csv')}
        </button>
      </Show>
    </>
  );
}
