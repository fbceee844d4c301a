/*
 * The Pixi side every panel shares: one Pixi application per panel body,
 * rendered on demand (no ticker): the studio's frame loop calls frame(), which
 * redraws only when the model's version moved, the size or theme changed.
 */
import 'pixi.js/unsafe-eval'; // Pixi without eval: the studio's CSP forbids it
import { Application, Text, type TextStyleOptions, type Container } from 'pixi.js';
import type { PanelModel } from './model.ts';
import { DARK, type Palette } from './palette.ts';

export interface HwPanel {
  readonly id: string;
  readonly title: string;
  /** Extra DOM for the panel's header: legend, buttons. */
  readonly toolbar: HTMLElement;
  mount(body: HTMLElement): Promise<void>;
  setPalette(p: Palette): void;
  /** Draws when something changed; returns true when it rendered. */
  frame(nowMs: number): boolean;
  /** Renders now (for pixel checks in tests) and returns the canvas. */
  renderNow(): HTMLCanvasElement | null;
  destroy(): void;
}

export const FONT = 'Inter, "DejaVu Sans", system-ui, sans-serif';
export const MONO = '"JetBrains Mono", "DejaVu Sans Mono", monospace';

/** A pool of Text objects reused frame to frame, so labels are not re-created each draw. */
export class TextPool {
  private items: Text[] = [];
  private used = 0;

  constructor(private readonly parent: Container, private readonly style: TextStyleOptions) {}

  begin(): void {
    this.used = 0;
  }

  put(text: string, x: number, y: number, color: number, anchorX = 0, anchorY = 0): Text {
    let t = this.items[this.used];
    if (!t) {
      t = new Text({ text, style: { ...this.style } });
      this.items.push(t);
      this.parent.addChild(t);
    }
    this.used++;
    if (t.text !== text) t.text = text;
    if (t.style.fill !== color) t.style.fill = color;
    t.anchor.set(anchorX, anchorY);
    t.position.set(Math.round(x), Math.round(y));
    t.visible = true;
    return t;
  }

  end(): void {
    for (let i = this.used; i < this.items.length; i++) this.items[i].visible = false;
  }
}

export abstract class PixiPanel<M extends PanelModel> implements HwPanel {
  abstract readonly id: string;
  abstract readonly title: string;
  readonly toolbar = document.createElement('div');
  /** A strip under the canvas for legends. */
  readonly footer = document.createElement('div');
  protected app: Application | null = null;
  protected palette: Palette = DARK;
  protected width = 0;
  protected height = 0;
  protected body: HTMLElement | null = null;
  private drawn = -1;
  private dirty = true;
  private lastDrawMs = -Infinity;
  /**
   * Panels aggregate, so they need not redraw on every frame the data moves:
   * at most every minIntervalMs (resizes and theme changes draw at once). This
   * keeps drawing from competing with the guest for the CPU.
   */
  static minIntervalMs = 33;
  /** Which Pixi renderer to try first ('webgl' or 'canvas'). */
  static preference: 'webgl' | 'canvas' = 'webgl';
  /**
   * Canvases are set up once this settles. Setting up a WebGL context per panel
   * costs the main thread about a second, which v86 (on the same thread) needs
   * to boot: the studio holds it until the guest's prompt appears. Models are
   * fed all along, so nothing is missed.
   */
  static mountGate: Promise<void> = Promise.resolve();
  private observer: ResizeObserver | null = null;

  constructor(protected modelRef: M) {
    this.toolbar.className = 'panel-tools';
    this.footer.className = 'panel-footer';
  }

  get model(): M {
    return this.modelRef;
  }

  /** Points the panel at a new model (a new machine). */
  setModel(m: M): void {
    this.modelRef = m;
    this.invalidate();
  }

  async mount(body: HTMLElement): Promise<void> {
    this.body = body;
    const host = this.canvasHost(body);
    await PixiPanel.mountGate;
    const app = new Application();
    await app.init({
      preference: PixiPanel.preference === 'canvas' ? ['canvas', 'webgl'] : ['webgl', 'canvas'],
      autoStart: false,
      sharedTicker: false,
      antialias: false,
      backgroundAlpha: 0,
      resolution: Math.min(2, window.devicePixelRatio || 1),
      autoDensity: true,
      width: Math.max(1, host.clientWidth),
      height: Math.max(1, host.clientHeight),
      preserveDrawingBuffer: true,
    });
    app.ticker?.stop();
    this.app = app;
    app.canvas.classList.add('panel-canvas');
    host.appendChild(app.canvas);
    this.setup(app);
    this.observer = new ResizeObserver(() => this.resize(host));
    this.observer.observe(host);
    this.resize(host);
  }

  /** The element the canvas goes in; panels with DOM parts override it. */
  protected canvasHost(body: HTMLElement): HTMLElement {
    const host = document.createElement('div');
    host.className = 'canvas-host';
    body.classList.add('with-footer');
    body.append(host, this.footer);
    return host;
  }

  private resize(host: HTMLElement): void {
    const w = Math.max(1, Math.floor(host.clientWidth));
    const h = Math.max(1, Math.floor(host.clientHeight));
    if (!this.app || (w === this.width && h === this.height)) return;
    this.width = w;
    this.height = h;
    this.app.renderer.resize(w, h);
    this.invalidate();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.invalidate();
  }

  invalidate(): void {
    this.dirty = true;
  }

  frame(nowMs: number): boolean {
    this.tick(nowMs);
    if (!this.app || this.width < 2 || this.height < 2) return false;
    if (!this.dirty && this.drawn === this.modelRef.version) return false;
    if (!this.dirty && nowMs - this.lastDrawMs < PixiPanel.minIntervalMs) return false;
    this.lastDrawMs = nowMs;
    this.dirty = false;
    this.drawn = this.modelRef.version;
    this.draw();
    this.app.render();
    return true;
  }

  renderNow(): HTMLCanvasElement | null {
    if (!this.app) return null;
    this.draw();
    this.app.render();
    return this.app.canvas;
  }

  destroy(): void {
    this.observer?.disconnect();
    this.app?.destroy(true, { children: true });
    this.app = null;
  }

  /** Per-frame work that is not drawing (advance clocks, roll buckets). */
  protected tick(_nowMs: number): void {}
  protected abstract setup(app: Application): void;
  protected abstract draw(): void;
}
