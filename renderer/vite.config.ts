/*
 * How the renderer is built — shared by the web edition (tools/build-web.ts)
 * and electron.vite.config.ts, so both editions ship the same bundle.
 * v86.wasm is emitted as a file (never inlined) and fetched by URL at boot.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { UserConfig } from 'vite';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_OUT = path.join(ROOT, 'out', 'renderer');

export function rendererConfig(): UserConfig {
  return {
    root: path.join(ROOT, 'renderer'),
    base: './',
    publicDir: false,
    logLevel: 'error',
    build: {
      outDir: RENDERER_OUT,
      emptyOutDir: true,
      target: 'es2022',
      assetsInlineLimit: (file) => !file.endsWith('.wasm') && undefined,
      chunkSizeWarningLimit: 4096,
      sourcemap: true,
      rollupOptions: { input: path.join(ROOT, 'renderer', 'index.html') },
    },
    server: { host: '127.0.0.1' },
  };
}

export default rendererConfig();
