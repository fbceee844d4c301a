/*
 * A virtualised DOM list of fixed-height rows: only the rows in view exist,
 * reused as the list scrolls. It sticks to the bottom (the newest row) until
 * the user scrolls up, and again once they scroll back down. Text in it can be
 * selected and copied, which a canvas cannot offer.
 */
export class VirtualList<T> {
  readonly el = document.createElement('div');
  private spacer = document.createElement('div');
  private rows = document.createElement('div');
  private items: readonly T[] = [];
  private stick = true;

  /**
   * @param cells cells per row (spans)
   * @param fill writes an item into a row's cells; it should only touch what changed
   */
  constructor(className: string, private readonly rowH: number, private readonly cells: number, private readonly fill: (row: HTMLElement, cells: HTMLElement[], item: T) => void) {
    this.el.className = className;
    this.spacer.className = 'event-spacer';
    this.rows.className = 'event-rows';
    this.el.append(this.spacer, this.rows);
    this.el.addEventListener('scroll', () => {
      this.stick = this.el.scrollTop + this.el.clientHeight >= this.el.scrollHeight - rowH;
      this.render();
    });
  }

  /** Follows the newest row again (after a filter change). */
  stickToBottom(): void {
    this.stick = true;
  }

  setItems(items: readonly T[]): void {
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowH}px`;
    if (this.stick) this.el.scrollTop = this.el.scrollHeight;
    this.render();
  }

  /** Re-fills the rows in view (e.g. after a theme change). */
  render(): void {
    const first = Math.max(0, Math.floor(this.el.scrollTop / this.rowH) - 5);
    const count = Math.ceil(this.el.clientHeight / this.rowH) + 10;
    const slice = this.items.slice(first, first + count);
    this.rows.style.transform = `translateY(${first * this.rowH}px)`;
    while (this.rows.children.length < slice.length) {
      const row = document.createElement('div');
      for (let i = 0; i < this.cells; i++) row.append(document.createElement('span'));
      this.rows.append(row);
    }
    while (this.rows.children.length > slice.length) this.rows.lastChild!.remove();
    slice.forEach((item, i) => {
      const row = this.rows.children[i] as HTMLElement;
      this.fill(row, [...row.children] as HTMLElement[], item);
    });
  }
}

/** Sets an element's text only when it differs (cheap when rows are re-filled every refresh). */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * When a list panel should rebuild its rows: the model changed since the
 * last rebuild, and at most every `everyMs` (8 times a second by default).
 */
export class ListRefresh {
  private version = -1;
  private lastMs = 0;

  constructor(private readonly everyMs = 125) {}

  /** Rebuild at the next chance (a filter or the model changed). */
  invalidate(): void {
    this.version = -1;
  }

  /** True (and remembered) when the list should be rebuilt now. */
  due(modelVersion: number, nowMs: number): boolean {
    if (modelVersion === this.version || nowMs - this.lastMs <= this.everyMs) return false;
    this.lastMs = nowMs;
    this.version = modelVersion;
    return true;
  }
}

/**
 * Replaces a filter <select>'s options after its first `fixed` ones (e.g.
 * "all types"), keeping the current choice while it still exists.
 * `key` names the option set: nothing is rebuilt while it is unchanged.
 * Returns the new key.
 */
export function refillSelect(select: HTMLSelectElement, fixed: number, prevKey: string, key: string,
                             options: readonly { label: string; value: string }[]): string {
  if (key === prevKey) return prevKey;
  const cur = select.value;
  select.length = fixed;
  for (const o of options) select.append(new Option(o.label, o.value));
  const keep = [...select.options].some((o) => o.value === cur);
  select.value = keep ? cur : '';
  return key;
}
