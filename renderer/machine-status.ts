/*
 * What the guest is doing, in one word for the status bar, derived from what
 * the studio knows: the exit (if any), pause, panic and power events, boot
 * progress and whether every task is blocked waiting for console input.
 */
import type { ExitInfo } from '../machine/common/machine.ts';

export type GuestStatusKind = 'loading' | 'booting' | 'running' | 'blocked' | 'paused' | 'off' | 'panicked' | 'stopped' | 'error';

export interface StatusInput {
  /** The kernel is loaded and the emulator constructed. */
  started: boolean;
  bootDone: boolean;
  paused: boolean;
  exit: ExitInfo | null;
  panicked: boolean;
  blockedOnInput: boolean;
  error?: string;
}

export interface GuestStatus {
  kind: GuestStatusKind;
  label: string;
}

export function guestStatus(s: StatusInput): GuestStatus {
  if (s.error) return { kind: 'error', label: `Error: ${s.error}` };
  if (s.panicked || s.exit?.reason === 'panic') return { kind: 'panicked', label: `Panicked${s.exit ? ` · status ${s.exit.status}` : ''}` };
  if (s.exit) {
    if (s.exit.reason === 'poweroff') return { kind: 'off', label: `Powered off · status ${s.exit.status}` };
    if (s.exit.reason === 'crashed') return { kind: 'error', label: `Emulator crashed${s.exit.detail ? `: ${s.exit.detail}` : ''}` };
    return { kind: 'stopped', label: 'Stopped' };
  }
  if (!s.started) return { kind: 'loading', label: 'Loading kernel…' };
  if (s.paused) return { kind: 'paused', label: 'Paused' };
  if (!s.bootDone) return { kind: 'booting', label: 'Booting…' };
  if (s.blockedOnInput) return { kind: 'blocked', label: 'Blocked on input' };
  return { kind: 'running', label: 'Running' };
}
