/* Builds the renderer for the web edition into out/renderer (the same bundle Electron loads). */
import { build } from 'vite';
import { rendererConfig, RENDERER_OUT } from '../renderer/vite.config.ts';

export async function buildRenderer(): Promise<string> {
  await build({ ...rendererConfig(), configFile: false });
  return RENDERER_OUT;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  await buildRenderer();
  console.log(`renderer built into ${RENDERER_OUT} in ${Date.now() - t0} ms`);
}
