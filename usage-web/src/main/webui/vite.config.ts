import { defineConfig } from 'vitest/config';

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
