import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { filesOf } from '../../src-shared/forms/engine';
import type { ApplicationEnvelope } from '../../src-shared/sync/wire';
import { type CentralDatabase, prepared } from '../database';
import { sha256Hex } from '../hashing';

/** Where the service keeps attachments, content-addressed, beside its database. */
export function attachmentsDirOf(dbPath: string): string {
  return join(dbPath, '..', 'attachments');
}

/** Makes a rename durable: the directory entry is on disk, not only the file's bytes. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    // Some platforms cannot open or fsync a directory; there the rename is as durable as the OS makes it.
    const code = (error as { code?: unknown }).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Temp file, fsync, rename: a crash leaves either no file or the whole one. */
function writeAtomically(dir: string, name: string, bytes: Buffer): void {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  fsyncDirectory(dir);
}

/** The row that says we hold a file; written only once its bytes are in place under their hash. */
export function recordAttachment(
  db: CentralDatabase,
  file: { sha256: string; size: number },
  kioskId: string,
  now: Date,
): void {
  prepared(
    db,
    'INSERT INTO attachments (sha256, size, kiosk_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
  ).run(file.sha256, file.size, kioskId, now.toISOString());
}

/** Stores bytes under their hash; the row is written after the file, so a row always means the bytes are there. */
export function storeAttachment(db: CentralDatabase, dir: string, kioskId: string, bytes: Buffer, now: Date): void {
  const sha256 = sha256Hex(bytes);
  if (!existsSync(join(dir, sha256))) writeAtomically(dir, sha256, bytes);
  recordAttachment(db, { sha256, size: bytes.length }, kioskId, now);
}

export function heldAttachments(db: CentralDatabase, sha256s: string[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const sha256 of sha256s) {
    const size = heldAttachmentSize(db, sha256);
    if (size !== undefined) held.set(sha256, size);
  }
  return held;
}

export function heldAttachmentSize(db: CentralDatabase, sha256: string): number | undefined {
  return prepared<{ size: number }>(db, 'SELECT size FROM attachments WHERE sha256 = ?').get(sha256)?.size;
}

/** Only an object with a `sha256` can be a file reference: lists of choices or persons need no schema parse. */
function mayHoldFiles(value: unknown): boolean {
  return Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null && 'sha256' in item);
}

/** The files an envelope's answers name, once each. */
export function attachmentsOf(envelope: ApplicationEnvelope): { sha256: string; size: number }[] {
  const seen = new Map<string, number>();
  for (const value of Object.values(envelope.answers)) {
    if (!mayHoldFiles(value)) continue;
    for (const file of filesOf(value)) seen.set(file.sha256, file.size);
  }
  return [...seen].map(([sha256, size]) => ({ sha256, size }));
}

/** Why the service cannot take an envelope's attachments: one it does not hold, or holds with another size. */
export function attachmentProblem(db: CentralDatabase, files: { sha256: string; size: number }[]): 'attachment.missing' | null {
  if (files.length === 0) return null;
  const held = heldAttachments(
    db,
    files.map((f) => f.sha256),
  );
  return files.every((file) => held.get(file.sha256) === file.size) ? null : 'attachment.missing';
}

export function linkAttachments(db: CentralDatabase, applicationId: string, files: { sha256: string }[]): void {
  for (const file of files) {
    prepared(db, 'INSERT INTO application_attachments (application_id, sha256) VALUES (?, ?) ON CONFLICT DO NOTHING').run(
      applicationId,
      file.sha256,
    );
  }
}
