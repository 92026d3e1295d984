import { defineConfig } from 'vitest/config';

// recharts and the packages only it uses: never in the first load (scripts/bundle-report.mjs checks it)
const CHARTS_ONLY = new RegExp(`/node_modules/(${['recharts', 'd3-[a-z-]+', 'victory-vendor', 'internmap', 'es-toolkit', 'decimal\\.js-light',
  'eventemitter3', 'tiny-invariant', 'immer', 'reselect', 'redux', 'redux-thunk', '@reduxjs/toolkit', 'react-redux',
  'use-sync-external-store'].join('|')})/`);

// MUI parts only the Alerts page's rule dialog uses (pickers, radios): left to that page's lazy chunk
// rather than the vendor chunk every page loads first
const ALERTS_ONLY = new RegExp(`/node_modules/@mui/material/esm/(${['Autocomplete', 'useAutocomplete', 'ListSubheader', 'Radio',
  'RadioGroup', 'FormGroup', 'DialogContentText', 'internal/svg-icons/RadioButton'].join('|')})`);

// The build goes straight into the Quarkus module's static resources; `vite` (dev) proxies the API
// and sign-in to a running usage-web (deploy/local-stack.sh start).
export default defineConfig({
  build: {
    outDir: '../../../target/classes/META-INF/resources',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // MUI's 'use client' directives mean nothing without server components
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        codeSplitting: {
          groups: [
            // the libraries every page needs (React, MUI, the router, emotion): one chunk that changes
            // only with them; recharts and what only it needs stay out, in the lazily loaded "charts"
            { name: 'vendor', test: (id) => (id.includes('/node_modules/') && !CHARTS_ONLY.test(id) && !ALERTS_ONLY.test(id)) },
          ],
        },
        // a chunk shared by the pages is named by what it is, not after one of its modules (it used to
        // be "usePageRange-*.js"): "pages" (their common code), "runtime" (the bundler's module helpers);
        // the lazily loaded charts (features/charts.ts) are "charts-*.js"
        chunkFileNames: (chunk) => {
          if (chunk.name === 'rolldown-runtime') return 'assets/runtime-[hash].js';
          return chunk.isEntry || chunk.isDynamicEntry || chunk.name === 'vendor' ? 'assets/[name]-[hash].js' : 'assets/pages-[hash].js';
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/auth': 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
