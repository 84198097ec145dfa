/**
 * `npm run bench`: prints every performance figure with its same-run baseline and target, and
 * writes the table to docs/benchmarks.md. Figures, not assertions: nothing here fails a build.
 */
import { cpus, loadavg } from 'node:os';
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
import { benchUnlock } from './unlock-browser';

const quick = process.argv.includes('--quick');

/** Sections that threw: their figures are missing from this run. */
const failed: string[] = [];

/** Runs one section; a failure prints why and the others still run (figures, not assertions). */
async function section(name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    failed.push(name);
    console.log(`${name}: not measured (${(err as Error).message?.split('\n')[0] ?? String(err)})`);
  }
}

async function main() {
  const loadAtStart = loadavg()[0] ?? 0;
  let loadMax = loadAtStart;
  const loadWatch = setInterval(() => {
    loadMax = Math.max(loadMax, loadavg()[0] ?? 0);
  }, 5000);
  loadWatch.unref();
  // 1,000 → 8,000 (with 30,000 conversations) → 30,000 people: cold load, then in-memory costs.
  for (const size of scaleSizes(quick)) {
    await section(`storage load ${size.people}`, () =>
      benchStorageLoad(size.people, size.conversations, size.loadRuns),
    );
  }
  await section('scale', () => benchScale({ quick }));
  await section('bundle', () => benchBundle());
  await section('map', () => benchMap(quick ? 1000 : 8000, quick ? 3 : 7));
  await section('map paint', () => benchMapPaint(quick ? 1000 : 8000, quick ? 1 : 3));
  await section('roster import', () => benchRosterImport(10_000, quick ? 1 : 3));
  await section('field use', () => benchFieldUse({ quick }));
  await section('second copy', () => benchSecondCopy(quick ? 50 : 200, quick ? 10 : 40, quick ? 1000 : 8000));
  // Unlock as users meet it: restored campaigns with conversations, quiet and CPU 4×, in Chromium.
  await section('unlock in the browser', () => benchUnlock({ quick }));
  await section('surveys', () => benchSurveys({ quick }));
  await section('activity', () => benchActivity(quick ? 1000 : 8000, quick ? 3750 : 30_000));
  await section('sync over WebRTC', () => benchSyncWebrtc(record, { runs: quick ? 1 : 3, targetMs: 5000 }));
  // The mailbox: fresh join and catch-up in Chromium, relay vs direct, the load test.
  await section('mailbox', () => benchMailbox({ quick }));
  // The stress size: a first sync of the 30,000-person campaign (once; it takes about a minute).
  if (!quick)
    await section('sync over WebRTC, 30,000 people', () =>
      benchSyncWebrtc(record, { runs: 1, people: 30_000, conversations: 112_500, latency: false }),
    );
  if (failed.length > 0) console.log(`\nnot measured in this run: ${failed.join(', ')}`);

  clearInterval(loadWatch);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  // Absolute figures depend on what else ran; the load average says how quiet the machine was.
  const load = `1-minute load average ${loadAtStart.toFixed(1)} at the start, at most ${loadMax.toFixed(1)}, on ${cpus().length} cores`;
  const intro = [
    '# Benchmarks',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`,
    'Each ratio compares against a baseline measured in the same run. Storage figures run in Node',
    'over fake-indexeddb: they isolate what encryption adds, not a phone’s IndexedDB speed.',
    `While it ran: ${load}.`,
    ...(failed.length > 0
      ? ['', `Not measured in this run (the section failed): ${failed.join(', ')}.`]
      : []),
  ].join('\n');
  if (!quick) writeReport('docs/benchmarks.md', intro);
  else console.log(`\n${table()}`);
}

await main();
