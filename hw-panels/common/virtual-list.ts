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
