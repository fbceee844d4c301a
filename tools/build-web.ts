/* Builds the renderer for the web edition into out/renderer (the same bundle Electron loads). */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { rendererConfig, RENDERER_OUT, ROOT } from '../renderer/vite.config.ts';

/** What the renderer bundle is built from: its own code, what it imports, and the locked dependencies. */
export const RENDERER_SOURCES = ['renderer', 'hw-panels', 'machine', 'app/common', 'package-lock.json'];

function newestMtime(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file bumps its folder
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** True when out/renderer exists and is newer than every source file (a rebuild would change nothing). */
export function rendererUpToDate(root = ROOT, out = RENDERER_OUT): boolean {
  let built: number;
  try {
    built = fs.statSync(path.join(out, 'index.html')).mtimeMs;
  } catch {
    return false;
  }
  return RENDERER_SOURCES.every((s) => newestMtime(path.join(root, s)) < built);
}

export async function buildRenderer(): Promise<string> {
  await build({ ...rendererConfig(), configFile: false });
  return RENDERER_OUT;
}

/** Builds only when a source changed since the last build; returns whether it built. */
export async function buildRendererIfStale(): Promise<boolean> {
  if (rendererUpToDate()) return false;
  await buildRenderer();
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = Date.now();
  await buildRenderer();
  console.log(`renderer built into ${RENDERER_OUT} in ${Date.now() - t0} ms`);
}
