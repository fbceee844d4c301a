/*
 * The console: xterm.js attached to the guest's first serial port. Bytes the
 * guest sends are batched and written once per burst; keys typed go straight
 * to the guest. Ctrl+Shift+C / Ctrl+Shift+V copy and paste (plain Ctrl+C goes
 * to the guest, as in any terminal). The fit addon keeps it sized to its box.
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';

export const DARK_TERM: ITheme = {
  background: '#111318', foreground: '#d4d7dd', cursor: '#5aa2ff', cursorAccent: '#111318',
  selectionBackground: '#2f4a73', black: '#1b1e24', brightBlack: '#5c6370',
  red: '#e0707c', green: '#4cc274', yellow: '#e8c25a', blue: '#5aa2ff', magenta: '#c27ae0', cyan: '#3cc0cf', white: '#d4d7dd',
};
export const LIGHT_TERM: ITheme = {
  background: '#ffffff', foreground: '#23262c', cursor: '#1f6fe0', cursorAccent: '#ffffff',
  selectionBackground: '#bcd4f7', black: '#23262c', brightBlack: '#6b717c',
  red: '#c23b4b', green: '#2f8f4f', yellow: '#a37b00', blue: '#1f6fe0', magenta: '#9b44c0', cyan: '#13879a', white: '#e6e8ec',
};

const MAX_TRANSCRIPT = 256 << 10;
const decoder = new TextDecoder();

export class GuestConsole {
  readonly term: Terminal;
  private fit = new FitAddon();
  private pending: Uint8Array[] = [];
  private scheduled = false;
  private input: ((data: string) => void) | null = null;
  /** Everything the guest printed since the last clear (bounded), for tests and export. */
  transcript = '';

  constructor(private readonly el: HTMLElement) {
    this.term = new Terminal({
      fontFamily: '"JetBrains Mono", "DejaVu Sans Mono", monospace',
      fontSize: 13,
      lineHeight: 1.15,
      cursorBlink: true,
      convertEol: true,
      scrollback: 10_000,
      allowProposedApi: false,
      theme: DARK_TERM,
    });
    this.term.loadAddon(this.fit);
    this.term.open(el);
    this.term.onData((d) => this.input?.(d));
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
    new ResizeObserver(() => this.refit()).observe(el);
    this.refit();
  }

  onInput(cb: (data: string) => void): void {
    this.input = cb;
  }

  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown' || !(e.ctrlKey && e.shiftKey)) return true;
    if (e.code === 'KeyC') {
      const sel = this.term.getSelection();
      if (sel) void navigator.clipboard?.writeText(sel).catch(() => {});
      return false;
    }
    if (e.code === 'KeyV') {
      void navigator.clipboard?.readText().then((t) => t && this.term.paste(t)).catch(() => {});
      return false;
    }
    return true;
  }

  refit(): void {
    if (this.el.clientWidth > 0 && this.el.clientHeight > 0) {
      try {
        this.fit.fit();
      } catch {
        /* not laid out yet */
      }
    }
  }

  write(bytes: Uint8Array): void {
    this.pending.push(bytes);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** A message from the studio itself (dim, on its own line), not from the guest. */
  note(text: string): void {
    this.flush();
    this.term.write(`\r\n\x1b[2m[studio] ${text}\x1b[0m\r\n`);
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    let n = 0;
    for (const p of this.pending) n += p.length;
    const all = new Uint8Array(n);
    let off = 0;
    for (const p of this.pending) {
      all.set(p, off);
      off += p.length;
    }
    this.pending = [];
    this.term.write(all);
    this.transcript += decoder.decode(all);
    if (this.transcript.length > MAX_TRANSCRIPT) this.transcript = this.transcript.slice(-MAX_TRANSCRIPT / 2);
  }

  clear(): void {
    this.flush();
    this.term.clear();
  }

  reset(): void {
    this.pending = [];
    this.term.reset();
    this.transcript = '';
  }

  setTheme(dark: boolean): void {
    this.term.options.theme = dark ? DARK_TERM : LIGHT_TERM;
  }

  focus(): void {
    this.term.focus();
  }
}
