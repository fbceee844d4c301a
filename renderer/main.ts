/*
 * The renderer's entry: builds the workbench (menus, toolbar, console, docks
 * with the hardware panels, status bar), boots MiniOS and runs the frame loop.
 * It talks to its host only through the host API (renderer/host/).
 */
import '@xterm/xterm/css/xterm.css';
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-500.css';
import '@fontsource/inter/latin-600.css';
import '@fontsource/jetbrains-mono/latin-400.css';
import './styles.css';
import { selectHost } from './host/index.ts';
import { GuestConsole } from './console.ts';
import { Studio, type Models } from './studio.ts';
import { MenuBar, type Menu } from './menus.ts';
import { Docks } from './docks.ts';
import { defaultLayout, PANEL_IDS, type PanelId, type LayoutState } from './layout-model.ts';
import { BootPanel } from '../hw-panels/boot/boot-view.ts';
import { MemoryPanel } from '../hw-panels/memory/memory-view.ts';
import { SchedPanel } from '../hw-panels/sched/sched-view.ts';
import { EventPanel } from '../hw-panels/events/event-view.ts';
import { SyscallPanel } from '../hw-panels/syscalls/syscall-view.ts';
import { DARK, LIGHT } from '../hw-panels/common/palette.ts';
import { PixiPanel, type HwPanel } from '../hw-panels/common/pixi-panel.ts';
import type { HostInfo } from '../app/common/host-api.ts';
import { formatUs } from '../hw-panels/common/model.ts';
import { installTestHook, FrameStats } from './test-hook.ts';
import { SessionsUi } from './sessions.ts';
import { DisksUi } from './disks.ts';
import { fetchSettings, initialLayout, persistLayout } from './layout-store.ts';
import { DARK_TERM, LIGHT_TERM } from './console.ts';
import { HostError } from '../app/common/host-api.ts';

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const params = new URLSearchParams(location.search);

const host = selectHost();
if (params.get('gfx') === 'canvas' || params.get('gfx') === 'webgl') PixiPanel.preference = params.get('gfx') as 'canvas' | 'webgl';
if (params.has('fps')) PixiPanel.minIntervalMs = 1000 / Math.max(1, Math.min(240, Number(params.get('fps')) || 30));
const guestConsole = new GuestConsole($('#console'));
const studio = new Studio(host, guestConsole, params.get('cmdline') ?? '');
// Panel canvases wait for the guest's first prompt (at most 3 s) so their WebGL set-up does not slow the boot.
// A kernel test (a cmdline) prints no prompt: its panels start at once, before it floods the ring.
PixiPanel.mountGate = new Promise((resolve) => {
  const t0 = performance.now();
  const check = () => (studio.promptAt !== null || studio.cmdline !== '' || performance.now() - t0 > 3000 ? resolve() : setTimeout(check, 20));
  check();
});

// ---- panels and docks
const panels = {
  boot: new BootPanel(studio.models.boot),
  memory: new MemoryPanel(studio.models.memory),
  sched: new SchedPanel(studio.models.sched),
  events: new EventPanel(studio.models.events),
  syscalls: new SyscallPanel(studio.models.syscalls),
};
const panelMap = new Map<PanelId, HwPanel>(Object.entries(panels) as [PanelId, HwPanel][]);
studio.machineChanged.on((m: Models) => {
  panels.boot.setModel(m.boot);
  panels.memory.setModel(m.memory);
  panels.sched.setModel(m.sched);
  panels.events.setModel(m.events);
  panels.syscalls.setModel(m.syscalls);
});

const settings = await fetchSettings(host);
function loadLayout(): LayoutState {
  let s = initialLayout(settings);
  if (params.get('panels') === 'off') s = { ...s, panels: s.panels.map((p) => ({ ...p, visible: false })) };
  return s;
}
const panelsOff = params.get('panels') === 'off';
const docks = new Docks($('#app'), panelMap, loadLayout(), (s) => {
  if (!panelsOff) persistLayout(host, s);
  applyTheme();
  requestAnimationFrame(() => guestConsole.refit());
});

function applyTheme(): void {
  const dark = docks.layout.theme === 'dark';
  document.documentElement.dataset.theme = docks.layout.theme;
  guestConsole.setTheme(dark);
  for (const p of panelMap.values()) p.setPalette(dark ? DARK : LIGHT);
}
applyTheme();

