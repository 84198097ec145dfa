/**
 * Layers are visible in imports (docs/architecture.md): domain imports only yjs; only storage imports
 * Dexie; only sync imports y-webrtc; nothing imports ui; no import cycles between modules. The UI
 * imports only app, domain, pwa, roster and its own kit, and from the domain only queries, types,
 * helpers and constants: every change to a doc goes through a handler in src/app.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
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

/**
 * Which layers each layer may import, and which packages only it may import. `platform` (the turn
 * of the event loop between slices) imports nothing; the layers that slice work (storage, sync,
 * app) may import it.
 */
const ALLOWED: Record<string, string[]> = {
  platform: ['platform'],
  domain: ['domain'],
  crypto: ['crypto'],
  storage: ['platform', 'storage', 'crypto'],
  sync: ['platform', 'sync', 'domain', 'crypto', 'wire'],
  wire: ['wire'],
  pwa: ['pwa'],
  server: ['server', 'wire'],
  roster: ['roster', 'domain'],
  respond: ['respond', 'domain', 'crypto', 'sync', 'wire', 'ui'], // ui: only src/ui/kit (below)
  app: ['platform', 'app', 'domain', 'crypto', 'storage', 'sync', 'pwa', 'roster', 'wire'],
  ui: ['ui', 'app', 'domain', 'pwa', 'roster'],
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

/**
 * Domain functions that take a `CommandContext` only to read the clock: checks and plans, no write.
 * Each must stay an exported domain function (checked below), so the list cannot rot.
 */
const READS_ONLY = ['checkConversation', 'checkPastTime', 'planConversation', 'planRevert'];
/** Domain functions that write to a doc without an author. */
const WRITES_WITHOUT_AUTHOR = ['initCampaign', 'migrate', 'migrateV0toV1'];

const parse = (file: string) =>
  ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
const exported = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Every exported function of a domain file, with whether one of its parameters is a `CommandContext`. */
function exportedFunctions(file: string): { name: string; authored: boolean }[] {
  const out: { name: string; authored: boolean }[] = [];
  const authored = (params: ts.NodeArray<ts.ParameterDeclaration>) =>
    params.some(
      (p) => p.type && ts.isTypeReferenceNode(p.type) && p.type.typeName.getText() === 'CommandContext',
    );
  for (const node of parse(file).statements) {
    if (!exported(node)) continue;
    if (ts.isFunctionDeclaration(node) && node.name) {
      out.push({ name: node.name.text, authored: authored(node.parameters) });
    } else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)))
          out.push({ name: d.name.text, authored: authored(init.parameters) });
      }
    }
  }
  return out;
}

/**
 * The domain's commands (functions that change a doc or run a batch): everything a `commands.ts`
 * exports, every function that takes a `CommandContext` (the author of a write) except the checks
 * in READS_ONLY, and the writers in WRITES_WITHOUT_AUTHOR.
 */
function domainCommands(domainFiles: string[]): { commands: Set<string>; functions: Set<string> } {
  const commands = new Set(WRITES_WITHOUT_AUTHOR);
  const functions = new Set<string>();
  for (const file of domainFiles) {
    const inCommands = file.endsWith('/commands.ts');
    for (const f of exportedFunctions(file)) {
      functions.add(f.name);
      if (inCommands || (f.authored && !READS_ONLY.includes(f.name))) commands.add(f.name);
    }
  }
  return { commands, functions };
}

/** The names `file` imports or re-exports by value from the domain; `*` for a namespace or `export *`. */
function domainValueImports(file: string): string[] {
  const names: string[] = [];
  const intoDomain = (spec: ts.Expression | undefined) =>
    !!spec &&
    ts.isStringLiteral(spec) &&
    relative(SRC, resolveImport(file, spec.text) ?? '').startsWith('domain/');
  const named = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) =>
    elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).getText());
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && intoDomain(node.moduleSpecifier)) {
      const clause = node.importClause;
      if (clause && !clause.isTypeOnly) {
        const b = clause.namedBindings;
        if (b && ts.isNamespaceImport(b)) names.push('*');
        else if (b) names.push(...named(b.elements));
      }
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && intoDomain(node.moduleSpecifier)) {
      const c = node.exportClause;
      names.push(...(c && ts.isNamedExports(c) ? named(c.elements) : ['*']));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      if (intoDomain(node.arguments[0])) names.push('*');
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return names;
}

describe('the UI changes docs only through src/app', () => {
  const all = files(SRC);
  const { commands, functions } = domainCommands(all.filter((f) => layerOf(f) === 'domain'));

  it('knows the domain commands from the code', () => {
    for (const name of [
      'createPerson',
      'logConversation',
      'runBatch',
      'publishSurvey',
      'placePin',
      'initCampaign',
    ])
      expect(commands, name).toContain(name);
    for (const name of ['listPeople', 'peopleIndex', 'followUpsDue', 'parseSizeInput', ...READS_ONLY])
      expect(commands, name).not.toContain(name);
    for (const name of [...READS_ONLY, ...WRITES_WITHOUT_AUTHOR]) expect(functions, name).toContain(name);
  });

  it('no UI file imports a domain command (or the whole domain as a namespace)', () => {
    const offenders = all
      .filter((f) => layerOf(f) === 'ui')
      .flatMap((f) =>
        domainValueImports(f)
          .filter((name) => name === '*' || commands.has(name))
          .map((name) => `${relative(SRC, f)} imports ${name}`),
      );
    expect(offenders).toEqual([]);
  });
});
