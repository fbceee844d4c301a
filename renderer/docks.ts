/*
 * The docks around the console (left, right, bottom) and the panels in them.
 * Each panel has a header you can drag onto another dock or panel, a menu to
 * move it, and a close button; splitters resize the docks. The arrangement is
 * a LayoutState, saved on every change.
 */
import type { HwPanel } from '../hw-panels/common/pixi-panel.ts';
import {
  DOCKS, movePanel, panelsIn, setVisible, shiftPanel, type Dock, type LayoutState, type PanelId,
} from './layout-model.ts';

export class Docks {
  readonly frames = new Map<PanelId, HTMLElement>();
  private dockEls: Record<Dock, HTMLElement>;
  private splitters: Record<Dock, HTMLElement>;
  private mounted = new Set<PanelId>();

  constructor(
    private readonly root: HTMLElement,
    private readonly panels: Map<PanelId, HwPanel>,
    private state: LayoutState,
    private readonly onChange: (s: LayoutState) => void,
  ) {
    this.dockEls = {
      left: root.querySelector('#dock-left')!,
      right: root.querySelector('#dock-right')!,
      bottom: root.querySelector('#dock-bottom')!,
    };
    this.splitters = {
      left: root.querySelector('#split-left')!,
      right: root.querySelector('#split-right')!,
      bottom: root.querySelector('#split-bottom')!,
    };
    for (const [id, panel] of panels) this.frames.set(id, this.frame(id, panel));
    for (const d of DOCKS) {
      this.dropTarget(this.dockEls[d], d);
      this.splitter(d);
    }
    this.render();
  }

  get layout(): LayoutState {
    return this.state;
  }

  set(s: LayoutState): void {
    this.state = s;
    this.render();
    this.onChange(s);
  }

  isVisible(id: PanelId): boolean {
    return this.state.panels.find((p) => p.id === id)?.visible ?? false;
  }

  toggle(id: PanelId): void {
    this.set(setVisible(this.state, id, !this.isVisible(id)));
  }