// ---- dialogs
const dialog = $<HTMLDialogElement>('#dialog');
function showDialog(title: string, body: Node | string, buttons: { label: string; primary?: boolean; run?: () => void }[] = [{ label: 'Close', primary: true }]): void {
  dialog.innerHTML = '';
  const h = document.createElement('h1');
  h.textContent = title;
  const content = document.createElement('div');
  content.className = 'dialog-body';
  content.append(body);
  const row = document.createElement('div');
  row.className = 'dialog-buttons';
  for (const b of buttons) {
    const btn = document.createElement('button');
    btn.className = b.primary ? 'button primary' : 'button';
    btn.textContent = b.label;
    btn.addEventListener('click', () => {
      dialog.close();
      b.run?.();
      guestConsole.focus();
    });
    row.append(btn);
  }
  dialog.append(h, content, row);
  dialog.showModal();
}

/** A failure from the host or the machine, as a dialog: what failed, the one-line reason, and its code. */
function showError(title: string, e: unknown): void {
  const d = document.createElement('div');
  const p = document.createElement('p');
  p.className = 'error-text';
  p.textContent = e instanceof Error ? e.message : String(e);
  d.append(p);
  const code = e instanceof HostError ? e.code : (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const c = document.createElement('p');
    c.className = 'error-code';
    c.textContent = `code: ${code}`;
    d.append(c);
  }
  showDialog(title, d);
  dialog.classList.add('error');
  dialog.addEventListener('close', () => dialog.classList.remove('error'), { once: true });
}

let hostInfo: HostInfo | null = null;

function about(): void {
  const d = document.createElement('div');
  const lines = [
    'An x86 PC emulated with v86, booting the MiniOS kernel, with its hardware drawn live from the kernel\'s telemetry ring.',
    `Edition: ${hostInfo?.edition ?? '?'} · version ${hostInfo?.appVersion ?? '?'} · ${hostInfo?.platform ?? ''}`,
    `Kernel: ${studio.kernel ? `${studio.kernel.name}, ${studio.kernel.size} bytes (${studio.kernelSource === 'host' ? hostInfo?.kernelPath ?? 'host' : 'opened file'})` : 'not loaded'}`,
  ];
  for (const l of lines) {
    const p = document.createElement('p');
    p.textContent = l;
    d.append(p);
  }
  showDialog('About MiniOS Studio', d);
}

function shortcutsDialog(): void {
  const table = document.createElement('table');
  table.className = 'shortcuts';
  const rows = [...menubar.shortcuts(), { menu: 'Console', label: 'Copy selection', shortcut: 'Ctrl+Shift+C' }, { menu: 'Console', label: 'Paste', shortcut: 'Ctrl+Shift+V' }, { menu: 'Menus', label: 'Open the menu bar', shortcut: 'F10' }];
  for (const r of rows) {
    const tr = table.insertRow();
    tr.insertCell().textContent = r.menu;
    tr.insertCell().textContent = r.label;
    const k = tr.insertCell();
    const kbd = document.createElement('kbd');
    kbd.textContent = r.shortcut;
    k.append(kbd);
  }
  showDialog('Keyboard shortcuts', table);
}

function cmdlineDialog(): void {
  const wrap = document.createElement('div');
  const p = document.createElement('p');
  p.textContent = 'The multiboot command line for the next boot. Empty boots the shell; "test=NAME key=value" runs a kernel test (e.g. test=telemetry burst=100000 rate=50000).';
  const input = document.createElement('input');
  input.className = 'text-input mono';
  input.value = studio.cmdline;
  input.spellcheck = false;
  input.setAttribute('aria-label', 'Kernel command line');
  wrap.append(p, input);
  const go = () => void studio.boot({ cmdline: input.value.trim() });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      dialog.close();
      go();
    }
  });
  showDialog('Boot with command line', wrap, [{ label: 'Cancel' }, { label: 'Boot', primary: true, run: go }]);
  input.focus();
  input.select();
}

// ---- file actions
const fileInput = $<HTMLInputElement>('#file-input');
fileInput.addEventListener('change', async () => {
  const f = fileInput.files?.[0];
  fileInput.value = '';
  if (!f) return;
  const bytes = new Uint8Array(await f.arrayBuffer());
  const isElf = bytes.length > 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (!isElf) {
    showDialog('Not a kernel', `${f.name} is not an ELF file. Open a multiboot kernel such as kernel/build/minios.elf.`);
    return;
  }
  await studio.boot({ kernel: { name: f.name, size: bytes.length, mtimeMs: f.lastModified, bytes }, source: 'file' });
});

