/**
 * A compact binary form of an Artifact (JSON plus named typed arrays), with a SHA-256 checksum so
 * that a truncated or corrupt file is detected and never read as a result.
 *
 * Layout (little-endian):
 *   "AUGA" | u32 format version | u32 header length | header JSON (UTF-8) | zero padding to 8 bytes
 *   | array bytes, each starting on an 8-byte boundary | 32-byte SHA-256 of everything before it
 * The header is { json, arrays: [{ name, type: 'f32' | 'i32', length, offset }], meta }; `meta` holds
 * facts about the entry itself (how long its task took), not part of the task's output.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Artifact } from '../components.ts';

const MAGIC = 0x41475541; // "AUGA" read as little-endian u32
const FORMAT_VERSION = 1;
const CHECKSUM_BYTES = 32;

/** Raised when bytes are not a valid artifact; the cache treats it as a miss and recomputes. */
export class CorruptArtifactError extends Error {}

interface ArrayEntry {
  name: string;
  type: 'f32' | 'i32';
  length: number;
  offset: number;
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** An artifact read back, with the facts stored beside it. */
export type StoredArtifact = Artifact & { meta: Record<string, unknown> };

/** Serialise an artifact to bytes (deterministic for the same input). */
export function encodeArtifact(artifact: Artifact, meta: Record<string, unknown> = {}): Buffer {
  const names = Object.keys(artifact.arrays).sort();
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const name of names) {
    const array = artifact.arrays[name];
    const type = array instanceof Float32Array ? 'f32' : array instanceof Int32Array ? 'i32' : null;
    if (!type) throw new Error(`artifact array '${name}' must be a Float32Array or an Int32Array`);
    entries.push({ name, type, length: array.length, offset });
    offset = align8(offset + array.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ json: artifact.json ?? null, arrays: entries, meta }), 'utf8');
  const dataStart = align8(12 + header.length);
  const body = Buffer.alloc(dataStart + offset);
  body.writeUInt32LE(MAGIC, 0);
  body.writeUInt32LE(FORMAT_VERSION, 4);
  body.writeUInt32LE(header.length, 8);
  header.copy(body, 12);
  for (const entry of entries) {
    const array = artifact.arrays[entry.name];
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(body, dataStart + entry.offset);
  }
  const checksum = createHash('sha256').update(body).digest();
  return Buffer.concat([body, checksum]);
}

/** The `meta` of a file written by encodeArtifact, read from its header alone (no checksum check:
 * for reports, not for results); null when the file is absent or its header is not one. */
export function readArtifactMeta(path: string): Record<string, unknown> | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const start = Buffer.alloc(12);
    if (readSync(fd, start, 0, 12, 0) < 12 || start.readUInt32LE(0) !== MAGIC) return null;
    const header = Buffer.alloc(start.readUInt32LE(8));
    if (readSync(fd, header, 0, header.length, 12) < header.length) return null;
    const parsed = JSON.parse(header.toString('utf8')) as { meta?: Record<string, unknown> };
    return parsed.meta ?? {};
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Parse bytes written by encodeArtifact; throws CorruptArtifactError on any inconsistency. */
export function decodeArtifact(bytes: Buffer): StoredArtifact {
  if (bytes.length < 12 + CHECKSUM_BYTES) throw new CorruptArtifactError('artifact is truncated');
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES);
  const stored = bytes.subarray(bytes.length - CHECKSUM_BYTES);
  if (!createHash('sha256').update(body).digest().equals(stored)) throw new CorruptArtifactError('artifact checksum mismatch');
  if (body.readUInt32LE(0) !== MAGIC) throw new CorruptArtifactError('not an augc artifact');
  if (body.readUInt32LE(4) !== FORMAT_VERSION) throw new CorruptArtifactError('unknown artifact format version');
  const headerLength = body.readUInt32LE(8);
  const dataStart = align8(12 + headerLength);
  let header: { json: unknown; arrays: ArrayEntry[]; meta?: Record<string, unknown> };
  try {
    header = JSON.parse(body.subarray(12, 12 + headerLength).toString('utf8'));
  } catch {
    throw new CorruptArtifactError('artifact header is not valid JSON');
  }
  const arrays: Artifact['arrays'] = {};
  for (const entry of header.arrays) {
    const width = 4;
    const start = dataStart + entry.offset;
    const end = start + entry.length * width;
    if (end > body.length) throw new CorruptArtifactError(`artifact array '${entry.name}' is truncated`);
    // copy into a fresh, aligned buffer: the typed array must not alias the file's bytes
    const copy = new ArrayBuffer(entry.length * width);
    new Uint8Array(copy).set(body.subarray(start, end));
    arrays[entry.name] = entry.type === 'f32' ? new Float32Array(copy) : new Int32Array(copy);
  }
  return { json: header.json, arrays, meta: header.meta ?? {} };
}
