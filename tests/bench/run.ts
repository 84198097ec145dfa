/**
 * `npm run bench`: prints every performance figure with its same-run baseline and target, and
 * writes the table to docs/benchmarks.md. Figures, not assertions: nothing here fails a build.
 */
import { cpus } from 'node:os';
import { benchSyncWebrtc } from '../integration/sync-bench';
import { benchActivity } from './activity';
import { benchFieldUse } from './field-use';
import { benchMailbox } from './mailbox';
import { benchMap } from './map';
import { benchMapPaint } from './map-browser';
import { record, table, writeReport } from './report';
import { benchRosterImport } from './roster';
import { benchBundle, benchScale, scaleSizes } from './scale';
import { benchSecondCopy } from './second-copy-browser';
import { benchStorageLoad } from './storage-load';
import { benchSurveys } from './surveys';

const quick = process.argv.includes('--quick');

async function main() {
  // 1,000 → 8,000 (with 30,000 conversations) → 30,000 people: cold load, then in-memory costs.
  for (const size of scaleSizes(quick)) {
    await benchStorageLoad(size.people, size.conversations, size.loadRuns);
  }
  await benchScale({ quick });
  await benchBundle();
  await benchMap(quick ? 1000 : 8000, quick ? 3 : 7);
  await benchMapPaint(quick ? 1000 : 8000, quick ? 1 : 3);
  await benchRosterImport(10_000, quick ? 1 : 3);
  await benchFieldUse({ quick });
  await benchSecondCopy(quick ? 50 : 200, quick ? 10 : 40, quick ? 1000 : 8000);
  await benchSurveys({ quick });
  await benchActivity(quick ? 1000 : 8000, quick ? 3750 : 30_000);
  await benchSyncWebrtc(record, { runs: quick ? 1 : 3, targetMs: 5000 });
  // The mailbox: fresh join and catch-up in Chromium, relay vs direct, the load test.
  await benchMailbox({ quick });
  // The stress size: a first sync of the 30,000-person campaign (once; it takes about a minute).
  if (!quick)
    await benchSyncWebrtc(record, { runs: 1, people: 30_000, conversations: 112_500, latency: false });

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const intro = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`,
    'Each ratio compares against a baseline measured in the same run. Storage figures run in Node',
    'over fake-indexeddb: they isolate what encryption adds, not a phone’s IndexedDB speed.',
  ].join('\n');
  if (!quick) writeReport('docs/benchmarks.md', intro);
  else console.log(`\n${table()}`);
}

await main();
