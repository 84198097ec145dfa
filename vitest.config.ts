import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` (domain, crypto, storage, sync, server, integration — plain Node, no Solid
 * plugin, whose browser export conditions would hand Node packages like `ws` their browser stubs),
 * `ui` (logic tests of Solid modules), `component` (Solid components rendered in happy-dom, driven
 * as a user would with @solidjs/testing-library), `e2e` (real Chromium against the built app) and `webkit`
 * (the same app in WebKitGTK over WebDriver, under Xvfb).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          exclude: ['tests/unit/ui/**'],
          environment: 'node',
          setupFiles: ['tests/setup/fake-indexeddb.ts'],
          testTimeout: 60_000,
        },
      },
      {
        plugins: [solid()],
        test: {
          name: 'ui',
          include: ['tests/unit/ui/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup/fake-indexeddb.ts'],
        },
      },
      {
        plugins: [solid()],
        resolve: { conditions: ['development', 'browser'] },
        test: {
          name: 'component',
          include: ['tests/unit/ui/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['tests/setup/fake-indexeddb.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'webkit',
          include: ['tests/webkit/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/webkit/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
