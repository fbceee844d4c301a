/*
 * Memory map view: every 4 KiB frame of guest RAM as a cell, row by row from
 * address 0, coloured by kind. Runs of equal cells are drawn as one rectangle;
 * hovering a cell shows its address, kind and owner. Under the map, the kernel
 * heap as one bar: its window from start to end, used blocks coloured by the
 * task that owns them, free space dark, with its figures (used, fragmentation,
 * owners, budget refusals, leaks) in the footer; hovering a block names it.
 */
import { Container, Graphics, type Application } from 'pixi.js';
import { MemoryModel, FRAME_SIZE, kindName, KIND_UNKNOWN } from './memory-model.ts';
import { HEAP_HEADER, type HeapModel } from './heap-model.ts';
import { formatBytes, hex32 } from '../common/model.ts';
import { PixiPanel, TextPool, FONT } from '../common/pixi-panel.ts';
import { css, type Palette } from '../common/palette.ts';

/** Height of the heap bar under the map, and the gap above it. */
const HEAP_H = 22;
const HEAP_GAP = 17;

/** A task's colour in the heap bar (stable per task id). */
export function ownerColor(p: Palette, owner: number): number {
  return p.series[owner % p.series.length];
}

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
  private heapInfo = document.createElement('div');
  private heapKey = '';
  private heapG = new Graphics();
  private heapLabel!: TextPool;

  constructor(model: MemoryModel) {
    super(model);
    this.legend.className = 'legend';
    this.heapInfo.className = 'heap-info';
    this.footer.append(this.legend, this.heapInfo);
    this.toolbar.append(this.summary);
    this.summary.className = 'panel-summary';
    this.tip.className = 'tooltip';
    this.tip.hidden = true;
  }

  protected setup(app: Application): void {
    const text = new Container();
    app.stage.addChild(this.g, this.heapG, text, this.hover);
    this.heapLabel = new TextPool(text, { fontFamily: FONT, fontSize: 10, fontWeight: '600' });
    const canvas = app.canvas;
    canvas.addEventListener('pointermove', (e) => this.onHover(e));
    canvas.addEventListener('pointerleave', () => this.setHover(-1, 0, 0));
    this.body?.append(this.tip);
  }

  private onHover(e: PointerEvent): void {
    const rect = (e.target as HTMLElement).getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    if (y >= this.mapHeight) {
      this.setHeapHover(x, y);
      return;
    }
    const { cellW, cellH, cols } = this.layout;
    const col = Math.floor(x / cellW);
    const row = Math.floor(y / cellH);
    const frame = col < cols ? row * cols + col : -1;
    this.setHover(frame < this.model.frames ? frame : -1, x, y);
  }

  /** Height of the frame map: the canvas less the heap bar (when there is room for both). */
  private get mapHeight(): number {
    return this.height >= 120 ? this.height - HEAP_H - HEAP_GAP : this.height;
  }

  private setHeapHover(x: number, y: number): void {
    const heap = this.model.heap;
    this.hovered = -1;
    this.drawHover();
    const b = heap.size > 0 ? heap.blockAt((x / this.width) * heap.size) : null;
    const off = Math.floor((x / this.width) * heap.size);
    const lines = heap.size === 0
      ? ['kernel heap: not reported yet']
      : b
        ? [`heap block ${hex32(heap.base + b.offset + HEAP_HEADER)} · ${formatBytes(b.size)}`, `owner ${heap.taskName(b.owner)} (task ${b.owner})`, `offset ${formatBytes(b.offset)} of ${formatBytes(heap.size)}`]
        : [`free heap at ${hex32(heap.base + off)}`, `offset ${formatBytes(off)} of ${formatBytes(heap.size)}`];
    this.showTip(lines, x, y);
    this.app?.render();
  }

  private showTip(lines: string[], x: number, y: number): void {
    this.tip.innerHTML = '';
    for (const l of lines) {
      const d = document.createElement('div');
      d.textContent = l;
      this.tip.append(d);
    }
    this.tip.hidden = false;
    const flip = x > this.width - 240;
    this.tip.style.left = `${flip ? x - 12 : x + 14}px`;
    this.tip.style.top = `${Math.max(0, Math.min(y + 14, this.height - 60))}px`;
    this.tip.style.transform = flip ? 'translateX(-100%)' : '';
  }

  private setHover(frame: number, x: number, y: number): void {
    const info = frame >= 0 ? this.model.describe(frame) : null;
    this.hovered = info ? frame : -1;
    if (!info) {
      this.tip.hidden = true;
    } else {
      const r = info.region;
      this.showTip([
        `frame ${info.frame} · ${hex32(info.address)}–${hex32(info.address + FRAME_SIZE - 1)}`,
        `${info.kindName}${info.owner ? ` · owner ${info.owner}` : ''}`,
        r ? `region ${r.name}: ${hex32(r.base)} + ${formatBytes(r.length)}` : 'no region reported',
      ], x, y);
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
    this.layout = gridLayout(m.frames, this.width, this.mapHeight);
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
      for (let c = 1; c < cols; c++) g.rect(Math.round(c * cellW), 0, 1, this.mapHeight);
      for (let r = 1; r < rows; r++) g.rect(0, Math.round(r * cellH), this.width, 1);
      g.fill({ color: p.bg, alpha: 0.5 });
    }
    this.summary.textContent = `${cols} frames (${formatBytes(cols * FRAME_SIZE)}) per row${m.freeFrames !== null ? ` · ${m.freeFrames} free` : ''}`;
    this.drawHover();
    this.updateLegend();
    this.drawHeap(m.heap);
    this.updateHeapInfo(m.heap);
  }

  /** The heap window as one bar: used blocks by owner, free space in the grid colour. */
  private drawHeap(heap: HeapModel): void {
    const g = this.heapG.clear();
    this.heapLabel.begin();
    this.drawHeapBlocks(g, heap);
    this.heapLabel.end();
  }

  private drawHeapBlocks(g: Graphics, heap: HeapModel): void {
    if (this.mapHeight === this.height) return;
    const p = this.palette;
    const y = this.mapHeight + HEAP_GAP;
    const w = this.width;
    g.rect(0, y, w, HEAP_H).fill(p.grid);
    this.heapLabel.put(heap.size ? `kernel heap · ${formatBytes(heap.size)} window` : 'kernel heap', 2, y - 2, p.textDim, 0, 1);
    if (heap.size === 0) return;
    const scale = w / heap.size;
    let lastCol = -1;
    for (const b of heap.usedBlocks) {
      if (b.offset >= heap.size) break;
      const x0 = b.offset * scale;
      const x1 = Math.min(heap.size, b.offset + b.size) * scale;
      const color = ownerColor(p, b.owner);
      if (x1 - x0 >= 1) {
        g.rect(x0, y, x1 - x0, HEAP_H).fill(color);
        if (x1 - x0 >= 4) g.rect(x0, y, 1, HEAP_H).fill({ color: p.bg, alpha: 0.6 }); // block boundary
        lastCol = Math.floor(x1);
      } else if (Math.floor(x0) !== lastCol) {
        lastCol = Math.floor(x0);
        g.rect(lastCol, y, 1, HEAP_H).fill(color);
      }
    }
  }

  /** The heap's figures, owners and markers under the legend (rebuilt only when they change). */
  private updateHeapInfo(heap: HeapModel): void {
    const key = `${this.palette.name}|${heap.version}`;
    if (key === this.heapKey) return;
    this.heapKey = key;
    const s = heap.stats();
    const owners = heap.byOwner();
    const marks = heap.markers.slice(-3);
    const el = this.heapInfo;
    el.innerHTML = '';
    if (s.size === 0) {
      el.textContent = 'kernel heap: not reported yet';
      return;
    }
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    const head = document.createElement('span');
    head.textContent = `heap ${formatBytes(s.size)} · used ${formatBytes(s.used)} (${pct(s.used / s.size)}) in ${s.blocks} blocks · largest free ${formatBytes(s.largestFree)} · fragmentation ${pct(s.fragmentation)}`;
    head.title = `${s.freeRuns} free runs; the kernel says ${formatBytes(s.kernelUsed)} used; grew ${heap.grows}×, shrank ${heap.shrinks}×`;
    el.append(head);
    for (const u of owners.slice(0, 6)) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const sw = document.createElement('i');
      sw.style.background = css(ownerColor(this.palette, u.owner));
      item.append(sw, `${heap.taskName(u.owner)} ${formatBytes(u.bytes)}`);
      item.title = `task ${u.owner}: ${u.blocks} blocks`;
      el.append(item);
    }
    if (heap.refusals > 0) {
      const r = document.createElement('span');
      r.className = 'warn';
      r.textContent = `budget refusals ${heap.refusals}`;
      el.append(r);
    }
    for (const k of marks) {
      const d = document.createElement('span');
      d.className = k.kind === 'leak' ? 'bad heap-marker' : 'warn heap-marker';
      d.textContent = `${k.kind === 'leak' ? 'leak' : 'refused'}: ${heap.taskName(k.task)} — ${k.text}`;
      el.append(d);
    }
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
