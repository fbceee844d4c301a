/*
 * Keyboard shortcuts written as "Ctrl+Shift+F5": parsing, matching a
 * KeyboardEvent (by physical key for letters and digits, so Shift does not
 * change what "Ctrl+Shift+1" means) and the label shown in menus.
 */
export interface KeyCombo {
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  key: string; // "F8", "O", "1", "/"
}

export function parseShortcut(s: string): KeyCombo {
  const parts = s.split('+');
  const key = parts.pop()!;
  return { ctrl: parts.includes('Ctrl'), shift: parts.includes('Shift'), alt: parts.includes('Alt'), key: key.length === 1 ? key.toUpperCase() : key };
}

/** The key an event names, independent of Shift: "O" for KeyO, "1" for Digit1. */
export function eventKey(e: Pick<KeyboardEvent, 'key' | 'code'>): string {
  if (/^Key[A-Z]$/.test(e.code)) return e.code.slice(3);
  if (/^Digit[0-9]$/.test(e.code)) return e.code.slice(5);
  if (e.code === 'Slash') return '/';
  return e.key.length === 1 ? e.key.toUpperCase() : e.key;
}

export function matches(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, combo: KeyCombo): boolean {
  return (e.ctrlKey || e.metaKey) === combo.ctrl && e.shiftKey === combo.shift && e.altKey === combo.alt && eventKey(e) === combo.key;
}

/** How a shortcut reads in a menu (⌘ on macOS). */
export function shortcutLabel(s: string, mac = false): string {
  return mac ? s.replace('Ctrl+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥') : s;
}
