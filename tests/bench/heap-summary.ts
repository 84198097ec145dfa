/**
 * A page's heap by constructor, from a heap snapshot taken over CDP: self size and count of the
 * biggest groups, and how much of the heap sits in strings, arrays and code. A diagnostic for
 * where a campaign's memory goes (storage-breakdown.ts `--heap`), not a benchmark figure.
 */
import type { CDPSession } from 'playwright-core';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Takes a heap snapshot (after a full GC) and returns the top `top` groups as text lines. */
export async function heapSummary(cdp: CDPSession, top = 25): Promise<string> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join('')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const groups = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]!] ?? '?';
    const name = snap.strings[snap.nodes[i + iName]!] ?? '?';
    const size = snap.nodes[i + iSize]!;
    total += size;
    const key = ['string', 'number', 'code', 'concatenated string', 'sliced string'].includes(type)
      ? type
      : `${type} ${name}`;
    const g = groups.get(key) ?? { size: 0, count: 0 };
    g.size += size;
    g.count++;
    groups.set(key, g);
  }
  // The strings held most often, by content (a repeated value held as many copies).
  const texts = new Map<string, number>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    if (types[snap.nodes[i + iType]!] !== 'string') continue;
    const text = (snap.strings[snap.nodes[i + iName]!] ?? '?').slice(0, 40);
    texts.set(text, (texts.get(text) ?? 0) + 1);
  }
  const repeated = [...texts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([t, n]) => `${n}× ${JSON.stringify(t)}`)
    .join(', ');
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1).padStart(7);
  const lines = [...groups.entries()]
    .sort((a, b) => b[1].size - a[1].size)
    .slice(0, top)
    .map(([k, g]) => `  ${mb(g.size)} MB ${String(g.count).padStart(9)}  ${k.slice(0, 80)}`);
  return [`  heap snapshot: ${mb(total)} MB in all`, ...lines, `  strings held most often: ${repeated}`].join(
    '\n',
  );
}
