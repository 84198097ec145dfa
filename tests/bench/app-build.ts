/**
 * One production build of the app per bench run, into a temporary directory (dist/ is left
 * alone), shared by every figure that needs built files: the bundle size, the map's paint and the
 * second copy's costs. Removed when the process exits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let built: Promise<string> | null = null;

/** The build's directory (built on first call). */
export function appBuild(): Promise<string> {
  built ??= (async () => {
    const { build } = await import('vite');
    const outDir = mkdtempSync(join(tmpdir(), 'shopfloor-bench-build-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    return outDir;
  })();
  return built;
}
