import { describe, expect, it } from 'vitest';
import { guestStatus, type StatusInput } from './machine-status.ts';
import { defaultLayout, movePanel, panelsIn, parseLayout, setVisible, shiftPanel } from './layout-model.ts';
import { matches, parseShortcut } from './shortcuts.ts';

const base: StatusInput = { started: true, bootDone: true, paused: false, exit: null, panicked: false, blockedOnInput: false };

describe('guestStatus', () => {
  it('says what the guest is doing, most important first', () => {
    expect(guestStatus({ ...base, started: false }).kind).toBe('loading');
    expect(guestStatus({ ...base, bootDone: false }).kind).toBe('booting');
    expect(guestStatus(base).kind).toBe('running');
    expect(guestStatus({ ...base, blockedOnInput: true }).label).toBe('Blocked on input');
    expect(guestStatus({ ...base, blockedOnInput: true, paused: true }).kind).toBe('paused');
    expect(guestStatus({ ...base, exit: { status: 0, reason: 'poweroff' } }).label).toBe('Powered off · status 0');
    expect(guestStatus({ ...base, exit: { status: 2, reason: 'panic' } }).kind).toBe('panicked');
    expect(guestStatus({ ...base, panicked: true }).kind).toBe('panicked');
    expect(guestStatus({ ...base, error: 'no kernel' }).label).toBe('Error: no kernel');
  });
});

describe('layout model', () => {
  it('falls back to the default on garbage and fills in missing panels', () => {
    expect(parseLayout('{not json')).toEqual(defaultLayout());
    expect(parseLayout(JSON.stringify({ version: 1, panels: [], sizes: { left: 1, right: 1, bottom: 1 }, theme: 'dark' }))).toEqual(defaultLayout());
    const s = { ...defaultLayout(), panels: [{ id: 'sched', dock: 'bottom', visible: false }], theme: 'light' };
    const p = parseLayout(JSON.stringify(s));
    expect(p.theme).toBe('light');
    expect(p.panels.map((x) => x.id)).toEqual(['sched', 'boot', 'memory', 'events', 'syscalls']);
    expect(p.panels[0]).toEqual({ id: 'sched', dock: 'bottom', visible: false });
  });
  it('moves, reorders and hides panels', () => {
    let s = defaultLayout();
    s = movePanel(s, 'events', 'left', 'boot');
    expect(panelsIn(s, 'left').map((p) => p.id)).toEqual(['events', 'boot', 'memory']);
    s = movePanel(s, 'boot', 'bottom');
    expect(panelsIn(s, 'bottom').map((p) => p.id)).toEqual(['syscalls', 'boot']);
    s = shiftPanel(s, 'memory', -1);
    expect(panelsIn(s, 'left').map((p) => p.id)).toEqual(['memory', 'events']);
    s = shiftPanel(s, 'memory', 1);
    expect(panelsIn(s, 'left').map((p) => p.id)).toEqual(['events', 'memory']);
    s = setVisible(s, 'sched', false);
    expect(panelsIn(s, 'right')).toEqual([]);
    expect(parseLayout(JSON.stringify(s))).toEqual(s);
  });
});

describe('shortcuts', () => {
  const ev = (o: Partial<KeyboardEvent>) => ({ key: '', code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...o });
  it('matches by physical key so Shift+digit still names the digit', () => {
    expect(matches(ev({ key: '!', code: 'Digit1', ctrlKey: true, shiftKey: true }), parseShortcut('Ctrl+Shift+1'))).toBe(true);
    expect(matches(ev({ key: 'F8', code: 'F8' }), parseShortcut('F8'))).toBe(true);
    expect(matches(ev({ key: 'F8', code: 'F8', shiftKey: true }), parseShortcut('F8'))).toBe(false);
    expect(matches(ev({ key: 'o', code: 'KeyO', metaKey: true }), parseShortcut('Ctrl+O'))).toBe(true);
    expect(matches(ev({ key: 'c', code: 'KeyC', ctrlKey: true }), parseShortcut('Ctrl+Shift+C'))).toBe(false);
  });
});
