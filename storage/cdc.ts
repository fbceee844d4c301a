/*
 * Content-defined chunking (FastCDC-style gear hash, 1-16 KiB, ~4 KiB average) for v86 state blobs.
 * v86 stores only non-zero RAM pages, packed one after another, so a page that
 * becomes non-zero shifts everything after it by 4 KiB. Cutting where the
 * content says (not every N bytes) lets the chunks after the shift match again,
 * which is what makes ten saves of a quiet machine cost little more than one.
 */
export const CDC_MIN = 1 << 10;
export const CDC_AVG = 4 << 10;
export const CDC_MAX = 16 << 10;
const MASK_SMALL = 0xfffc0000; // 14 top bits: harder to hit before the average size
const MASK_LARGE = 0xffc00000; // 10 top bits: easier after it

/** 256 fixed pseudo-random words (xorshift32 from a constant seed): must never change, or dedup of old saves is lost. */
const GEAR = (() => {
  const t = new Uint32Array(256);
  let x = 0x9e3779b9;
  for (let i = 0; i < 256; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    t[i] = x >>> 0;
  }
  return t;
})();

/** The end (exclusive) of the chunk that starts at `start`. */
export function cutPoint(data: Uint8Array, start: number): number {
  const left = data.length - start;
  if (left <= CDC_MIN) return data.length;
  const end = start + Math.min(left, CDC_MAX);
  const normal = start + Math.min(left, CDC_AVG);
  let h = 0;
  let i = start + CDC_MIN;
  for (; i < normal; i++) {
    h = ((h << 1) + GEAR[data[i]]) >>> 0;
    if ((h & MASK_SMALL) === 0) return i + 1;
  }
  for (; i < end; i++) {
    h = ((h << 1) + GEAR[data[i]]) >>> 0;
    if ((h & MASK_LARGE) === 0) return i + 1;
  }
  return end;
}

/** Splits `data` into content-defined chunks (views, not copies). */
export function contentChunks(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let start = 0; start < data.length; ) {
    const end = cutPoint(data, start);
    out.push(data.subarray(start, end));
    start = end;
  }
  return out;
}
