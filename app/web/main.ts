/*
 * Starts the web edition: `tsx app/web/main.ts [--port N]` serves out/renderer
 * and the host API on 127.0.0.1 and prints one line with the URL.
 */
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStudioServer } from './server.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KERNEL_PATH = path.join(ROOT, 'kernel', 'build', 'minios.elf');
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer');

export function appVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function startWebEdition(port: number) {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error(`no renderer build in ${RENDERER_DIR} (run: npm run build:web)`);
  return startStudioServer({ rendererDir: RENDERER_DIR, kernelPath: KERNEL_PATH, appVersion: appVersion(), port });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 0);
  const server = await startWebEdition(Number.isInteger(port) && port >= 0 ? port : 0);
  console.log(`MiniOS Studio (web edition) at ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
