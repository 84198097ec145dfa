import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import solid from 'vite-plugin-solid';

/**
 * The app is a static bundle: everything it needs is precached by the service
 * worker, and it never requests anything from another origin.
 */
export default defineConfig({
  plugins: [
    solid(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,ico}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/signal/],
        cleanupOutdatedCaches: true,
        // Never cache anything but our own precache: no runtime caching of other origins.
        runtimeCaching: [],
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: { port: 5173 },
});
