/**
 * Collects benchmark figures and prints them as a Markdown table (figure, value, baseline, ratio,
 * target). Every ratio is against a baseline measured in the same run on the same machine.
 */
import { writeFileSync } from 'node:fs';

export interface Figure {
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  /** A second same-run baseline, shown beside the first with its own ratio. */
  also?: { what: string; value: number };
  target?: string;
  /** True when the target is met; undefined when there is no target. */
  ok?: boolean;
  note?: string;
}

const figures: Figure[] = [];

export function record(f: Figure): void {
  figures.push(f);
  const ratio = f.baseline
    ? ` (${(f.value / f.baseline).toFixed(2)}× baseline ${fmt(f.baseline)} ${f.unit}${also(f)})`
    : '';
  const target = f.target ? ` target ${f.target}${f.ok === undefined ? '' : f.ok ? ' ✓' : ' ✗'}` : '';
  console.log(`${f.figure}: ${fmt(f.value)} ${f.unit}${ratio}${target}`);
}

/** The second baseline, as `; what value unit (ratio×)`, or nothing. */
function also(f: Figure): string {
  if (!f.also) return '';
  const ratio = f.also.value ? ` (${(f.value / f.also.value).toFixed(2)}×)` : '';
  return `; ${f.also.what} ${fmt(f.also.value)} ${f.unit}${ratio}`;
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

export function table(): string {
  const rows = figures.map((f) =>
    [
      f.figure,
      `${fmt(f.value)} ${f.unit}`,
      f.baseline !== undefined ? `${fmt(f.baseline)} ${f.unit}${also(f)}` : '—',
      f.baseline ? `${(f.value / f.baseline).toFixed(2)}×` : '—',
      f.target ? `${f.target}${f.ok === undefined ? '' : f.ok ? ' ✓' : ' ✗'}` : '—',
    ].join(' | '),
  );
  return [
    '| figure | value | baseline | ratio | target |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

export function writeReport(path: string, intro: string): void {
  writeFileSync(path, `${intro}\n\n${table()}\n`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}
