/**
 * Layers are visible in imports (docs/architecture.md): domain imports only yjs; only storage imports
 * Dexie; only sync imports y-webrtc; nothing imports ui; no import cycles between modules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    out.push((m[1] ?? m[2]) as string);
  }
  return out;
}

const layerOf = (file: string) => relative(SRC, file).split('/')[0] ?? '';

/** Which layers each layer may import, and which packages only it may import. */
const ALLOWED: Record<string, string[]> = {
  domain: ['domain'],
  crypto: ['crypto'],
  storage: ['storage', 'crypto'],
  sync: ['sync', 'domain', 'crypto', 'wire'],
  wire: ['wire'],
  pwa: ['pwa'],
  server: ['server', 'wire'],
  roster: ['roster', 'domain'],
  respond: ['respond', 'domain', 'crypto', 'sync', 'wire', 'ui'], // ui: only src/ui/kit (below)
  app: ['app', 'domain', 'crypto', 'storage', 'sync', 'pwa', 'roster', 'wire'],
  ui: ['ui', 'app', 'domain', 'crypto', 'storage', 'sync', 'pwa', 'roster'],
  'main.tsx': ['ui', 'app', 'pwa'],
  'respond.tsx': ['respond'],
};
const PACKAGE_OWNERS: Record<string, string[]> = {
  dexie: ['storage'],
  'y-webrtc': ['sync'],
  'solid-js': ['ui', 'app', 'main.tsx', 'respond', 'respond.tsx'],
  papaparse: ['roster'],
  ws: ['server'],
};

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const cand of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      if (statSync(cand).isFile()) return cand;
    } catch {}
  }
  return null;
}

describe('layer boundaries', () => {
  const all = files(SRC);

  it('each layer imports only the layers below it', () => {
    const crossings: string[] = [];
    for (const file of all) {
      const layer = layerOf(file);
      for (const spec of imports(file)) {
        const target = resolveImport(file, spec);
        if (target) {
          const to = layerOf(target);
          const outsideKit =
            layer === 'respond' && to === 'ui' && !relative(SRC, target).startsWith('ui/kit/');
          if (!(ALLOWED[layer] ?? []).includes(to) || outsideKit)
            crossings.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
        } else {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          const owners = PACKAGE_OWNERS[pkg];
          if (owners && !owners.includes(layer)) crossings.push(`${relative(SRC, file)} → ${spec}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(
      all.map((f) => [
        f,
        imports(f)
          .map((s) => resolveImport(f, s))
          .filter(Boolean) as string[],
      ]),
    );
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' → '));
        return;
      }
      state.set(f, 'visiting');
      for (const next of graph.get(f) ?? []) visit(next, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of all) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('never renders data as HTML', () => {
    const offenders = all.filter((f) =>
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
