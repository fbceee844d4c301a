/*
 * The arrangement of the panels: which dock each is in, in what order,
 * whether it is shown, the dock sizes and the theme. Plain data, saved in
 * localStorage and validated when read back (a bad or old value falls back
 * to the defaults instead of breaking the window).
 */
import { z } from 'zod';

export const DOCKS = ['left', 'right', 'bottom'] as const;
export type Dock = (typeof DOCKS)[number];
export const PANEL_IDS = ['boot', 'memory', 'sched', 'events', 'syscalls'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

const PanelPlace = z.object({ id: z.enum(PANEL_IDS), dock: z.enum(DOCKS), visible: z.boolean() });
export const LayoutState = z.object({
  version: z.literal(1),
  panels: z.array(PanelPlace).max(32),
  sizes: z.object({
    left: z.number().min(160).max(2000),
    right: z.number().min(160).max(2000),
    bottom: z.number().min(100).max(2000),
  }),
  theme: z.enum(['dark', 'light']),
});
export type LayoutState = z.infer<typeof LayoutState>;
export type PanelPlace = z.infer<typeof PanelPlace>;

export const STORAGE_KEY = 'minios-studio.layout.v1';

export function defaultLayout(): LayoutState {
  return {
    version: 1,
    panels: [
      { id: 'boot', dock: 'left', visible: true },
      { id: 'memory', dock: 'left', visible: true },
      { id: 'sched', dock: 'right', visible: true },
      { id: 'events', dock: 'right', visible: true },
      { id: 'syscalls', dock: 'bottom', visible: true },
    ],
    sizes: { left: 360, right: 460, bottom: 220 },
    theme: 'dark',
  };
}

/** Reads a saved layout; anything invalid gives the default, and panels it lacks are added. */
export function parseLayout(raw: string | null): LayoutState {
  if (!raw) return defaultLayout();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return defaultLayout();
  }
  const r = LayoutState.safeParse(value);
  if (!r.success) return defaultLayout();
  const seen = new Set<string>();
  const panels = r.data.panels.filter((p) => !seen.has(p.id) && seen.add(p.id));
  for (const d of defaultLayout().panels) if (!seen.has(d.id)) panels.push(d);
  return { ...r.data, panels };
}

/** Moves a panel to `dock`, before panel `beforeId` (or at the dock's end), and shows it. */
export function movePanel(s: LayoutState, id: PanelId, dock: Dock, beforeId?: PanelId): LayoutState {
  const moving = s.panels.find((p) => p.id === id);
  if (!moving || id === beforeId) return s;
  const rest = s.panels.filter((p) => p.id !== id);
  const placed = { ...moving, dock, visible: true };
  let at = beforeId ? rest.findIndex((p) => p.id === beforeId) : -1;
  if (at < 0) {
    // after the last panel of that dock (or at the end)
    let last = -1;
    rest.forEach((p, i) => p.dock === dock && (last = i));
    at = last + 1 || rest.length;
  }
  rest.splice(at, 0, placed);
  return { ...s, panels: rest };
}

/** Moves a panel one place up (-1) or down (+1) within its dock. */
export function shiftPanel(s: LayoutState, id: PanelId, delta: -1 | 1): LayoutState {
  const me = s.panels.find((p) => p.id === id);
  if (!me) return s;
  const same = s.panels.filter((p) => p.dock === me.dock);
  const i = same.indexOf(me);
  const j = i + delta;
  if (j < 0 || j >= same.length) return s;
  const other = same[j];
  return delta < 0 ? movePanel(s, id, me.dock, other.id) : movePanel(s, other.id, me.dock, id);
}

export function setVisible(s: LayoutState, id: PanelId, visible: boolean): LayoutState {
  return { ...s, panels: s.panels.map((p) => (p.id === id ? { ...p, visible } : p)) };
}

export function panelsIn(s: LayoutState, dock: Dock): PanelPlace[] {
  return s.panels.filter((p) => p.dock === dock && p.visible);
}
