/**
 * `npm run fuzz`: the long fuzz runs, on demand. Alternates the two convergence configurations
 * (send at once without power cuts; send once durable with power cuts) over consecutive seeds, and
 * runs the hostile-input corpus with more seeds than `npm test` does.
 *
 *   FUZZ_SECONDS=600 npm run fuzz        run for ten minutes (default 120 s)
 *   FUZZ_SEEDS=500 npm run fuzz          or a fixed number of convergence seeds
 *   FUZZ_START=5000 FUZZ_STEPS=400       first seed, steps per run (default 1, 300)
 *   FUZZ_POLICY=immediate FUZZ_CRASHES=1 force one configuration (e.g. to see the send-at-once hazard)
 *
 * Exits 1 when any seed fails, after printing each failing seed with its violations.
 */
import 'fake-indexeddb/auto';
import { runCampaignFuzz } from './campaign-fuzz';
import { isKnownHostileGap, runHostileCorpus } from './hostile-run';

const seconds = Number(process.env.FUZZ_SECONDS ?? 120);
const maxSeeds = process.env.FUZZ_SEEDS ? Number(process.env.FUZZ_SEEDS) : Number.POSITIVE_INFINITY;
const start = Number(process.env.FUZZ_START ?? 1);
const steps = Number(process.env.FUZZ_STEPS ?? 300);
const policy = process.env.FUZZ_POLICY as 'immediate' | 'durable' | undefined;
const forcedCrashes = process.env.FUZZ_CRASHES === undefined ? undefined : process.env.FUZZ_CRASHES === '1';

async function main() {
  const t0 = Date.now();
  const deadline = process.env.FUZZ_SEEDS ? Number.POSITIVE_INFINITY : t0 + seconds * 1000;
  const failed: number[] = [];
  let runs = 0;
  let ops = 0;
  for (let seed = start; runs < maxSeeds && Date.now() < deadline; seed++, runs++) {
    const sendPolicy = policy ?? (seed % 2 === 0 ? 'immediate' : 'durable');
    const crashes = forcedCrashes ?? sendPolicy === 'durable';
    const report = await runCampaignFuzz({ seed, steps, sendPolicy, crashes });
    ops += report.ops;
    if (report.violations.length > 0) {
      failed.push(seed);
      console.log(`✗ seed ${seed} (${sendPolicy}, crashes ${crashes}, ${report.peers} phones):`);
      for (const v of report.violations) console.log(`    ${v}`);
    } else if ((runs + 1) % 25 === 0) {
      console.log(
        `  ${runs} runs, ${ops} ops, ${Math.round((Date.now() - t0) / 1000)} s, ${failed.length} failed`,
      );
    }
  }
  console.log(
    `convergence: ${runs} runs (${ops} ops) in ${Math.round((Date.now() - t0) / 1000)} s, ${failed.length} failed`,
  );

  const hostile = await runHostileCorpus({
    seeds: Number(process.env.FUZZ_HOSTILE_SEEDS ?? 20),
    perSeed: 400,
  });
  const known = hostile.violations.filter(isKnownHostileGap);
  const unexpected = hostile.violations.filter((v) => !isKnownHostileGap(v));
  console.log(
    `hostile input: ${hostile.cases} cases (${hostile.refused} refused, ${hostile.accepted} accepted) in ${Math.round(hostile.ms / 1000)} s, ${unexpected.length} violations, ${known.length} known gaps`,
  );
  for (const v of unexpected.slice(0, 20)) console.log(`  ✗ ${v}`);
  for (const v of known.slice(0, 5)) console.log(`  (known gap) ${v}`);

  if (failed.length > 0) {
    console.log(
      `failed seeds: ${failed.join(', ')} — replay one with FUZZ_SEED=<n> FUZZ_STEPS=${steps} npx vitest run --project unit tests/unit/fuzz/convergence.test.ts`,
    );
  }
  process.exitCode = failed.length > 0 || unexpected.length > 0 ? 1 : 0;
}

await main();
