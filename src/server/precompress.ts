/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text asset of the built app, so the
 * static server (static.ts) sends them without compressing anything per request. Run after the
 * build by the `precompress` Vite plugin (vite.config.ts), after the service worker is generated,
 * so `sw.js` and the workbox runtime are compressed too.
 *
 * What must stay true: a copy is written only when it is smaller than the original (tiny files
 * would grow), and always at the highest levels: this runs once per build, not per request.
 */
import { readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Logger, Plugin } from 'vite';
import { ENCODING_SUFFIX, ENCODINGS, type Encoding, isCompressible } from './compression';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Bytes before and after, per coding, for the build log. */
export interface PrecompressReport {
  files: number;
  bytes: number;
  br: number;
  gzip: number;
}

/** Compresses one buffer the way the build does (exported for tests). */
export async function compressBuffer(data: Buffer, coding: Encoding): Promise<Buffer> {
  if (coding === 'br') {
    return brotli(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
  }
  return gz(data, { level: constants.Z_BEST_COMPRESSION });
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Writes `.br` and `.gz` beside each compressible file under `dir` (see compression.ts); removes a
 * stale copy when the new one would not be smaller.
 *
 * @param dir - The build output, e.g. `dist`.
 * @returns Totals for the build log.
 */
export async function precompressDir(dir: string): Promise<PrecompressReport> {
  const report: PrecompressReport = { files: 0, bytes: 0, br: 0, gzip: 0 };
  const queue: string[] = [];
  for await (const path of walk(dir)) if (isCompressible(path)) queue.push(path);
  // zlib's async calls run on libuv's thread pool: a few files at once use every core.
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const data = await readFile(path);
      report.files += 1;
      report.bytes += data.length;
      for (const coding of ENCODINGS) {
        const out = await compressBuffer(data, coding);
        const target = path + ENCODING_SUFFIX[coding];
        if (out.length < data.length) {
          await writeFile(target, out);
          report[coding] += out.length;
        } else {
          report[coding] += data.length;
          await unlink(target).catch(() => {});
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return report;
}

/**
 * Vite plugin: precompresses the build output once everything, the service worker included, is
 * written (`closeBundle`, ordered last).
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  let logger: Logger | null = null;
  return {
    name: 'shopfloor:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        if (!(await stat(outDir).catch(() => null))?.isDirectory()) return;
        const r = await precompressDir(outDir);
        const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
        logger?.info(
          `precompressed ${r.files} text files: ${kib(r.bytes)} → br ${kib(r.br)}, gzip ${kib(r.gzip)}`,
        );
      },
    },
  };
}
