/// <reference types="vitest/config" />
// One config for the three things Vite does here:
//   vite / vite build            the app (index.html, the worker as an ES module)
//   vite build --mode cli        the command line, bundled for node into dist/cli
//   vitest                       unit tests in node (src/**/*.test.ts)
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The page may talk to its own origin only, so that "nothing leaves the
 * machine" is enforced by the browser: no inline or foreign script (WebAssembly
 * compiled from the app's own bytes for xz and xxhash: 'wasm-unsafe-eval'),
 * workers from the app or a blob, fetch/XHR/WebSocket to the app's origin,
 * images from the app, data: (the icon) and blob: (PNG export). Inline style
 * attributes are allowed: React and Recharts set them; they run no code.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Writes the CSP into the built index.html (not in `vite` dev, whose hot reload injects an inline script). */
function cspMeta(): Plugin {
  return {
    name: 'reclaimscope-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

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
        rollupOptions: { output: { entryFileNames: 'reclaimscope.mjs', chunkFileNames: 'reclaimscope-[name].mjs', format: 'es' } },
      },
      ssr: { noExternal: ['fzstd', 'xxhash-wasm'] },
    };
  }
  return {
    base: './',
    plugins: [react(), cspMeta()],
    worker: { format: 'es' },
    // Pre-bundled at dev-server start, so the first visit does not reload the page mid-click.
    optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', 'recharts', 'zustand', 'comlink', 'fzstd', 'xz-decompress', 'xxhash-wasm'] },
    build: { outDir: 'dist/app', target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1500 },
    server: { port: 5173, strictPort: false },
    // the header as well as the meta tag: a header also covers what a meta tag cannot (the worker scripts' own responses)
    preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': CSP } },
    test: {
      include: ['src/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      pool: 'threads',
    },
  };
});
