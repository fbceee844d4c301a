/*
 * Event log view: a Pixi activity strip (events per 250 ms, stacked by type)
 * over a filterable, virtualised list of the latest events. The list is DOM:
 * text there can be selected and copied. It refreshes at most 8 times a second.
 */
import { Graphics, type Application } from 'pixi.js';
import { EventModel, formatEvent, type EventFilter, type LogEntry } from './event-model.ts';
import { PixiPanel } from '../common/pixi-panel.ts';
import { css, seriesColor } from '../common/palette.ts';
import { formatUs } from '../common/model.ts';
import { ListRefresh, VirtualList, refillSelect, setText } from '../common/virtual-list.ts';

const ROW_H = 18;
const LIST_LIMIT = 2000;

export class EventPanel extends PixiPanel<EventModel> {
  readonly id = 'events';
  readonly title = 'Event log';
  private g = new Graphics();
  private strip = document.createElement('div');
  private list = new VirtualList<LogEntry>('event-list', ROW_H, 3, (row, cells, e) => this.fillRow(row, cells, e));
  private search = document.createElement('input');
  private typeSelect = document.createElement('select');
  private filter: EventFilter = {};
  private entries: LogEntry[] = [];
  private refresh = new ListRefresh();
  private typesKey = '';

  constructor(model: EventModel) {
    super(model);
    this.search.type = 'search';
    this.search.placeholder = 'Filter…';
    this.search.className = 'filter-input';
    this.search.setAttribute('aria-label', 'Filter events by text');
    this.typeSelect.className = 'filter-select';
    this.typeSelect.setAttribute('aria-label', 'Filter events by type');
    this.typeSelect.append(new Option('all types', ''));
    const onFilter = () => {
      const t = this.typeSelect.value;
      this.filter = { text: this.search.value, types: t ? new Set([t]) : undefined };
      this.refresh.invalidate();
      this.list.stickToBottom();
    };
    this.search.addEventListener('input', onFilter);
    this.typeSelect.addEventListener('change', onFilter);
    this.toolbar.append(this.typeSelect, this.search);
  }

  override setModel(m: EventModel): void {
    super.setModel(m);
    this.refresh.invalidate();
  }

  protected override canvasHost(body: HTMLElement): HTMLElement {
    body.classList.add('event-panel');
    this.strip.className = 'event-strip';
    body.append(this.strip, this.list.el);
    return this.strip;
  }

  protected setup(app: Application): void {
    app.stage.addChild(this.g);
  }

  protected override tick(nowMs: number): void {
    this.model.roll(Date.now());
    if (this.refresh.due(this.model.version, nowMs)) {
      this.entries = this.model.query(this.filter, LIST_LIMIT);
      this.updateTypes();
      this.list.setItems(this.entries);
    }
  }

  private updateTypes(): void {
    const types = this.model.types;
    this.typesKey = refillSelect(this.typeSelect, 1, this.typesKey, types.join(','),
                                 types.map((t) => ({ label: t, value: t })));
  }

  private fillRow(row: HTMLElement, cells: HTMLElement[], e: LogEntry): void {
    const [time, type, text] = cells;
    row.className = 'event-row';
    setText(time, formatUs(e.ev.timeUs));
    if (type.textContent !== e.ev.typeName) {
      type.textContent = e.ev.typeName;
      type.style.color = css(seriesColor(this.palette, e.ev.typeName));
    }
    setText(text, formatEvent(e.ev));
    row.classList.toggle('warn', e.ev.typeName === 'log' && e.ev.level === 1);
    row.classList.toggle('error', (e.ev.typeName === 'log' && e.ev.level >= 2) || e.ev.typeName === 'panic');
  }

  protected draw(): void {
    const m = this.model;
    const p = this.palette;
    const g = this.g.clear();
    const n = m.buckets;
    const bw = this.width / n;
    let max = 1;
    for (const b of m.history) {
      let sum = 0;
      for (const v of b.values()) sum += v;
      max = Math.max(max, sum);
    }
    g.rect(0, this.height - 1, this.width, 1).fill(p.grid);
    const offset = n - m.history.length;
    m.history.forEach((b, i) => {
      let y = this.height - 1;
      const x = (offset + i) * bw;
      for (const [type, v] of b) {
        const h = Math.max(1, (v / max) * (this.height - 4));
        g.rect(x, y - h, Math.max(1, bw - 1), h).fill(seriesColor(p, type));
        y -= h;
      }
    });
    this.list.el.querySelectorAll<HTMLElement>('.event-row > span:nth-child(2)').forEach((el) => {
      el.style.color = css(seriesColor(p, el.textContent ?? ''));
    });
  }
}
