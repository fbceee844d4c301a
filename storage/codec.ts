/*
 * How a chunk's bytes are kept: raw (disk images: speed matters, and identical
 * zero chunks are stored once anyway) or raw-deflate at level 1 (v86 state:
 * RAM pages compress 2-3x). Node's native zlib is 2-4x faster than fflate here.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export const CODEC_RAW = 0;
export const CODEC_DEFLATE = 1;
export type Codec = typeof CODEC_RAW | typeof CODEC_DEFLATE;

/** Compresses when asked and when it pays (saves at least 1/8); otherwise keeps the bytes raw. */
export function encodeChunk(bytes: Uint8Array, compress: boolean): { codec: Codec; data: Uint8Array } {
  if (compress) {
    const z = deflateRawSync(bytes, { level: 1 });
    if (z.length < bytes.length - (bytes.length >> 3)) return { codec: CODEC_DEFLATE, data: z };
  }
  return { codec: CODEC_RAW, data: bytes };
}

/** Decodes a stored chunk; throws a plain Error on an unknown codec or bad compressed data. */
export function decodeChunk(codec: number, data: Uint8Array, size: number): Uint8Array {
  if (codec === CODEC_RAW) return data;
  if (codec === CODEC_DEFLATE) return inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  throw new Error(`unknown codec ${codec}`);
}