  private frame(id: PanelId, panel: HwPanel): HTMLElement {
    const el = document.createElement('section');
    el.className = 'panel';
    el.dataset.panel = id;
    const head = document.createElement('header');
    head.className = 'panel-head';
    head.draggable = true;
    const title = document.createElement('h2');
    title.textContent = panel.title;
    const more = document.createElement('button');
    more.className = 'icon-button';
    more.title = 'Move panel';
    more.setAttribute('aria-label', `Move ${panel.title}`);
    more.textContent = '⋯';
    more.addEventListener('click', (e) => this.moveMenu(id, e.currentTarget as HTMLElement));
    const close = document.createElement('button');
    close.className = 'icon-button';
    close.title = 'Hide panel';
    close.setAttribute('aria-label', `Hide ${panel.title}`);
    close.textContent = '×';
    close.addEventListener('click', () => this.set(setVisible(this.state, id, false)));
    head.append(title, panel.toolbar, more, close);
    head.addEventListener('dragstart', (e) => {
      e.dataTransfer?.setData('application/x-minios-panel', id);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      el.classList.add('dragging');
      document.body.classList.add('dragging-panel');
    });
    head.addEventListener('dragend', () => {
      el.classList.remove('dragging');
      document.body.classList.remove('dragging-panel');
    });
    const body = document.createElement('div');
    body.className = 'panel-body';
    el.append(head, body);
    el.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('application/x-minios-panel')) return;
      e.preventDefault();
      e.stopPropagation();
      el.classList.add('drop-before');
    });
    el.addEventListener('dragleave', () => el.classList.remove('drop-before'));
    el.addEventListener('drop', (e) => {
      el.classList.remove('drop-before');
      const from = e.dataTransfer?.getData('application/x-minios-panel') as PanelId | undefined;
      if (!from) return;
      e.preventDefault();
      e.stopPropagation();
      const dock = this.state.panels.find((p) => p.id === id)!.dock;
      this.set(movePanel(this.state, from, dock, id));
    });
    return el;
  }

  private dropTarget(el: HTMLElement, dock: Dock): void {
    el.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('application/x-minios-panel')) return;
      e.preventDefault();
      el.classList.add('drop-target');
    });
    el.addEventListener('dragleave', () => el.classList.remove('drop-target'));
    el.addEventListener('drop', (e) => {
      el.classList.remove('drop-target');
      const from = e.dataTransfer?.getData('application/x-minios-panel') as PanelId | undefined;
      if (!from) return;
      e.preventDefault();
      this.set(movePanel(this.state, from, dock));
    });
  }

  private moveMenu(id: PanelId, anchor: HTMLElement): void {
    document.querySelector('.menu-dropdown.panel-menu')?.remove();
    const dd = document.createElement('div');
    dd.className = 'menu-dropdown panel-menu';
    const here = this.state.panels.find((p) => p.id === id)!.dock;
    const entries: [string, () => LayoutState][] = [
      ['Move up', () => shiftPanel(this.state, id, -1)],
      ['Move down', () => shiftPanel(this.state, id, 1)],
      ...DOCKS.filter((d) => d !== here).map((d): [string, () => LayoutState] => [`Move to ${d} dock`, () => movePanel(this.state, id, d)]),
      ['Hide', () => setVisible(this.state, id, false)],
    ];
    for (const [label, act] of entries) {
      const b = document.createElement('button');
      b.className = 'menu-entry';
      b.innerHTML = '<span class="menu-check"></span><span class="menu-label"></span><span class="menu-key"></span>';
      b.querySelector('.menu-label')!.textContent = label;
      b.addEventListener('click', () => {
        dd.remove();
        this.set(act());
      });
      dd.append(b);
    }
    const r = anchor.getBoundingClientRect();
    dd.style.top = `${r.bottom + 2}px`;
    dd.style.left = `${Math.max(4, r.right - 180)}px`;
    document.body.append(dd);
    setTimeout(() => window.addEventListener('mousedown', (e) => !dd.contains(e.target as Node) && dd.remove(), { once: true }));
  }

  private splitter(dock: Dock): void {
    const el = this.splitters[dock];
    el.addEventListener('pointerdown', (e) => {
      e.preventDefault();
      el.setPointerCapture(e.pointerId);
      el.classList.add('active');
      const start = { x: e.clientX, y: e.clientY, size: this.state.sizes[dock] };
      const move = (ev: PointerEvent) => {
        const d = dock === 'left' ? ev.clientX - start.x : dock === 'right' ? start.x - ev.clientX : start.y - ev.clientY;
        const max = dock === 'bottom' ? window.innerHeight - 200 : window.innerWidth - 420;
        const size = Math.round(Math.max(dock === 'bottom' ? 100 : 180, Math.min(max, start.size + d)));
        this.state = { ...this.state, sizes: { ...this.state.sizes, [dock]: size } };
        this.applySizes();
      };
      const up = () => {
        el.classList.remove('active');
        el.removeEventListener('pointermove', move);
        this.onChange(this.state);
      };
      el.addEventListener('pointermove', move);
      el.addEventListener('pointerup', up, { once: true });
    });
  }

  private applySizes(): void {
    const s = this.root.style;
    s.setProperty('--dock-left', `${this.state.sizes.left}px`);
    s.setProperty('--dock-right', `${this.state.sizes.right}px`);
    s.setProperty('--dock-bottom', `${this.state.sizes.bottom}px`);
  }

  /** Places every panel frame in its dock, hides empty docks, and mounts panels on first show. */
  render(): void {
    this.applySizes();
    for (const d of DOCKS) {
      const shown = panelsIn(this.state, d);
      const el = this.dockEls[d];
      const frames = shown.map((p) => this.frames.get(p.id)!);
      // reorder without detaching frames that stay (keeps canvases alive)
      frames.forEach((f, i) => {
        if (el.children[i] !== f) el.insertBefore(f, el.children[i] ?? null);
      });
      for (const child of [...el.children]) if (!frames.includes(child as HTMLElement)) child.remove();
      el.hidden = shown.length === 0;
      this.splitters[d].hidden = shown.length === 0;
    }
    for (const [id, panel] of this.panels) {
      if (this.isVisible(id) && !this.mounted.has(id)) {
        this.mounted.add(id);
        const body = this.frames.get(id)!.querySelector<HTMLElement>('.panel-body')!;
        void panel.mount(body).catch((e) => {
          body.textContent = `This panel could not start its renderer: ${e instanceof Error ? e.message : String(e)}`;
          body.classList.add('panel-error');
        });
      }
    }
  }
}
