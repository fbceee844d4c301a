/*
 * A session's thumbnail: the console's visible lines drawn small onto a
 * canvas (xterm draws to the DOM, so its text is re-drawn from the buffer,
 * which works whichever renderer xterm uses), as PNG bytes.
 */
import type { Terminal } from '@xterm/xterm';

export const THUMB_WIDTH = 480;

export async function consoleThumbnail(term: Terminal, colors: { background: string; foreground: string }): Promise<Uint8Array | undefined> {
  const buf = term.buffer.active;
  const cols = term.cols;
  const rows = term.rows;
  const charW = THUMB_WIDTH / Math.max(40, cols);
  const lineH = Math.ceil(charW * 2);
  const canvas = document.createElement('canvas');
  canvas.width = THUMB_WIDTH;
  canvas.height = Math.min(Math.round(THUMB_WIDTH * 0.625), lineH * rows + 8);
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = colors.foreground;
  ctx.font = `${(charW / 0.6).toFixed(1)}px "JetBrains Mono", "DejaVu Sans Mono", monospace`;
  ctx.textBaseline = 'top';
  // The last lines that fit, ending at the cursor's line (where the guest is now).
  const fit = Math.floor((canvas.height - 8) / lineH);
  const end = buf.baseY + buf.cursorY + 1;
  const start = Math.max(0, end - fit);
  for (let y = start; y < end; y++) {
    const text = buf.getLine(y)?.translateToString(true) ?? '';
    if (text) ctx.fillText(text, 4, 4 + (y - start) * lineH);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}
