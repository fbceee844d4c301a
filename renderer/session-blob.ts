/*
 * What the studio stores as a session's "state": v86's save_state plus the
 * console's text, so a restored machine shows its history. It is a host-api
 * frame (meta { console }, part "v86"); STATE_FORMAT names this layout, and
 * the store refuses a session saved in another format instead of guessing.
 */
import { decodeFrame, encodeFrame } from '../app/common/host-api.ts';

export const STATE_FORMAT = 1;

export function packState(v86State: Uint8Array, consoleText: string): Uint8Array {
  return encodeFrame({ console: consoleText }, { v86: v86State });
}

export function unpackState(blob: Uint8Array): { v86State: Uint8Array; consoleText: string } {
  const { meta, parts } = decodeFrame(blob, 'saved machine state');
  const text = (meta as { console?: unknown } | null)?.console;
  if (!parts.v86 || parts.v86.length === 0 || typeof text !== 'string') throw new Error('the saved machine state is not in the studio\'s format');
  return { v86State: parts.v86, consoleText: text };
}
