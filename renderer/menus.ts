/*
 * The menu bar (File, Machine, View, Help), drawn in the page so both editions
 * have the same menus, with keyboard shortcuts that work wherever focus is —
 * including the console, for the few keys the guest shell never needs.
 * Alt or F10 focuses the bar; arrows move, Enter runs, Escape closes.
 */
import { matches, parseShortcut, shortcutLabel, type KeyCombo } from './shortcuts.ts';

export interface MenuItem {
  id: string;
  label: string | (() => string);
  shortcut?: string;
  run: () => void;
  enabled?: () => boolean;
  checked?: () => boolean;
  /** A separator goes before this item. */
  separator?: boolean;
}

export interface Menu {
  label: string;
  items: MenuItem[];
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

export class MenuBar {
  readonly el = document.createElement('nav');
  private openIndex = -1;
  private buttons: HTMLButtonElement[] = [];
  private dropdown: HTMLElement | null = null;
  private combos: { combo: KeyCombo; item: MenuItem }[] = [];

  constructor(private readonly menus: Menu[]) {
    this.el.className = 'menubar';
    this.el.setAttribute('role', 'menubar');
    menus.forEach((m, i) => {
      const b = document.createElement('button');
      b.className = 'menubar-item';
      b.textContent = m.label;
      b.setAttribute('role', 'menuitem');
      b.setAttribute('aria-haspopup', 'true');
      b.addEventListener('mousedown', (e) => {
        e.preventDefault();
        if (this.openIndex === i) this.close();
        else this.open(i);
      });
      b.addEventListener('mouseenter', () => this.openIndex >= 0 && this.openIndex !== i && this.open(i));
      this.buttons.push(b);
      this.el.append(b);
      for (const item of m.items) if (item.shortcut) this.combos.push({ combo: parseShortcut(item.shortcut), item });
    });
    window.addEventListener('keydown', (e) => this.onKey(e), true);
    window.addEventListener('mousedown', (e) => {
      if (this.openIndex >= 0 && !this.el.contains(e.target as Node) && !this.dropdown?.contains(e.target as Node)) this.close();
    });
    window.addEventListener('blur', () => this.close());
  }

  /** Runs the item a shortcut names; true when one did. */
  private onKey(e: KeyboardEvent): void {
    if (this.openIndex >= 0 && this.navigate(e)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    if (e.key === 'F10' && !e.ctrlKey && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      this.open(0, true);
      return;
    }
    for (const { combo, item } of this.combos) {
      if (matches(e, combo)) {
        e.preventDefault();
        e.stopPropagation();
        if (item.enabled?.() ?? true) item.run();
        return;
      }
    }
  }

  private navigate(e: KeyboardEvent): boolean {
    const items = this.dropdown ? [...this.dropdown.querySelectorAll<HTMLButtonElement>('.menu-entry:not([disabled])')] : [];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    switch (e.key) {
      case 'Escape':
        this.close();
        return true;
      case 'ArrowDown':
        items[(at + 1) % items.length]?.focus();
        return true;
      case 'ArrowUp':
        items[(at - 1 + items.length) % items.length]?.focus();
        return true;
      case 'ArrowRight':
        this.open((this.openIndex + 1) % this.menus.length, true);
        return true;
      case 'ArrowLeft':
        this.open((this.openIndex - 1 + this.menus.length) % this.menus.length, true);
        return true;
      case 'Enter':
      case ' ':
        (document.activeElement as HTMLElement | null)?.click();
        return true;
    }
    return false;
  }

  open(i: number, focusFirst = false): void {
    this.close();
    this.openIndex = i;
    const b = this.buttons[i];
    b.classList.add('open');
    const dd = document.createElement('div');
    dd.className = 'menu-dropdown';
    dd.setAttribute('role', 'menu');
    for (const item of this.menus[i].items) {
      if (item.separator) {
        const s = document.createElement('div');
        s.className = 'menu-separator';
        dd.append(s);
      }
      const e = document.createElement('button');
      e.className = 'menu-entry';
      e.setAttribute('role', 'menuitem');
      e.dataset.id = item.id;
      const check = document.createElement('span');
      check.className = 'menu-check';
      check.textContent = item.checked?.() ? '✓' : '';
      const label = document.createElement('span');
      label.className = 'menu-label';
      label.textContent = typeof item.label === 'function' ? item.label() : item.label;
      const key = document.createElement('span');
      key.className = 'menu-key';
      key.textContent = item.shortcut ? shortcutLabel(item.shortcut, isMac) : '';
      e.append(check, label, key);
      e.disabled = !(item.enabled?.() ?? true);
      e.addEventListener('click', () => {
        this.close();
        item.run();
      });
      e.addEventListener('mouseenter', () => e.focus());
      dd.append(e);
    }
    const r = b.getBoundingClientRect();
    dd.style.left = `${r.left}px`;
    dd.style.top = `${r.bottom}px`;
    document.body.append(dd);
    this.dropdown = dd;
    if (focusFirst) dd.querySelector<HTMLButtonElement>('.menu-entry:not([disabled])')?.focus();
  }

  close(): void {
    if (this.openIndex >= 0) this.buttons[this.openIndex].classList.remove('open');
    this.openIndex = -1;
    this.dropdown?.remove();
    this.dropdown = null;
  }

  /** Every item with a shortcut, for the shortcuts dialog. */
  shortcuts(): { menu: string; label: string; shortcut: string }[] {
    const out: { menu: string; label: string; shortcut: string }[] = [];
    for (const m of this.menus) {
      for (const i of m.items) if (i.shortcut) out.push({ menu: m.label, label: typeof i.label === 'function' ? i.label() : i.label, shortcut: shortcutLabel(i.shortcut, isMac) });
    }
    return out;
  }
}
