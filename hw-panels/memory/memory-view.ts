/*
 * Memory map view: every 4 KiB frame of guest RAM as a cell, row by row from
 * address 0, coloured by kind. Runs of equal cells are drawn as one rectangle;
 * hovering a cell shows its address, kind and owner.
 */
import { Graphics, type Application } from 'pixi.js';
import { MemoryModel, FRAME_SIZE, kindName, KIND_UNKNOWN } from './memory-model.ts';
import { formatBytes, hex32 } from '../common/model.ts';
import { PixiPanel } from '../common/pixi-panel.ts';
import { css } from '../common/palette.ts';

export interface GridLayout {
  cell: number;
  cols: number;
  rows: number;
}

/** The largest square cell that fits `frames` cells into width x height. */
export function gridLayout(frames: number, width: number, height: number): GridLayout {
  let cell = Math.max(1, Math.floor(Math.sqrt((width * height) / Math.max(1, frames))));
  while (cell > 1 && Math.floor(width / cell) * Math.floor(height / cell) < frames) cell--;
  const cols = Math.max(1, Math.floor(width / cell));
  return { cell, cols, rows: Math.ceil(frames / cols) };
}

export class MemoryPanel extends PixiPanel<MemoryModel> {
  readonly id = 'memory';
  readonly title = 'Memory map';
  private g = new Graphics();
  private hover = new Graphics();
  private layout: GridLayout = { cell: 1, cols: 1, rows: 1 };
  private hovered = -1;
  private tip = document.createElement('div');
  private legend = document.createElement('div');
  private legendKey = '';

  constructor(model: MemoryModel) {
    super(model);
    this.legend.className = 'legend';
    this.toolbar.append(this.legend);
    this.tip.className = 'tooltip';
    this.tip.hidden = true;
  }

  protected setup(app: Application): void {
    app.stage.addChild(this.g, this.hover);
    const canvas = app.canvas;
    canvas.addEventListener('pointermove', (e) => this.onHover(e));
    canvas.addEventListener('pointerleave', () => this.setHover(-1, 0, 0));
    this.body?.append(this.tip);
  }

  private onHover(e: PointerEvent): void {
    const rect = (e.target as HTMLElement).getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const { cell, cols } = this.layout;
    const col = Math.floor(x / cell);
    const row = Math.floor(y / cell);
    const frame = col < cols ? row * cols + col : -1;
    this.setHover(frame < this.model.frames ? frame : -1, x, y);
  }

  private setHover(frame: number, x: number, y: number): void {
    const info = frame >= 0 ? this.model.describe(frame) : null;
    this.hovered = info ? frame : -1;
    if (!info) {
      this.tip.hidden = true;
    } else {
      const r = info.region;
      this.tip.innerHTML = '';
      const lines = [
        `frame ${info.frame} · ${hex32(info.address)}–${hex32(info.address + FRAME_SIZE - 1)}`,
        `${info.kindName}${info.owner ? ` · owner ${info.owner}` : ''}`,
        r ? `region ${r.name}: ${hex32(r.base)} + ${formatBytes(r.length)}` : 'no region reported',
      ];
      for (const l of lines) {
        const d = document.createElement('div');
        d.textContent = l;
        this.tip.append(d);
      }
      this.tip.hidden = false;
      const flip = x > this.width - 240;
      this.tip.style.left = `${flip ? x - 12 : x + 14}px`;
      this.tip.style.top = `${Math.min(y + 14, this.height - 60)}px`;
      this.tip.style.transform = flip ? 'translateX(-100%)' : '';
    }
    this.drawHover();
    this.app?.render();
  }

  private drawHover(): void {
    const h = this.hover.clear();
    if (this.hovered < 0) return;
    const { cell, cols } = this.layout;
    const x = (this.hovered % cols) * cell;
    const y = Math.floor(this.hovered / cols) * cell;
    h.rect(x - 1, y - 1, cell + 2, cell + 2).stroke({ color: this.palette.text, width: 1.5 });
  }

  protected draw(): void {
    const m = this.model;
    const p = this.palette;
    this.layout = gridLayout(m.frames, this.width, this.height);
    const { cell, cols } = this.layout;
    const g = this.g.clear();
    const kinds = m.kinds;
    for (let start = 0; start < m.frames; start += cols) {
      const end = Math.min(m.frames, start + cols);
      const y = (start / cols) * cell;
      let runStart = start;
      for (let f = start + 1; f <= end; f++) {
        if (f === end || kinds[f] !== kinds[runStart]) {
          g.rect((runStart - start) * cell, y, (f - runStart) * cell, cell).fill(p.kinds[kinds[runStart]] ?? p.series[kinds[runStart] % p.series.length]);
          runStart = f;
        }
      }
    }
    if (cell >= 5) {
      // cell borders, one line per row and column, in the background colour
      const w = cols * cell;
      const h = this.layout.rows * cell;
      for (let c = 1; c < cols; c++) g.rect(c * cell, 0, 1, h);
      for (let r = 1; r < this.layout.rows; r++) g.rect(0, r * cell, w, 1);
      g.fill({ color: p.bg, alpha: 0.55 });
    }
    this.drawHover();
    this.updateLegend();
  }

  private updateLegend(): void {
    const counts = this.model.countByKind();
    const key = `${this.palette.name}|${[...counts].join(';')}`;
    if (key === this.legendKey) return;
    this.legendKey = key;
    this.legend.innerHTML = '';
    const kinds = [...counts.keys()].sort((a, b) => (a === KIND_UNKNOWN ? 1 : b === KIND_UNKNOWN ? -1 : a - b));
    for (const k of kinds) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const sw = document.createElement('i');
      sw.style.background = css(this.palette.kinds[k] ?? this.palette.series[k % this.palette.series.length]);
      item.append(sw, `${kindName(k)} ${formatBytes(counts.get(k)! * FRAME_SIZE)}`);
      item.title = `${counts.get(k)} frames`;
      this.legend.append(item);
    }
  }
}
