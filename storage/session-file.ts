/*
 * The single-file form of a session, for sharing or backup:
 *   "MINIOSS\0" | u32 file format | u32 manifest length | manifest JSON |
 *   chunk payloads (as stored, in manifest order) | thumbnail | sha256 of all before.
 * The manifest lists every chunk (hash, size, codec, stored length) and which
 * ones make the state, the base disk image and the overlay. Reading checks the
 * trailer, the manifest (zod) and every chunk's hash before anything is kept.
 */
import { z } from 'zod';
import { verifyChunk } from './chunks.ts';
import { StorageError } from './errors.ts';
import { sha256 } from './hash.ts';
import { MachineConfigSchema, NameSchema } from './schemas.ts';

const MAGIC = Buffer.from('MINIOSS\0', 'latin1');
export const SESSION_FILE_FORMAT = 1;
const HEAD = MAGIC.length + 8;
const TRAILER = 32;

const Hex32 = z.string().regex(/^[0-9a-f]{64}$/);
const Index = z.number().int().nonnegative();

export const ManifestSchema = z.strictObject({
  session: z.strictObject({
    name: NameSchema,
    createdAt: Index,
    updatedAt: Index,
    config: MachineConfigSchema,
    stateFormat: Index,
    stateSize: z.number().int().positive(),
    stateHash: Hex32,
  }),
  chunks: z.array(z.strictObject({ hash: Hex32, size: Index, codec: z.union([z.literal(0), z.literal(1)]), length: Index })),
  state: z.array(Index).min(1),
  thumbnailLength: Index,
  disk: z
    .strictObject({
      image: z.strictObject({ name: NameSchema, size: z.number().int().positive(), chunkSize: z.number().int().positive(), contentHash: Hex32, chunks: z.array(Index) }),
      overlay: z.array(z.tuple([Index, Index])),
    })
    .nullable(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** A chunk as it travels in the file: stored bytes plus what is needed to check them. */
export interface FileChunk {
  hash: Buffer;
  size: number;
  codec: 0 | 1;
  data: Uint8Array;
}

export interface SessionBundle {
  manifest: Manifest;
  chunks: FileChunk[];
  thumbnail: Uint8Array | null;
}

export function encodeSessionFile(b: SessionBundle): Buffer {
  const manifest = Buffer.from(JSON.stringify(b.manifest), 'utf8');
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(SESSION_FILE_FORMAT, MAGIC.length);
  head.writeUInt32LE(manifest.length, MAGIC.length + 4);
  const body = Buffer.concat([head, manifest, ...b.chunks.map((c) => c.data), b.thumbnail ?? Buffer.alloc(0)]);
  return Buffer.concat([body, sha256(body)]);
}

/** Parses and checks a session file; every failure is a 'bad-file' error naming `label`. */
export function decodeSessionFile(file: Buffer, label: string): SessionBundle {
  const bad = (why: string) => new StorageError('bad-file', `${label} is not a valid MiniOS session file: ${why}`);
  if (file.length < HEAD + TRAILER || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw bad('wrong signature');
  const format = file.readUInt32LE(MAGIC.length);
  if (format !== SESSION_FILE_FORMAT) throw bad(`file format ${format}, this version reads ${SESSION_FILE_FORMAT}`);
  const body = file.subarray(0, file.length - TRAILER);
  if (!sha256(body).equals(file.subarray(file.length - TRAILER))) throw bad('it is truncated or corrupt (checksum mismatch)');
  const mlen = file.readUInt32LE(MAGIC.length + 4);
  if (HEAD + mlen > body.length) throw bad('manifest length out of range');
  let json: unknown;
  try {
    json = JSON.parse(body.subarray(HEAD, HEAD + mlen).toString('utf8'));
  } catch {
    throw bad('manifest is not JSON');
  }
  const r = ManifestSchema.safeParse(json);
  if (!r.success) throw bad(`manifest: ${r.error.issues[0].message} (${r.error.issues[0].path.join('.')})`);
  const manifest = r.data;
  let off = HEAD + mlen;
  const chunks: FileChunk[] = manifest.chunks.map((c, i) => {
    if (off + c.length > body.length) throw bad(`chunk ${i} lies past the end`);
    const chunk: FileChunk = { hash: Buffer.from(c.hash, 'hex'), size: c.size, codec: c.codec, data: body.subarray(off, off + c.length) };
    off += c.length;
    try {
      verifyChunk({ idx: i, ...chunk, data: Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength) }, label);
    } catch (e) {
      throw bad((e as Error).message.replace(`${label}: `, ''));
    }
    return chunk;
  });
  if (off + manifest.thumbnailLength !== body.length) throw bad('payload length does not match the manifest');
  const thumbnail = manifest.thumbnailLength > 0 ? body.subarray(off) : null;
  const inRange = (i: number) => i < chunks.length;
  const d = manifest.disk;
  if (!manifest.state.every(inRange) || (d && (!d.image.chunks.every(inRange) || !d.overlay.every(([, c]) => inRange(c))))) {
    throw bad('a chunk reference is out of range');
  }
  return { manifest, chunks, thumbnail };
}