function exportEvents(): void {
  const m = studio.models.events;
  const entries = m.query({}, 100_000).map((e) => {
    const { ...ev } = e.ev as unknown as Record<string, unknown>;
    if (ev.payload instanceof Uint8Array) ev.payload = Array.from(ev.payload);
    return ev;
  });
  const r = studio.readout();
  const doc = { exportedAt: new Date().toISOString(), cmdline: studio.cmdline, telemetry: r.telemetry, counts: Object.fromEntries(m.counts), events: entries };
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `minios-telemetry-${Date.now()}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function runInShell(cmd: string): void {
  studio.machine?.sendSerial(cmd + '\r');
  guestConsole.focus();
}

// ---- sessions and disk images
const sessions = new SessionsUi({
  host, studio, console: guestConsole, showDialog, showError, banner: $('#banner'),
  fileMenu: () => menus[0].items, recentAfter: 'file.images',
  consoleColors: () => {
    const t = docks.layout.theme === 'dark' ? DARK_TERM : LIGHT_TERM;
    return { background: t.background!, foreground: t.foreground! };
  },
});
const disks = new DisksUi({ host, studio, showDialog, showError, statusBefore: $('#kernel-info') });
studio.machineChanged.on(() => disks.render());

// ---- menus
const panelTitles: Record<PanelId, string> = { boot: 'Boot timeline', memory: 'Memory map', sched: 'Scheduler timeline', events: 'Event log', syscalls: 'Syscalls' };
const menus: Menu[] = [
  {
    label: 'File',
    items: [
      { id: 'file.open', label: 'Boot kernel file…', shortcut: 'Ctrl+O', run: () => fileInput.click() },
      { id: 'file.default', label: 'Boot the default kernel', run: () => void studio.boot({ source: 'host', kernel: undefined }).then(() => {}), enabled: () => studio.kernelSource === 'file' },
      ...disks.menuItems(),
      { id: 'file.export', label: 'Export telemetry as JSON', shortcut: 'Ctrl+Shift+E', run: exportEvents, separator: true },
      { id: 'file.quit', label: 'Close window', shortcut: 'Ctrl+Q', run: () => window.close(), enabled: () => hostInfo?.edition === 'electron', separator: true },
    ],
  },
  {
    label: 'Machine',
    items: [
      { id: 'machine.pause', label: () => (studio.paused ? 'Resume' : 'Pause'), shortcut: 'F8', run: () => studio.togglePause() },
      { id: 'machine.reset', label: 'Reset', shortcut: 'Ctrl+Shift+F5', run: () => void studio.boot() },
      { id: 'machine.cmdline', label: 'Boot with command line…', shortcut: 'Ctrl+Shift+B', run: cmdlineDialog },
      ...sessions.menuItems(),
      { id: 'machine.poweroff', label: 'Power off (shell "poweroff")', run: () => runInShell('poweroff'), separator: true },
      { id: 'machine.panic', label: 'Panic on purpose (shell "panic")', run: () => runInShell('panic') },
    ],
  },
  {
    label: 'View',
    items: [
      ...PANEL_IDS.map((id, i) => ({ id: `view.${id}`, label: panelTitles[id], shortcut: `Ctrl+Shift+${i + 1}`, run: () => docks.toggle(id), checked: () => docks.isVisible(id) })),
      { id: 'view.theme', label: () => (docks.layout.theme === 'dark' ? 'Light theme' : 'Dark theme'), shortcut: 'Ctrl+Shift+L', run: () => docks.set({ ...docks.layout, theme: docks.layout.theme === 'dark' ? 'light' : 'dark' }), separator: true },
      { id: 'view.live', label: 'Scheduler: follow live', shortcut: 'Ctrl+Shift+End', run: () => panels.sched.follow() },
      { id: 'view.clear', label: 'Clear console', shortcut: 'Ctrl+Shift+K', run: () => guestConsole.clear() },
      { id: 'view.layout', label: 'Reset layout', run: () => docks.set({ ...defaultLayout(), theme: docks.layout.theme }), separator: true },
    ],
  },
  {
    label: 'Help',
    items: [
      { id: 'help.shell', label: 'Shell commands (runs "help")', shortcut: 'F1', run: () => runInShell('help') },
      { id: 'help.keys', label: 'Keyboard shortcuts', shortcut: 'Ctrl+/', run: shortcutsDialog },
      { id: 'help.about', label: 'About MiniOS Studio', run: about, separator: true },
    ],
  },
];
const menubar = new MenuBar(menus);
$('#menubar-slot').replaceWith(menubar.el);

// ---- toolbar
const pauseBtn = $<HTMLButtonElement>('#btn-pause');
pauseBtn.addEventListener('click', () => {
  studio.togglePause();
  guestConsole.focus();
});
$('#btn-reset').addEventListener('click', () => void studio.boot());
$('#btn-clear').addEventListener('click', () => {
  guestConsole.clear();
  guestConsole.focus();
});

// ---- host events
const banner = $('#banner');
host.onEvent((ev) => {
  if (ev.type === 'kernel-changed' && studio.kernelSource === 'host') {
    banner.hidden = false;
    banner.innerHTML = '';
    const b = document.createElement('button');
    b.className = 'link-button';
    b.textContent = 'Reset to boot it';
    b.addEventListener('click', () => {
      banner.hidden = true;
      void studio.boot();
    });
    banner.append(`${ev.kernel.name} was rebuilt · `, b);
  }
});

// ---- readouts, every 250 ms
function fmtRate(n: number, unit: string): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G${unit}`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M${unit}`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k${unit}`;
  return `${Math.round(n)} ${unit}`;
}
function setText(sel: string, text: string): void {
  const el = $(sel);
  if (el.textContent !== text) el.textContent = text;
}
function updateReadouts(): void {
  const r = studio.readout();
  const st = $('#status');
  st.dataset.kind = r.status.kind;
  setText('#status-text', r.status.label);
  setText('#speed', r.paused ? 'paused' : r.instructionsPerSec > 0 ? fmtRate(r.instructionsPerSec, 'instr/s') : '—');
  setText('#uptime', r.ticks > 0 ? `${formatUs(r.uptimeMs * 1000)} · ${r.ticks} ticks` : '—');
  setText('#evrate', fmtRate(r.eventsPerSec, ''));
  const t = r.telemetry;
  setText('#tel-state', t.state === 'ready' ? `ring ${t.capacity} × 32 B` : t.state === 'error' ? `ring error: ${t.error}` : 'ring: waiting');
  setText('#tel-read', `${t.eventsRead.toLocaleString('en-US')} events`);
  setText('#tel-dropped', `dropped ${t.kernelDropped}${t.overruns ? ` · overruns ${t.overruns}` : ''}`);
  $('#tel-dropped').classList.toggle('bad', t.kernelDropped > 0 || t.overruns > 0);
  setText('#tel-malformed', `malformed ${t.malformed + host.invalidMessages}`);
  $('#tel-malformed').classList.toggle('bad', t.malformed + host.invalidMessages > 0);
  setText('#kernel-info', r.kernel ? `${r.kernel.name} · ${(r.kernel.size / 1024).toFixed(0)} KiB${r.kernel.source === 'file' ? ' (file)' : ''}` : '');
  const cmd = $('#cmdline');
  cmd.hidden = !r.cmdline;
  setText('#cmdline', r.cmdline);
  pauseBtn.querySelector('.glyph')!.textContent = r.paused ? '▶' : '❚❚';
  pauseBtn.querySelector('.label')!.textContent = r.paused ? 'Resume' : 'Pause';
  pauseBtn.classList.toggle('active', r.paused);
  pauseBtn.disabled = !studio.machine || r.status.kind === 'off' || r.status.kind === 'panicked';
}
setInterval(updateReadouts, 250);

// ---- frame loop: advance models, draw what changed, measure frame work
const frameStats = new FrameStats();
function frame(now: number): void {
  const t0 = performance.now();
  studio.tick();
  let drew = 0;
  for (const [id, p] of panelMap) if (docks.isVisible(id) && p.frame(now)) drew++;
  frameStats.record(performance.now() - t0, now, drew);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

installTestHook({ studio, panels: panelMap, docks, frameStats, console: guestConsole });

// ---- start
window.addEventListener('error', (e) => void host.log({ level: 'error', message: `renderer: ${e.message}` }).catch(() => {}));
void host.info().then((i) => {
  hostInfo = i;
  setText('#edition', i.edition === 'electron' ? 'Desktop' : 'Web edition');
}).catch(() => setText('#edition', 'host unreachable'));
void studio.boot().then(() => {
  updateReadouts();
  guestConsole.focus();
  void sessions.offerLast();
  void sessions.refreshRecent();
});
