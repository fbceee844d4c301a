/*
 * Where the layout and theme are remembered: the host's settings (the studio
 * database), with localStorage only as the fallback when the host cannot be
 * reached. A layout saved in localStorage by an older studio moves to the host.
 */
import type { HostApi, Settings } from '../app/common/host-api.ts';
import { parseLayout, STORAGE_KEY, type LayoutState } from './layout-model.ts';

/** The host's settings, or null when it does not answer within `timeoutMs`. */
export async function fetchSettings(host: HostApi, timeoutMs = 2000): Promise<Settings | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
  return Promise.race([host.getSettings().catch(() => null), timeout]);
}

function localLayout(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The layout to start with: the host's, else (host unreachable, or nothing saved there yet) localStorage's, else the default. */
export function initialLayout(settings: Settings | null): LayoutState {
  const fromHost = settings?.panelLayout ? parseLayout(JSON.stringify(settings.panelLayout)) : null;
  const s = fromHost ?? parseLayout(localLayout());
  const theme = settings?.theme === 'dark' || settings?.theme === 'light' ? settings.theme : s.theme;
  return { ...s, theme };
}

/** Saves the layout and theme to the host; when that fails, to localStorage. */
export function persistLayout(host: HostApi, s: LayoutState): void {
  Promise.all([host.setSetting('panelLayout', s as unknown as Record<string, unknown>), host.setSetting('theme', s.theme)]).catch(() => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    } catch {
      /* storage full or denied: the layout just is not remembered */
    }
  });
}
