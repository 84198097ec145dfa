/**
 * Starts the real server (static app from dist/ + signaling) on a random loopback port for the e2e
 * project. `npm test` builds dist/ before this project runs.
 */
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startServer } from '../../src/server/server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
  const server = await startServer({ port: 0, host: '127.0.0.1', root: 'dist' });
  project.provide('baseUrl', server.url);
  return async () => {
    await server.close();
  };
}
