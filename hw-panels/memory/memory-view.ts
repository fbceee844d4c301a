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
  cols: number;
  rows: number;
  cellW: number;
  cellH: number;
}

/**
 * Frames per row is a power of two (so a row is a round address range) chosen
 * to make cells as square as the box allows; cells stretch to fill it.
 */
export function gridLayout(frames: number, width: number, height: number): GridLayout {
  const ideal = Math.sqrt((Math.max(1, frames) * width) / Math.max(1, height));
  const cols = Math.max(1, Math.min(frames, 2 ** Math.round(Math.log2(Math.max(1, ideal)))));
  const rows = Math.ceil(frames / cols);
  return { cols, rows, cellW: width / cols, cellH: height / rows };
}

export class MemoryPanel extends PixiPanel<MemoryModel> {
  readonly id = 'memory';
  readonly title = 'Memory map';
  private g = new Graphics();
  private hover = new Graphics();
  private layout: GridLayout = { cols: 1, rows: 1, cellW: 1, cellH: 1 };
  private hovered = -1;
  private tip = document.createElement('div');
  private legend = document.createElement('div');
  private legendKey = '';
  private summary = document.createElement('span');

  constructor(model: MemoryModel) {
    super(model);
    this.legend.className = 'legend';
    this.footer.append(this.legend);
    this.toolbar.append(this.summary);
    this.summary.className = 'panel-summary';
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
    const { cellW, cellH, cols } = this.layout;
    const col = Math.floor(x / cellW);
    const row = Math.floor(y / cellH);
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
    const { cellW, cellH, cols } = this.layout;
    const x = (this.hovered % cols) * cellW;
    const y = Math.floor(this.hovered / cols) * cellH;
    h.rect(x - 1, y - 1, cellW + 2, cellH + 2).stroke({ color: this.palette.text, width: 1.5 });
  }

  protected draw(): void {
    const m = this.model;
    const p = this.palette;
    this.layout = gridLayout(m.frames, this.width, this.height);
    const { cellW, cellH, cols, rows } = this.layout;
    const g = this.g.clear();
    const kinds = m.kinds;
    for (let start = 0; start < m.frames; start += cols) {
      const end = Math.min(m.frames, start + cols);
      const y = Math.round((start / cols) * cellH);
      const h = Math.round(((start / cols) + 1) * cellH) - y;
      let runStart = start;
      for (let f = start + 1; f <= end; f++) {
        if (f === end || kinds[f] !== kinds[runStart]) {
          const x0 = Math.round((runStart - start) * cellW);
          g.rect(x0, y, Math.round((f - start) * cellW) - x0, h).fill(p.kinds[kinds[runStart]] ?? p.series[kinds[runStart] % p.series.length]);
          runStart = f;
        }
      }
    }
    if (cellW >= 5 && cellH >= 4) {
      // cell borders, one line per row and column, in the background colour
      for (let c = 1; c < cols; c++) g.rect(Math.round(c * cellW), 0, 1, this.height);
      for (let r = 1; r < rows; r++) g.rect(0, Math.round(r * cellH), this.width, 1);
      g.fill({ color: p.bg, alpha: 0.5 });
    }
    this.summary.textContent = `${cols} frames (${formatBytes(cols * FRAME_SIZE)}) per row${m.freeFrames !== null ? ` · ${m.freeFrames} free` : ''}`;
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
