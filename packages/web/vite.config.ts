import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by `rampart serve` under a strict CSP (script-src 'self',
// style-src 'self'): no inline scripts or styles in the built HTML, no module-preload
// polyfill, and no asset inlined as a data: URL except images.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // The import graph check-budget.mjs measures (dist/.vite/manifest.json; not served).
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev -w @rampart/web` against a hub on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
