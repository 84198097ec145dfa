/**
 * The WebKit lane's world: Xvfb on a free display, WebKitGTK's WebDriver on a free loopback port,
 * and the real server serving the built app. Both child processes are stopped by PID on teardown.
 *
 * Where WebKitGTK or Xvfb is missing, the lane is skipped with a printed reason on a developer's
 * machine and fails in CI (`CI` set), where `.ci/run` installs them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startServer } from '../../src/server/server';
import { freePort } from '../support/ports';
import { waitForDriver } from './webdriver';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Empty when the lane runs; otherwise why it is skipped. */
    webkitSkip: string;
    webkitDriverUrl: string;
    webkitBinary: string;
    webkitBaseUrl: string;
  }
}

const DRIVER = process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver';
const XVFB = process.env.XVFB || '/usr/bin/Xvfb';
const MINIBROWSER_DIRS = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1',
  '/usr/lib/x86_64-linux-gnu/webkitgtk-6.0',
  '/usr/lib/aarch64-linux-gnu/webkitgtk-6.0',
];

/** Debian's MiniBrowser (from libwebkit2gtk-4.1-0), or `MINIBROWSER`. */
export function findMiniBrowser(): string | null {
  if (process.env.MINIBROWSER) return existsSync(process.env.MINIBROWSER) ? process.env.MINIBROWSER : null;
  for (const dir of MINIBROWSER_DIRS) if (existsSync(`${dir}/MiniBrowser`)) return `${dir}/MiniBrowser`;
  return null;
}

/** Starts Xvfb with `-displayfd`, so the X server itself picks a free display and tells us which. */
function startXvfb(): Promise<{ child: ChildProcess; display: string }> {
  const child = spawn(XVFB, ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Xvfb did not start: ${err.slice(-400)}`));
    }, 20_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, display: `:${m[1]}` });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${err.slice(-400)}`));
    });
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export default async function setup(project: TestProject) {
  const binary = findMiniBrowser();
  const missing = [
    existsSync(DRIVER) ? null : `${DRIVER} (apt: webkit2gtk-driver)`,
    binary ? null : 'MiniBrowser (apt: libwebkit2gtk-4.1-0)',
    existsSync(XVFB) ? null : `${XVFB} (apt: xvfb)`,
  ].filter(Boolean);
  const provideSkip = (reason: string) => {
    project.provide('webkitSkip', reason);
    project.provide('webkitDriverUrl', '');
    project.provide('webkitBinary', '');
    project.provide('webkitBaseUrl', '');
  };
  if (missing.length) {
    const reason = `WebKit lane skipped: missing ${missing.join(', ')}`;
    if (process.env.CI)
      throw new Error(`WebKit lane cannot run in CI: missing ${missing.join(', ')}; .ci/run installs them`);
    console.warn(`\n${reason}\n`);
    provideSkip(reason);
    return;
  }
  // SHOPFLOOR_DIST: a build elsewhere (`vite build --outDir …`), so two builds can be tested side by side.
  const dist = process.env.SHOPFLOOR_DIST ?? 'dist';
  if (!existsSync(`${dist}/index.html`))
    throw new Error(`${dist}/ is missing: run \`npm run build\` before the WebKit lane`);

  const xvfb = await startXvfb();
  let driver: ChildProcess | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const port = await freePort();
    driver = spawn(DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: xvfb.display, GDK_BACKEND: 'x11', NO_AT_BRIDGE: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const driverUrl = `http://127.0.0.1:${port}`;
    await waitForDriver(driverUrl, 30_000);
    server = await startServer({ port: 0, host: '127.0.0.1', root: dist });
    project.provide('webkitSkip', '');
    project.provide('webkitDriverUrl', driverUrl);
    project.provide('webkitBinary', binary as string);
    project.provide('webkitBaseUrl', server.url);
  } catch (err) {
    await stop(driver);
    await stop(xvfb.child);
    await server?.close();
    throw err;
  }
  return async () => {
    await server?.close();
    await stop(driver);
    await stop(xvfb.child);
  };
}
