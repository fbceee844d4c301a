/*
 * `npm start`: the desktop app where Electron is installed, the web edition
 * otherwise. Builds the kernel first when it is missing. Prints one line
 * saying which edition started and where.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary's path when it is really there. (require('electron') would try to download it.) */
export function electronBinary(root = ROOT): string | null {
  const dir = path.join(root, 'node_modules', 'electron');
  try {
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return rel && fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

function ensureKernel(): void {
  if (fs.existsSync(path.join(ROOT, 'kernel', 'build', 'minios.elf'))) return;
  console.log('building the kernel (make -C kernel)…');
  const r = spawnSync('make', ['-C', 'kernel'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('kernel build failed; see above (tools/setup.sh installs gcc and make)');
    process.exit(1);
  }
}

async function main(): Promise<void> {
  ensureKernel();
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT ?? 8086);
  const electron = process.argv.includes('--web') ? null : electronBinary();
  if (electron) {
    console.log(`MiniOS Studio (desktop edition, Electron at ${electron})`);
    const cli = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
    const child = spawn(process.execPath, [cli, 'preview'], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const { buildRendererIfStale } = await import('./build-web.ts');
  await buildRendererIfStale(); // a second start with nothing changed skips the ~2.5 s build
  const { startWebEdition } = await import('../app/web/main.ts');
  let server;
  try {
    server = await startWebEdition(port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    server = await startWebEdition(0); // the usual port is taken: any free one
  }
  console.log(`MiniOS Studio (web edition${process.argv.includes("--web") ? "" : "; no Electron binary here"}) at ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
