/*
 * Syscall log view: a Pixi strip of calls per 250 ms (refused ones in red on
 * top of the good ones), the counters (calls/s, refusals per error code — click
 * one to filter by it), and a virtualised DOM list of the latest calls: time,
 * task, call with its arguments, result or error, duration. Filters: task,
 * refused only, one error code. The list refreshes at most 8 times a second.
 */
import { Graphics, type Application } from 'pixi.js';
import { SyscallModel, formatCall, formatResult, errorName, type SyscallCall, type SyscallFilter } from './syscall-model.ts';
import { PixiPanel } from '../common/pixi-panel.ts';
import { formatUs } from '../common/model.ts';
import { ListRefresh, VirtualList, refillSelect, setText } from '../common/virtual-list.ts';

const ROW_H = 18;
const LIST_LIMIT = 2000;
/** The palette's red, for refusals. */
const REFUSED = 3;

export class SyscallPanel extends PixiPanel<SyscallModel> {
  readonly id = 'syscalls';
  readonly title = 'Syscalls';
  private g = new Graphics();
  private strip = document.createElement('div');
  private summary = document.createElement('div');
  private list = new VirtualList<SyscallCall>('event-list syscall-list', ROW_H, 5, (row, cells, c) => this.fillRow(row, cells, c));
  private taskSelect = document.createElement('select');
  private errorSelect = document.createElement('select');
  private filter: SyscallFilter = {};
  private refresh = new ListRefresh();
  private tasksKey = '';
  private errorsKey = '';

  constructor(model: SyscallModel) {
    super(model);
    this.taskSelect.className = 'filter-select';
    this.taskSelect.setAttribute('aria-label', 'Filter syscalls by task');
    this.taskSelect.append(new Option('all tasks', ''));
    this.errorSelect.className = 'filter-select';
    this.errorSelect.setAttribute('aria-label', 'Filter syscalls by error');
    this.errorSelect.append(new Option('all calls', ''), new Option('refused', 'refused'));
    this.taskSelect.addEventListener('change', () => this.onFilter());
    this.errorSelect.addEventListener('change', () => this.onFilter());
    this.toolbar.append(this.taskSelect, this.errorSelect);
    this.summary.className = 'syscall-summary';
    this.summary.addEventListener('click', (e) => {
      const code = (e.target as HTMLElement).closest<HTMLElement>('[data-error]')?.dataset.error;
      if (code === undefined) return;
      this.errorSelect.value = this.errorSelect.value === code ? '' : code;
      this.onFilter();
    });
  }

  private onFilter(): void {
    const t = this.taskSelect.value;
    const e = this.errorSelect.value;
    this.filter = { task: t ? Number(t) : undefined, error: e === '' ? undefined : e === 'refused' ? 'refused' : Number(e) };
    this.refresh.invalidate();
    this.list.stickToBottom();
  }

  override setModel(m: SyscallModel): void {
    super.setModel(m);
    this.refresh.invalidate();
  }

  protected override canvasHost(body: HTMLElement): HTMLElement {
    body.classList.add('event-panel');
    this.strip.className = 'event-strip syscall-strip';
    body.append(this.strip, this.summary, this.list.el);
    return this.strip;
  }

  protected setup(app: Application): void {
    app.stage.addChild(this.g);
  }

  protected override tick(nowMs: number): void {
    this.model.roll(Date.now());
    if (this.refresh.due(this.model.version, nowMs)) {
      this.updateSelects();
      this.updateSummary();
      this.list.setItems(this.model.query(this.filter, LIST_LIMIT));
    }
  }

  private updateSelects(): void {
    const m = this.model;
    const tasks = m.tasks;
    this.tasksKey = refillSelect(this.taskSelect, 1, this.tasksKey, tasks.map((t) => `${t}:${m.taskName(t)}`).join(','),
                                 tasks.map((t) => ({ label: `#${t} ${m.taskName(t)}`, value: String(t) })));
    const errors = [...m.byError.keys()].sort((a, b) => a - b);
    this.errorsKey = refillSelect(this.errorSelect, 2, this.errorsKey, errors.join(','),
                                  errors.map((e) => ({ label: `-${e} ${errorName(e)}`, value: String(e) })));
  }

  private updateSummary(): void {
    const m = this.model;
    const head = `${m.total.toLocaleString('en-US')} calls · ${Math.round(m.callsPerSec).toLocaleString('en-US')}/s · refused ${m.refused.toLocaleString('en-US')}`;
    const errors = [...m.byError].sort((a, b) => b[1] - a[1]);
    const key = `${head}|${errors.join(';')}|${this.errorSelect.value}`;
    if (this.summary.dataset.key === key) return;
    this.summary.dataset.key = key;
    this.summary.textContent = head;
    for (const [code, n] of errors) {
      const chip = document.createElement('button');
      chip.className = 'error-chip';
      chip.dataset.error = String(code);
      chip.classList.toggle('active', this.errorSelect.value === String(code));
      chip.title = `Show only calls refused with ${errorName(code)} (click again for all)`;
      chip.textContent = `${errorName(code)} ${n.toLocaleString('en-US')}`;
      this.summary.append(chip);
    }
  }

  private fillRow(row: HTMLElement, cells: HTMLElement[], c: SyscallCall): void {
    const [time, task, call, result, dur] = cells;
    row.className = 'event-row syscall-row';
    setText(time, formatUs(c.startUs));
    setText(task, `#${c.task} ${this.model.taskName(c.task)}`);
    setText(call, formatCall(c));
    const res = c.result !== null ? formatResult(c.result) : c.noReturn ? 'no return' : '…';
    setText(result, res);
    setText(dur, c.durationUs !== null ? formatUs(c.durationUs) : '');
    row.classList.toggle('error', c.result !== null && c.result < 0);
    row.classList.toggle('pending', c.result === null);
  }

  protected draw(): void {
    const m = this.model;
    const p = this.palette;
    const g = this.g.clear();
    const n = m.buckets;
    const bw = this.width / n;
    let max = 1;
    for (const b of m.history) max = Math.max(max, b.calls);
    g.rect(0, this.height - 1, this.width, 1).fill(p.grid);
    const offset = n - m.history.length;
    const usable = this.height - 4;
    m.history.forEach((b, i) => {
      if (b.calls === 0 && b.refused === 0) return;
      const x = (offset + i) * bw;
      const w = Math.max(1, bw - 1);
      const ok = Math.max(0, b.calls - b.refused);
      const hOk = ok > 0 ? Math.max(1, (ok / max) * usable) : 0;
      const hBad = b.refused > 0 ? Math.max(2, (b.refused / max) * usable) : 0;
      if (hOk) g.rect(x, this.height - 1 - hOk, w, hOk).fill(p.accent);
      if (hBad) g.rect(x, this.height - 1 - hOk - hBad, w, hBad).fill(p.series[REFUSED]);
    });
  }
}
