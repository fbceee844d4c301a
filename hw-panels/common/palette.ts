/*
 * Colours the panels draw with, one palette per theme. The renderer's CSS
 * uses the same values for the chrome around them (renderer/styles.css).
 */
import * as abi from '../../machine/abi/generated.ts';
import { KIND_UNKNOWN } from '../memory/memory-model.ts';

export interface Palette {
  name: 'dark' | 'light';
  bg: number;
  grid: number;
  text: number;
  textDim: number;
  accent: number;
  kinds: Record<number, number>;
  states: Record<number, number>;
  /** Colours handed out to event types in order of first appearance. */
  series: number[];
}

const kindsDark: Record<number, number> = {
  [abi.TEL_MEM_USABLE]: 0x2f6f57,
  [abi.TEL_MEM_RESERVED]: 0x6a5a48,
  [abi.TEL_MEM_KERNEL]: 0x4f7cff,
  [abi.TEL_MEM_TELEMETRY]: 0xc27ae0,
  [abi.TEL_MEM_STACK]: 0xf0a43a,
  [abi.TEL_MEM_VGA]: 0x3cc0cf,
  [abi.TEL_MEM_HEAP]: 0xe0707c,
  [abi.TEL_MEM_TASK_STACK]: 0xe8c25a,
  [abi.TEL_MEM_GUARD]: 0xf5f5f5,
  [abi.TEL_MEM_PAGE_TABLE]: 0x8f9bb3,
  [abi.TEL_MEM_USER]: 0x7bd389,
  [KIND_UNKNOWN]: 0x2b2e35,
};

export const DARK: Palette = {
  name: 'dark',
  bg: 0x16181d,
  grid: 0x2a2e36,
  text: 0xd4d7dd,
  textDim: 0x868c97,
  accent: 0x5aa2ff,
  kinds: kindsDark,
  states: {
    [abi.TEL_TASK_RUNNING]: 0x4cc274,
    [abi.TEL_TASK_READY]: 0xe8c25a,
    [abi.TEL_TASK_BLOCKED]: 0x8a5563,
    [abi.TEL_TASK_SLEEPING]: 0x4f86c6,
    [abi.TEL_TASK_EXITED]: 0x4a4f59,
  },
  series: [0x5aa2ff, 0x4cc274, 0xe8c25a, 0xe0707c, 0xc27ae0, 0x3cc0cf, 0xf0a43a, 0x9aa5b4, 0x7bd389, 0xff8fb1],
};

export const LIGHT: Palette = {
  name: 'light',
  bg: 0xfbfbfc,
  grid: 0xe3e5e9,
  text: 0x23262c,
  textDim: 0x6b717c,
  accent: 0x1f6fe0,
  kinds: {
    [abi.TEL_MEM_USABLE]: 0x8fd1b0,
    [abi.TEL_MEM_RESERVED]: 0xc9b79f,
    [abi.TEL_MEM_KERNEL]: 0x4f7cff,
    [abi.TEL_MEM_TELEMETRY]: 0xb15fd6,
    [abi.TEL_MEM_STACK]: 0xe8912a,
    [abi.TEL_MEM_VGA]: 0x1fa9b9,
    [abi.TEL_MEM_HEAP]: 0xd0505f,
    [abi.TEL_MEM_TASK_STACK]: 0xd9a91c,
    [abi.TEL_MEM_GUARD]: 0x23262c,
    [abi.TEL_MEM_PAGE_TABLE]: 0x6b7794,
    [abi.TEL_MEM_USER]: 0x4fb86a,
    [KIND_UNKNOWN]: 0xe6e8ec,
  },
  states: {
    [abi.TEL_TASK_RUNNING]: 0x2fa55a,
    [abi.TEL_TASK_READY]: 0xd9a91c,
    [abi.TEL_TASK_BLOCKED]: 0xd4a0aa,
    [abi.TEL_TASK_SLEEPING]: 0x5b93d6,
    [abi.TEL_TASK_EXITED]: 0xb9bec7,
  },
  series: [0x1f6fe0, 0x2fa55a, 0xd9a91c, 0xd0505f, 0xb15fd6, 0x1fa9b9, 0xe8912a, 0x6b717c, 0x4fb86a, 0xe0668f],
};

export function css(color: number): string {
  return '#' + color.toString(16).padStart(6, '0');
}

/** A stable colour per event type name. */
export function seriesColor(p: Palette, type: string): number {
  const order = ['log', 'test', 'task_state', 'mem_region', 'boot_step', 'boot_done', 'task_new', 'panic', 'power', 'unknown'];
  const i = order.indexOf(type);
  return p.series[(i < 0 ? order.length : i) % p.series.length];
}
