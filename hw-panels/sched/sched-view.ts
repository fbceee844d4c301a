/*
 * Scheduler timeline view: one lane per task, its states as coloured slices
 * over guest time. Wheel zooms around the pointer, drag pans, double-click
 * (or "Live") follows the present again. Slices narrower than a pixel are
 * folded into the pixel they fall in, so a flood of switches costs one
 * rectangle per pixel column, not one per slice. Lock contention shows as an
 * orange tick on the waiting task's lane; a deadlock the kernel detected as a
 * red line joining the two tasks in the cycle, with what each wanted.
 */
import { Container, Graphics, type Application } from 'pixi.js';
import { SchedModel, stateName } from './sched-model.ts';
import { Viewport } from './viewport.ts';
import { formatUs } from '../common/model.ts';
import { PixiPanel, TextPool, FONT, MONO } from '../common/pixi-panel.ts';
import { css } from '../common/palette.ts';
import * as abi from '../../machine/abi/generated.ts';

const LABEL_W = 96;
const LANE_H = 22;
const QUEUE_H = 34;
const AXIS_H = 18;
const CONTEND = 0xf0a43a;
const DEADLOCK = 0xff4d5e;

/** A "nice" tick step (1, 2 or 5 times a power of ten) giving about `target` ticks over span. */
export function tickStep(span: number, target = 6): number {
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

export class SchedPanel extends PixiPanel<SchedModel> {
  readonly id = 'sched';
  readonly title = 'Scheduler timeline';
  readonly view = new Viewport(0, 10_000_000);
  private g = new Graphics();
  private labels!: TextPool;
  private ticks!: TextPool;
  private live = document.createElement('button');
  private legend = document.createElement('div');
  private drag: { x: number; start: number } | null = null;

  constructor(model: SchedModel) {
    super(model);
    this.legend.className = 'legend';
    this.live.className = 'tool-button';
    this.live.textContent = 'Live';
    this.live.title = 'Follow the present (double-click the timeline)';
    this.live.addEventListener('click', () => this.follow());
    this.toolbar.append(this.live);
    this.footer.append(this.legend);
  }

  override setModel(m: SchedModel): void {
    super.setModel(m);
    this.view.follow(0);
  }

  follow(): void {
    this.view.follow(this.model.now, true);
    this.invalidate();
  }

  protected setup(app: Application): void {
    const text = new Container();
    app.stage.addChild(this.g, text);
    this.labels = new TextPool(text, { fontFamily: FONT, fontSize: 11 });
    this.ticks = new TextPool(text, { fontFamily: MONO, fontSize: 10 });
    const c = app.canvas;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const w = this.width - LABEL_W;
      const x = e.offsetX - LABEL_W;
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const d = (e.shiftKey ? e.deltaY : e.deltaX) / w;
        this.view.pan(d * this.view.span, this.model.now);
      } else {
        this.view.zoom(Math.exp(e.deltaY * 0.0015), this.view.toTime(Math.max(0, x), w));
      }
      this.invalidate();
    }, { passive: false });
    c.addEventListener('pointerdown', (e) => {
      this.drag = { x: e.clientX, start: this.view.start };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      const dt = ((this.drag.x - e.clientX) / (this.width - LABEL_W)) * this.view.span;
      this.view.pan(this.drag.start + dt - this.view.start, this.model.now);
      this.invalidate();
    });
    c.addEventListener('pointerup', () => (this.drag = null));
    c.addEventListener('dblclick', () => this.follow());
  }

  protected override tick(): void {
    if (this.view.following) {
      const before = this.view.start;
      this.view.track(this.model.now);
      if (this.view.start !== before) this.invalidate();
    }
    this.live.classList.toggle('active', this.view.following);
  }

  protected draw(): void {
    const m = this.model;
    const p = this.palette;
    const v = this.view;
    const g = this.g.clear();
    this.labels.begin();
    this.ticks.begin();
    const w = Math.max(10, this.width - LABEL_W);
    const now = m.now;

    // time axis
    const step = tickStep(v.span);
    for (let t = Math.ceil(v.start / step) * step; t <= v.end; t += step) {
      const x = LABEL_W + v.toX(t, w);
      g.rect(Math.round(x), AXIS_H, 1, this.height - AXIS_H).fill(p.grid);
      this.ticks.put(formatUs(t), x + 3, 3, p.textDim);
    }

    m.lanes.forEach((lane, i) => {
      const y = AXIS_H + 4 + i * LANE_H;
      if (y > this.height) return;
      this.labels.put(lane.name, 8, y + LANE_H / 2, p.text, 0, 0.5);
      this.ticks.put(`#${lane.id}`, LABEL_W - 8, y + LANE_H / 2, p.textDim, 1, 0.5);
      let lastCol = -1;
      for (let s = m.firstSliceEndingAfter(lane, v.start); s < lane.slices.length; s++) {
        const sl = lane.slices[s];
        if (sl.startUs >= v.end) break;
        const x0 = v.toX(Math.max(sl.startUs, v.start), w);
        const x1 = v.toX(Math.min(sl.endUs ?? now, v.end), w);
        const color = p.states[sl.state] ?? p.textDim;
        if (x1 - x0 >= 1) {
          g.rect(LABEL_W + x0, y + 3, x1 - x0, LANE_H - 8).fill(color);
          lastCol = Math.floor(x1);
        } else {
          const col = Math.floor(x0);
          if (col === lastCol) continue; // this pixel already shows a state
          g.rect(LABEL_W + col, y + 3, 1, LANE_H - 8).fill(color);
          lastCol = col;
        }
      }
      g.rect(LABEL_W, y + LANE_H - 3, w, 1).fill(p.grid);
    });
    if (m.lanes.length === 0) this.labels.put('no tasks yet', LABEL_W + 8, AXIS_H + 14, p.textDim, 0, 0.5);
    this.drawMarks(g, w);
    this.drawRunQueue(g, w);
    if (v.following) g.rect(LABEL_W + w - 1, AXIS_H, 1, this.height - AXIS_H).fill(p.accent);
    this.labels.end();
    this.ticks.end();
    this.updateLegend();
  }

  /** Contention ticks (one per pixel per lane) and deadlock lines, for the markers in view. */
  private drawMarks(g: Graphics, w: number): void {
    const m = this.model;
    const v = this.view;
    const laneY = new Map(m.lanes.map((l, i) => [l.id, AXIS_H + 4 + i * LANE_H]));
    const lastCol = new Map<number, number>();
    let labelled = -Infinity;
    for (let i = m.firstMarkAfter(v.start); i < m.marks.length; i++) {
      const k = m.marks[i];
      if (k.t > v.end) break;
      const x = LABEL_W + Math.floor(v.toX(k.t, w));
      const y = laneY.get(k.task);
      if (k.kind === 'contend') {
        if (y === undefined || lastCol.get(k.task) === x) continue;
        lastCol.set(k.task, x);
        g.rect(x, y, 2, LANE_H - 4).fill(CONTEND);
        continue;
      }
      const y2 = laneY.get(k.other) ?? y;
      if (y === undefined || y2 === undefined) continue;
      const top = Math.min(y, y2);
      const bottom = Math.max(y, y2) + LANE_H - 4;
      g.rect(x - 1, top, 3, bottom - top).fill(DEADLOCK);
      g.circle(x + 0.5, y + LANE_H / 2 - 2, 4).fill(DEADLOCK);
      if (x - labelled > 70) {
        labelled = x;
        const right = x > LABEL_W + w - 70;
        this.ticks.put('deadlock', right ? x - 7 : x + 7, y + LANE_H / 2 - 2, DEADLOCK, right ? 1 : 0, 0.5);
      }
    }
  }

  /** The run-queue depth as a step line in a strip under the lanes (from task_switch events). */
  private drawRunQueue(g: Graphics, w: number): void {
    const m = this.model;
    const v = this.view;
    const p = this.palette;
    const top = AXIS_H + 8 + m.lanes.length * LANE_H;
    if (m.runQueue.length === 0 || top + QUEUE_H > this.height) return;
    const max = Math.max(1, m.maxRunQueue);
    const yOf = (d: number) => top + QUEUE_H - 4 - (d / max) * (QUEUE_H - 10);
    this.labels.put('run queue', 8, top + QUEUE_H / 2, p.textDim, 0, 0.5);
    this.ticks.put(`max ${m.maxRunQueue}`, LABEL_W + 4, top, p.textDim, 0, 0);
    g.rect(LABEL_W, top + QUEUE_H - 4, w, 1).fill(p.grid);
    const q = m.runQueue;
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (q[mid].t < v.start) lo = mid + 1;
      else hi = mid;
    }
    let prev = lo > 0 ? q[lo - 1].depth : 0;
    let x = 0;
    let lastCol = -1;
    for (let i = lo; i < q.length && q[i].t <= v.end; i++) {
      const nx = v.toX(q[i].t, w);
      if (Math.floor(nx) === lastCol && i + 1 < q.length) continue; // one step per pixel
      lastCol = Math.floor(nx);
      g.rect(LABEL_W + x, yOf(prev), Math.max(1, nx - x), 1.5);
      x = nx;
      prev = q[i].depth;
    }
    g.rect(LABEL_W + x, yOf(prev), Math.max(1, v.toX(Math.min(v.end, m.now), w) - x), 1.5);
    g.fill(p.accent);
  }

  private legendTheme = '';
  private lockCounts = document.createElement('span');
  private updateLegend(): void {
    const m = this.model;
    let last = '';
    for (let i = m.marks.length - 1; i >= 0 && !last; i--) if (m.marks[i].kind === 'deadlock') last = ` · last ${m.marks[i].text}`;
    const counts = m.contentions || m.deadlocks ? `lock waits ${m.contentions} · deadlocks ${m.deadlocks}${last}` : '';
    if (this.lockCounts.textContent !== counts) this.lockCounts.textContent = counts;
    if (this.legendTheme === this.palette.name) return;
    this.legendTheme = this.palette.name;
    this.legend.innerHTML = '';
    for (const s of [abi.TEL_TASK_RUNNING, abi.TEL_TASK_READY, abi.TEL_TASK_BLOCKED, abi.TEL_TASK_SLEEPING]) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const sw = document.createElement('i');
      sw.style.background = css(this.palette.states[s]);
      item.append(sw, stateName(s));
      this.legend.append(item);
    }
    for (const [color, label] of [[CONTEND, 'lock wait'], [DEADLOCK, 'deadlock']] as const) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const sw = document.createElement('i');
      sw.style.background = css(color);
      item.append(sw, label);
      this.legend.append(item);
    }
    this.lockCounts.className = 'legend-item lock-counts';
    this.legend.append(this.lockCounts);
  }
}
