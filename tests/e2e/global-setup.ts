/**
 * Starts the real server (static app from dist/ + signaling) on a random loopback port for the e2e
 * project, and y-webrtc's stock signaling server beside it, so sync can be shown to work with
 * either. `npm test` builds dist/ before this project runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startServer } from '../../src/server/server';
import { freePort } from '../support/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    stockSignalingUrl: string;
  }
}

async function startStock(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['node_modules/y-webrtc/bin/server.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stock signaling server did not start')), 10_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`stock signaling server exited with ${code}`)));
  });
  return child;
}

export default async function setup(project: TestProject) {
  // SHOPFLOOR_DIST: a build elsewhere (`vite build --outDir …`), so two builds can be tested side by side.
  const dist = process.env.SHOPFLOOR_DIST ?? 'dist';
  if (!existsSync(`${dist}/index.html`))
    throw new Error(`${dist}/ is missing: run \`npm run build\` before the e2e tests`);
  const stockPort = await freePort();
  const stock = await startStock(stockPort);
  const stockUrl = `ws://127.0.0.1:${stockPort}`;
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    root: dist,
    signalingOrigins: [stockUrl],
  });
  project.provide('baseUrl', server.url);
  project.provide('stockSignalingUrl', stockUrl);
  return async () => {
    await server.close();
    stock.kill();
  };
}
