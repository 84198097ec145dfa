/**
 * Importing a roster: pick a file (CSV from a spreadsheet or .vcf from a phone), see a preview,
 * match columns to fields (guessed from the headers), review what will happen (new people,
 * repeats with a merge/skip/add choice, namesakes, units and shifts to create, problems by row),
 * answer what the file leaves open (columns with data and no use, the order of its dates), then
 * import in one transaction — announced only after `flush()` made it durable. The state and what
 * each step does are in import-flow.ts.
 */
import { Show } from 'solid-js';
import type { Session } from '../../app/session';
import type { ImportSummary } from '../../roster';
import { FormError } from '../kit/Field';
import { formatNumber, t } from '../kit/i18n';
import { ImportReview } from './ImportReview';
import {
  answerColumn,
  answerDates,
  createImportFlow,
  type ImportFlow,
  openFile,
  resetImport,
  runImport,
  startReview,
} from './import-flow';
import { MapStep, StepButtons } from './MapStep';
import { ReviewQuestions } from './ReviewQuestions';

function PickStep(props: { busy: boolean; onFile: (input: HTMLInputElement) => void }) {
  return (
    <>
      <p class="help">{t('roster.import.help')}</p>
      <label for="roster-file">{t('roster.import.choose')}</label>
      <input
        id="roster-file"
        class="file-input"
        type="file"
        accept=".csv,.tsv,.txt,.vcf,text/csv,text/vcard,text/x-vcard,text/plain"
        disabled={props.busy}
        onChange={(e) => props.onFile(e.currentTarget)}
      />
      <p class="help">{t('roster.import.private')}</p>
    </>
  );
}

function ReviewStep(props: { flow: ImportFlow }) {
  const f = props.flow;
  const r = f.review;
  return (
    <Show when={r.plan()}>
      {(p) => (
        <>
          <ReviewQuestions
            plan={p()}
            format={f.file.table()?.source.format ?? 'csv'}
            asked={r.asked()}
            mapping={f.file.mapping()}
            onUse={(column, use) => answerColumn(f, column, use)}
            dateOrder={r.dateChoice()}
            onDateOrder={(order) => answerDates(f, order)}
          />
          <ImportReview
            plan={p()}
            source={f.file.table()!.source}
            choice={r.choice()}
            onChoice={r.setChoice}
            rowChoices={r.rowChoices()}
            onRowChoices={r.setRowChoices}
          />
          <Show when={r.open()}>
            <p class="warning" role="status" data-testid="questions-pending">
              {t('roster.ask.pending')}
            </p>
          </Show>
          <StepButtons
            go={f.busy() ? t('roster.importing') : t('roster.import.go', { n: formatNumber(r.importing()) })}
            goDisabled={f.busy() || r.open() || r.importing() === 0}
            onGo={() => void runImport(f)}
            back={t('roster.back')}
            backDisabled={f.busy()}
            onBack={() => f.go('map')}
          />
        </>
      )}
    </Show>
  );
}

function DoneStep(props: { summary: ImportSummary; onAgain: () => void }) {
  const s = () => props.summary;
  return (
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
        <button type="button" onClick={() => props.onAgain()}>
          {t('roster.done.again')}
        </button>
      </div>
    </>
  );
}

export function RosterImport(props: { session: Session }) {
  const f = createImportFlow(props.session);
  return (
    <section class="card stack roster-import" aria-labelledby="import-heading" aria-busy={f.busy()}>
      <h2
        id="import-heading"
        tabindex="-1"
        ref={(el) => {
          f.focus.heading = el;
        }}
      >
        {f.step() === 'done' ? t('roster.done.title') : t('roster.import.title')}
      </h2>
      <FormError error={f.error()} />
      <Show when={f.step() === 'pick'}>
        <PickStep busy={f.busy()} onFile={(input) => void openFile(f, input)} />
      </Show>
      <Show when={f.step() === 'map' && f.file.table()}>
        {(tbl) => (
          <MapStep
            table={tbl()}
            fileName={f.file.fileName()}
            mapping={f.file.mapping()}
            onUse={f.file.setColumn}
            nameMapped={f.file.nameMapped()}
            busy={f.busy()}
            onReview={() => void startReview(f)}
            onCancel={() => resetImport(f)}
          />
        )}
      </Show>
      <Show when={f.step() === 'review'}>
        <ReviewStep flow={f} />
      </Show>
      <Show when={f.step() === 'done' && f.summary()}>
        {(s) => <DoneStep summary={s()} onAgain={() => resetImport(f)} />}
      </Show>
    </section>
  );
}
