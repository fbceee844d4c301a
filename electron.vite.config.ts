/*
 * electron-vite builds the desktop edition: main and preload (CommonJS for
 * Electron, the preload sandboxed) and the same renderer the web edition serves.
 */
import { defineConfig } from 'electron-vite';
import path from 'node:path';
import { rendererConfig, ROOT } from './renderer/vite.config.ts';

export default defineConfig({
  main: {
    build: {
      outDir: path.join(ROOT, 'out', 'main'),
      rollupOptions: { input: path.join(ROOT, 'app', 'electron-main', 'main.ts') },
    },
  },
  preload: {
    build: {
      outDir: path.join(ROOT, 'out', 'preload'),
      rollupOptions: {
        input: path.join(ROOT, 'app', 'preload', 'preload.ts'),
        output: { format: 'cjs', entryFileNames: 'index.cjs' },
      },
    },
  },
  renderer: rendererConfig(),
});
