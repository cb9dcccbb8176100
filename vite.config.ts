/// <reference types="vitest/config" />
// One config for the three things Vite does here:
//   vite / vite build            the app (index.html, the worker as an ES module)
//   vite build --mode cli        the command line, bundled for node into dist/cli
//   vitest                       unit tests in node (src/**/*.test.ts)
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig(({ mode }) => {
  if (mode === 'cli') {
    return {
      publicDir: false,
      build: {
        ssr: 'src/cli/main.ts',
        outDir: 'dist/cli',
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        sourcemap: true,
        rollupOptions: { output: { entryFileNames: 'reclaimscope.mjs', format: 'es' } },
      },
      ssr: { noExternal: ['fzstd', 'xxhash-wasm'] },
    };
  }
  return {
    base: './',
    plugins: [react()],
    worker: { format: 'es' },
    // Pre-bundled at dev-server start, so the first visit does not reload the page mid-click.
    optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', 'recharts', 'zustand', 'comlink', 'fzstd', 'xz-decompress', 'xxhash-wasm'] },
    build: { outDir: 'dist/app', target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
    server: { port: 5173, strictPort: false },
    preview: { port: 4173, strictPort: true },
    test: {
      include: ['src/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      pool: 'threads',
    },
  };
});
