/*
 * Validation of everything that comes from outside the storage layer: names,
 * machine configurations, session inputs, files. One zod schema per shape;
 * parse() turns a failure into an 'invalid-input' StorageError with one line.
 */
import { z } from 'zod';
import { StorageError } from './errors.ts';

export const NameSchema = z
  .string()
  .trim()
  .min(1, 'a name cannot be empty')
  .max(200, 'a name is at most 200 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a name cannot contain control characters');

/** An image or session: by id (number, or digits that are not also a name) or by name. */
export const RefSchema = z.union([z.number().int().positive(), z.string().min(1).max(200)]);
export type Ref = z.infer<typeof RefSchema>;

/** What a saved machine state depends on; its hash must match to restore. */
export const MachineConfigSchema = z.strictObject({
  engine: z.enum(['v86', 'qemu']),
  /** e.g. "0.5.462": a state from another emulator version may not load. */
  engineVersion: z.string().min(1).max(64),
  memoryBytes: z.number().int().positive(),
  vgaMemoryBytes: z.number().int().nonnegative(),
  /** sha256 (hex) of the kernel file that was booted. */
  kernelHash: z.string().regex(/^[0-9a-f]{64}$/, 'kernelHash must be a sha256 in hex'),
  cmdline: z.string().max(4096),
});
export type MachineConfig = z.infer<typeof MachineConfigSchema>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const MAX_THUMBNAIL_BYTES = 4 << 20;

const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes (a Uint8Array)');
export const ThumbnailSchema = Bytes.refine((b) => b.length <= MAX_THUMBNAIL_BYTES, 'thumbnail is larger than 4 MiB').refine(
  (b) => b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v),
  'thumbnail is not a PNG',
);

export const SaveSessionSchema = z.strictObject({
  name: NameSchema,
  config: MachineConfigSchema,
  /** The caller's version of the state blob's format (e.g. bumped when v86's save_state changes). */
  stateFormat: z.number().int().nonnegative(),
  state: Bytes.refine((b) => b.length > 0, 'the machine state is empty'),
  thumbnail: ThumbnailSchema.optional(),
  /** The machine's disk: its current bytes and the image it started from; only differing chunks are stored. */
  disk: z.strictObject({ imageId: z.number().int().positive(), bytes: Bytes }).optional(),
  /** Overwrite this existing session (Save) instead of creating a new one (Save as). */
  replace: RefSchema.optional(),
});
export type SaveSessionInput = z.input<typeof SaveSessionSchema>;

export const ExpectSchema = z.strictObject({ config: MachineConfigSchema, stateFormat: z.number().int().nonnegative() });
export type RestoreExpectation = z.infer<typeof ExpectSchema>;

/** Parses `value` with `schema`, or throws an 'invalid-input' StorageError naming the first problem. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
  throw new StorageError('invalid-input', `${what}: ${issue.message}${path}`);
}
