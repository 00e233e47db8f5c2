import { createHash } from 'node:crypto';
import { constants, createReadStream, mkdirSync } from 'node:fs';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CentralDatabase } from '../database';
import { fsyncDirectory, heldAttachmentSize, recordAttachment } from './store';

/**
 * Resumable uploads (docs/sync-protocol.md, "Attachments"). Each kiosk
 * writes its own part file, `<sha256>.<kioskId>.part`: two kiosks sending the
 * same file at once never write into each other's bytes, and a kiosk that
 * sends garbage spoils only its own upload. Whichever part completes first
 * is checked and moved into place; the content is the same by its hash.
 */

export interface ChunkUpload {
  sha256: string;
  /** Where this chunk starts in the file. */
  offset: number;
  /** The whole file's size (`x-attachment-size`). */
  size: number;
  bytes: Buffer;
}

export type ChunkOutcome =
  | { ok: true; received: number; complete: boolean }
  | { ok: false; code: 'attachment.offset'; received: number }
  | { ok: false; code: 'attachment.hashMismatch' };

export interface UploadDeps {
  db: CentralDatabase;
  dir: string;
  kioskId: string;
  now: () => Date;
}

export function partPathOf(dir: string, sha256: string, kioskId: string): string {
  return join(dir, `${sha256}.${kioskId}.part`);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return 0;
    throw error;
  }
}

async function removeIfThere(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
  }
}

/**
 * Once a file is held, the parts of it any kiosk left behind (an upload that
 * broke off while another kiosk sent the file whole) are removed: they are
 * pieces of a citizen's document, and nothing would ever finish them.
 */
export async function discardPartials(dir: string, sha256: string, kioskId?: string): Promise<void> {
  if (kioskId !== undefined) {
    const own = partPathOf(dir, sha256, kioskId);
    return withPartLock(own, () => removeIfThere(own));
  }
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  // Each under its own lock: a chunk of that kiosk being written or checked is left to finish first.
  const parts = names.filter((name) => name.startsWith(`${sha256}.`) && name.endsWith('.part')).map((name) => join(dir, name));
  await Promise.all(parts.map((part) => withPartLock(part, () => removeIfThere(part))));
}

/** Bytes of an unfinished upload this kiosk has sent us (0 when none). */
export function partialBytes(dir: string, sha256: string, kioskId: string): Promise<number> {
  return sizeOf(partPathOf(dir, sha256, kioskId));
}

/** Writes the chunk at exactly its offset and fsyncs: what we answer as received is on disk. */
async function writeAt(path: string, bytes: Buffer, offset: number): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT, 0o600);
  try {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, offset + written);
      written += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Operations on one part file, one at a time in this process: a chunk
 * resent while the first copy is still being written waits for it, then
 * finds the offset moved (409) instead of writing beside it.
 */
const partLocks = new Map<string, Promise<unknown>>();

async function withPartLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = partLocks.get(key) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  partLocks.set(key, settled);
  try {
    return await run;
  } finally {
    if (partLocks.get(key) === settled) partLocks.delete(key);
  }
}

/** The whole part arrived: kept under its hash (rename, then the row) when the bytes hash to the name, else dropped. */
async function completeUpload(deps: UploadDeps, part: string, upload: ChunkUpload): Promise<ChunkOutcome> {
  if ((await sha256OfFile(part)) !== upload.sha256) {
    await removeIfThere(part);
    return { ok: false, code: 'attachment.hashMismatch' };
  }
  await rename(part, join(deps.dir, upload.sha256));
  fsyncDirectory(deps.dir);
  recordAttachment(deps.db, { sha256: upload.sha256, size: upload.size }, deps.kioskId, deps.now());
  return { ok: true, received: upload.size, complete: true };
}

/**
 * Takes one chunk of a kiosk's upload. The caller has checked that the
 * chunk is within the declared size and the declared size within our limit.
 */
export async function receiveChunk(deps: UploadDeps, upload: ChunkUpload): Promise<ChunkOutcome> {
  const outcome = await receiveChunkLocked(deps, upload);
  // Outside this kiosk's lock, so two kiosks finishing the same file at once never wait on each other.
  if (outcome.ok && outcome.complete) await discardPartials(deps.dir, upload.sha256);
  return outcome;
}

function receiveChunkLocked(deps: UploadDeps, upload: ChunkUpload): Promise<ChunkOutcome> {
  const part = partPathOf(deps.dir, upload.sha256, deps.kioskId);
  return withPartLock(part, async (): Promise<ChunkOutcome> => {
    const held = heldAttachmentSize(deps.db, upload.sha256);
    if (held !== undefined) {
      // Another kiosk (or an earlier upload) finished it: nothing more to send, and this part is not needed.
      await removeIfThere(part);
      return { ok: true, received: held, complete: true };
    }
    const received = await sizeOf(part);
    if (upload.offset !== received) return { ok: false, code: 'attachment.offset', received };
    mkdirSync(deps.dir, { recursive: true });
    if (upload.bytes.length > 0) await writeAt(part, upload.bytes, upload.offset);
    const now = upload.offset + upload.bytes.length;
    if (now < upload.size) return { ok: true, received: now, complete: false };
    return completeUpload(deps, part, upload);
  });
}
