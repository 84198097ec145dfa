/**
 * How costs grow with the size of the workplace: 1,000 → 8,000 → 30,000 people, with 3.75
 * conversations per person (so the 8,000-person campaign carries the 30,000 conversations the
 * issues name). Each figure at 8,000 and 30,000 people is recorded with the same figure at 1,000
 * people, measured in the same run, as its baseline: the ratio is the growth (8× and 30× the
 * people). Also: the initial JavaScript of the shell, gzipped, from a fresh production build.
 *
 * Cold load through the encrypted store (encrypted vs plain, heap after loading) is
 * tests/bench/storage-load.ts, called by run.ts for the same sizes ({@link SCALE_SIZES}).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import {
  type Assessment,
  filterPeople,
  listConversations,
  listPeople,
  type PeopleFilter,
} from '../../src/domain';
import { generateCampaign } from '../fixtures/campaign-generator';
import { mulberry32 } from '../support/rng';
import { appBuild } from './app-build';
import { median, percentile, record } from './report';

export interface ScaleSize {
  people: number;
  conversations: number;
  /** Cold loads measured by storage-load.ts (the 30,000 stress size takes ~10 s per load). */
  loadRuns: number;
}

/** The sizes of the scale figures; `quick` (npm run bench -- --quick) runs the smallest only. */
export function scaleSizes(quick: boolean): ScaleSize[] {
  const all: ScaleSize[] = [
    { people: 1_000, conversations: 3_750, loadRuns: 5 },
    { people: 8_000, conversations: 30_000, loadRuns: 5 },
    { people: 30_000, conversations: 112_500, loadRuns: 2 },
  ];
  return quick ? all.slice(0, 1).map((s) => ({ ...s, loadRuns: 2 })) : all;
}

const label = (s: ScaleSize) =>
  `${s.people.toLocaleString('en')} people, ${s.conversations.toLocaleString('en')} conversations`;

/** Realistic list filters: typing a name, picking a unit or an assessment, combinations. */
function filters(seed: number, unitIds: string[], count: number): PeopleFilter[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const words = ['a', 'ma', 'mar', 'jo', 'jos', 'ngu', 'ha', 'li', 'an', 'el', 'kim', 'ram', 'ol'];
  const out: PeopleFilter[] = [];
  for (let i = 0; i < count; i++) {
    const f: PeopleFilter = {};
    const r = rand();
    if (r < 0.5) f.text = pick(words);
    if (r > 0.3 && r < 0.7) f.unitId = pick(unitIds);
    if (r > 0.6) f.assessment = pick<Assessment | null | (Assessment | null)[]>([1, 2, 3, [1, 2], null]);
    if (r > 0.85) f.cardSigned = rand() < 0.5;
    out.push(f);
  }
  return out;
}

interface SizeFigures {
  generateMs: number;
  updateBytes: number;
  decodeMs: number;
  listPeopleMs: number;
  filterP95Ms: number;
  listConversationsMs: number;
}

function measure(size: ScaleSize): SizeFigures {
  let t = performance.now();
  const source = new Y.Doc();
  const generated = generateCampaign(source, {
    seed: 42,
    people: size.people,
    units: 40,
    shifts: 3,
    conversations: size.conversations,
  });
  const generateMs = performance.now() - t;
  const update = Y.encodeStateAsUpdate(source);
  source.destroy();

  t = performance.now();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const decodeMs = performance.now() - t;

  const lists: number[] = [];
  let people = listPeople(doc).people; // warm-up
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    people = listPeople(doc).people;
    lists.push(performance.now() - t);
  }
  if (people.length !== size.people) throw new Error(`listed ${people.length} of ${size.people}`);

  const times: number[] = [];
  for (const f of filters(7, generated.unitIds, 200)) {
    t = performance.now();
    filterPeople(people, f);
    times.push(performance.now() - t);
  }

  const conv: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const { conversations } = listConversations({ campaign: doc });
    conv.push(performance.now() - t);
    if (conversations.length !== size.conversations)
      throw new Error(`listed ${conversations.length} conversations`);
  }
  doc.destroy();
  return {
    generateMs,
    updateBytes: update.length,
    decodeMs,
    listPeopleMs: median(lists),
    filterP95Ms: percentile(times, 95),
    listConversationsMs: median(conv),
  };
}

/** Scale figures for every size; ratios against the 1,000-person figures. */
export async function benchScale(opts: { quick?: boolean } = {}): Promise<void> {
  const sizes = scaleSizes(opts.quick ?? false);
  const first = sizes[0] as ScaleSize;
  let base: SizeFigures | null = null;
  for (const size of sizes) {
    const f = measure(size);
    base ??= f;
    // At 8,000 and 30,000 people the baseline is the same figure at 1,000: the ratio is the growth.
    const growth =
      size === first
        ? ''
        : `; baseline: 1,000 people — ${(size.people / first.people).toFixed(0)}× the people`;
    const row = (
      figure: string,
      value: number,
      baseline: number,
      unit: string,
      target?: string,
      ok?: boolean,
    ) =>
      record({
        figure: `${figure} (${label(size)}${growth})`,
        value,
        unit,
        ...(size === first ? {} : { baseline }),
        ...(target ? { target, ok } : {}),
      });
    row('scale: generate the seeded campaign', f.generateMs, base.generateMs, 'ms');
    row('scale: whole campaign as one Yjs update', f.updateBytes, base.updateBytes, 'B');
    row('scale: decode that update into a new doc', f.decodeMs, base.decodeMs, 'ms');
    row('scale: listPeople (parse every person)', f.listPeopleMs, base.listPeopleMs, 'ms');
    row(
      'scale: filterPeople p95 over 200 list filters',
      f.filterP95Ms,
      base.filterP95Ms,
      'ms',
      size.people <= 10_000 ? '< 16 ms (a frame)' : undefined,
      f.filterP95Ms < 16,
    );
    row('scale: listConversations (parse, sort)', f.listConversationsMs, base.listConversationsMs, 'ms');
    globalThis.gc?.();
  }
}

/**
 * The shell's initial JavaScript, gzipped: the entry script of a fresh production build plus
 * every module it preloads (what a phone downloads before the first screen), from the bench's
 * build (app-build.ts).
 */
export async function benchBundle(): Promise<void> {
  const outDir = await appBuild();
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] as string);
  if (refs.length === 0) throw new Error('no entry script in index.html');
  const gz = (path: string) => gzipSync(readFileSync(join(outDir, path.replace(/^\.?\//, '')))).length;
  const sizes = refs.map((ref) => ({ ref, bytes: gz(ref) }));
  const total = sizes.reduce((n, s) => n + s.bytes, 0);
  const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
  record({
    figure: `initial JS of the shell, gzipped (entry + ${refs.length - 1} preloaded chunks)`,
    value: kb(total),
    unit: 'KB',
    target: '< 100 KB',
    ok: total < 100 * 1024,
  });
  for (const s of [...sizes].sort((a, b) => b.bytes - a.bytes).slice(0, 4)) {
    record({
      figure: `… of which ${s.ref.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '.js')}`,
      value: kb(s.bytes),
      unit: 'KB',
    });
  }
}
