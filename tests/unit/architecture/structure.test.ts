/**
 * The house rules of docs/architecture.md that are about size and grouping, so the code stays easy
 * to enter: no source file over 400 lines and no function over 80 lines, except where the file
 * says why (`long-file:` in its header comment, `long-function:` in the comment right above the
 * function); the domain keeps a small core beside its concept folders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
/** How far down a file its `long-file:` reason may stand. */
const HEADER_LINES = 30;
const DOMAIN_FOLDERS = ['conversation', 'history', 'people', 'survey', 'workplace'];
const MAX_DOMAIN_CORE_FILES = 20;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Lines as `wc -l` counts them (a final newline does not start another line). */
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

function longFile(file: string, text: string): string[] {
  const lines = lineCount(text);
  const header = text.split('\n').slice(0, HEADER_LINES).join('\n');
  return lines > MAX_FILE_LINES && !header.includes('long-file:')
    ? [`${relative(SRC, file)}: ${lines} lines`]
    : [];
}

type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

const isFunctionLike = (n: ts.Node): n is FunctionLike =>
  ts.isFunctionDeclaration(n) ||
  ts.isFunctionExpression(n) ||
  ts.isArrowFunction(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) ||
  ts.isSetAccessorDeclaration(n);

/** The statement or member a function belongs to, whose leading comment may state the exception. */
function owner(n: ts.Node): ts.Node {
  let cur: ts.Node = n;
  while (
    cur.parent &&
    !ts.isSourceFile(cur.parent) &&
    !ts.isBlock(cur.parent) &&
    !ts.isClassLike(cur.parent) &&
    !ts.isObjectLiteralExpression(cur.parent)
  )
    cur = cur.parent;
  return cur;
}

/** The comment right above a node (the last of its leading comments), or ''. */
function commentAbove(text: string, n: ts.Node): string {
  const last = ts.getLeadingCommentRanges(text, n.getFullStart())?.at(-1);
  return last ? text.slice(last.pos, last.end) : '';
}

function longFunctions(file: string, text: string): string[] {
  if (lineCount(text) <= MAX_FUNCTION_LINES) return []; // no room for a long function: skip the parse
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const line = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (isFunctionLike(n)) {
      const length = line(n.getEnd()) - line(n.getStart()) + 1;
      if (length > MAX_FUNCTION_LINES && !commentAbove(text, owner(n)).includes('long-function:'))
        out.push(`${relative(SRC, file)}:${line(n.getStart())} is ${length} lines`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('house rules', () => {
  const all = files(SRC);

  it(`no source file over ${MAX_FILE_LINES} lines unless its header says why`, () => {
    expect(all.flatMap((f) => longFile(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it(`no function over ${MAX_FUNCTION_LINES} lines unless the comment above it says why`, () => {
    expect(all.flatMap((f) => longFunctions(f, readFileSync(f, 'utf8')))).toEqual([]);
  }, 180_000); // parses every file of src/: slow on a loaded machine

  it('the checks see a long file or function and honour a stated reason', () => {
    const f = join(SRC, 'x.ts');
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const a${i} = ${i};`).join('\n');
    const long = body(MAX_FUNCTION_LINES - 1); // with its two brace lines: one over the limit
    expect(longFunctions(f, `export function f() {\n${body(MAX_FUNCTION_LINES - 2)}\n}\n`)).toEqual([]);
    expect(longFunctions(f, `export function f() {\n${long}\n}\n`)).toEqual(['x.ts:1 is 81 lines']);
    expect(
      longFunctions(f, `/** F. */\n// long-function: a table\nexport function f() {\n${long}\n}\n`),
    ).toEqual([]);
    // Only the comment right above counts: a reason further up (a file header) exempts nothing.
    expect(
      longFunctions(f, `// long-function: x\n/** F. */\nexport function f() {\n${long}\n}\n`),
    ).toHaveLength(1);
    expect(longFunctions(f, `export const g = () => {\n${long}\n};\n`)).toHaveLength(1);
    expect(longFunctions(f, `class C {\n  m() {\n${long}\n  }\n}\n`)).toHaveLength(1);
    expect(longFunctions(f, `run(() => {\n${long}\n});\n`)).toHaveLength(1);
    expect(longFunctions(f, `const o = {\n  // long-function: x\n  m() {\n${long}\n  },\n};\n`)).toEqual([]);
    const lines = (n: number) => 'const a = 1;\n'.repeat(n);
    expect(longFile(f, lines(MAX_FILE_LINES))).toEqual([]);
    expect(longFile(f, lines(MAX_FILE_LINES + 1))).toEqual(['x.ts: 401 lines']);
    expect(longFile(f, `/** X.\n * long-file: generated */\n${lines(MAX_FILE_LINES)}`)).toEqual([]);
  });

  it('the domain is a small core beside its concept folders', () => {
    const names = readdirSync(join(SRC, 'domain'));
    const top = names.filter((n) => /\.tsx?$/.test(n));
    const folders = names.filter((n) => statSync(join(SRC, 'domain', n)).isDirectory());
    expect(top.length).toBeLessThanOrEqual(MAX_DOMAIN_CORE_FILES);
    expect(folders.sort()).toEqual(DOMAIN_FOLDERS);
  });
});
