import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The browser UI, built into dist/web and served by the api at `/`. */
export default defineConfig({
  root: webRoot,
  base: '/',
  // Components are TSX render functions type-checked by tsc (Vue's own JSX runtime, no SFC compiler step).
  esbuild: { jsx: 'automatic', jsxImportSource: 'vue' },
  // One preact for form-js: the editor ships its own copy, and its hooks break when the viewer
  // components it renders come from another.
  resolve: { alias: { '@tongban/bpmn/browser': `${repoRoot}libs/bpmn/src/browser.ts` }, dedupe: ['preact'] },
  build: {
    outDir: `${repoRoot}dist/web`,
    // Kept, not emptied: a running api (or a browser spec of another build in the same tree) keeps
    // finding the hashed assets its index.html names while a new build writes its own.
    emptyOutDir: false,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // 127.0.0.1: a demo-mode Tongban listens on loopback IPv4 only.
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
