import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './core/service/http-host';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Native or Node-heavy packages stay in node_modules (electron-builder unpacks the native ones from the asar). */
const NODE_EXTERNALS = ['@duckdb/node-api', '@napi-rs/keyring', '@google-cloud/bigquery', 'google-auth-library'];

/**
 * The renderer's Content-Security-Policy (the host's policy, one definition) as a meta tag, so it holds under file://
 * in Electron too. `frame-ancestors` only works as a header, so the meta copy leaves it out. Build only: the dev
 * server's hot reload needs inline code.
 */
export const RENDERER_CSP = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'sluice:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { include: NODE_EXTERNALS },
      rolldownOptions: {
        // index: the Electron main process; cli: the `sluice` command (bin/sluice.js runs out/main/cli.js);
        // normalize-worker: the pipeline's worker thread, which its client looks for next to its own chunk.
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          cli: resolve(root, 'core/cli/main.ts'),
          'normalize-worker': resolve(root, 'core/pipeline/normalize-worker.ts'),
        },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        // Sandboxed preloads must be one CommonJS file that requires nothing but `electron`.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // Relative asset URLs: the same bundle loads from file:// (Electron) and from the browser-mode host.
    base: './',
    plugins: [react(), contentSecurityPolicy()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      sourcemap: false,
      minify: true,
      // Monaco's core is ~4 MB by nature (loaded from disk or 127.0.0.1, never over the internet).
      chunkSizeWarningLimit: 4096,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
        // Monaco in its own chunk (it changes only with its version, so it stays cached); the app chunk stays small.
        output: { codeSplitting: { groups: [{ name: 'monaco', test: /[\\/]node_modules[\\/](monaco-editor|@monaco-editor)[\\/]/ }] } },
      },
    },
  },
});
