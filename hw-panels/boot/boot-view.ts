/* Boot timeline view: one bar per init step on a shared time axis. Draws only the BootModel. */
import { Container, Graphics, type Application } from 'pixi.js';
import { BootModel } from './boot-model.ts';
import { formatUs } from '../common/model.ts';
import { PixiPanel, TextPool, FONT, MONO } from '../common/pixi-panel.ts';

const LABEL_W = 92;
const PAD = 8;

export class BootPanel extends PixiPanel<BootModel> {
  readonly id = 'boot';
  readonly title = 'Boot timeline';
  private g = new Graphics();
  private labels!: TextPool;
  private values!: TextPool;
  private summary = document.createElement('span');

  constructor(model: BootModel) {
    super(model);
    this.summary.className = 'panel-summary';
    this.toolbar.append(this.summary);
  }

  protected setup(app: Application): void {
    const text = new Container();
    app.stage.addChild(this.g, text);
    this.labels = new TextPool(text, { fontFamily: FONT, fontSize: 11 });
    this.values = new TextPool(text, { fontFamily: MONO, fontSize: 10 });
  }

  protected draw(): void {
    const m = this.model;
    const p = this.palette;
    const g = this.g.clear();
    this.labels.begin();
    this.values.begin();
    this.summary.textContent = m.totalUs !== null ? `${m.steps.length} steps · ${formatUs(m.totalUs)}` : m.steps.length ? 'booting…' : 'waiting for the kernel';
    const n = m.steps.length;
    const span = m.spanUs;
    if (n > 0 && span > 0) {
      const rowH = Math.max(10, Math.min(20, (this.height - PAD * 2 - 14) / n));
      const barW = Math.max(20, this.width - LABEL_W - PAD * 2 - 64);
      const x0 = LABEL_W;
      // axis: quarter marks
      for (let q = 0; q <= 4; q++) {
        const x = x0 + (barW * q) / 4;
        g.rect(Math.round(x), PAD, 1, rowH * n).fill(p.grid);
      }
      const slow = m.slowest;
      m.steps.forEach((s, i) => {
        const y = PAD + i * rowH;
        const bx = x0 + (s.startUs / span) * barW;
        const bw = Math.max(2, (s.durationUs / span) * barW);
        const color = s === slow ? p.accent : p.kinds[2];
        g.rect(Math.round(bx), Math.round(y + rowH * 0.2), Math.max(2, Math.round(bw)), Math.max(3, Math.round(rowH * 0.6))).fill({ color, alpha: s === slow ? 1 : 0.75 });
        this.labels.put(s.name, PAD, y + rowH / 2, p.text, 0, 0.5);
        this.values.put(s.bogus ? '? (bad clock)' : formatUs(s.durationUs), bx + bw + 6, y + rowH / 2, p.textDim, 0, 0.5);
      });
      const axisY = PAD + rowH * n + 3;
      this.values.put('0', x0, axisY, p.textDim, 0, 0);
      this.values.put(formatUs(span), x0 + barW, axisY, p.textDim, 1, 0);
    }
    this.labels.end();
    this.values.end();
  }
}
