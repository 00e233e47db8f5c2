import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentMediaType } from '../../../src-shared/forms/schema';
import type { KioskDatabase } from '../db/database';


/**
 * Writes a file so that a crash leaves either nothing or all of it: temp
 * file, fsync, rename, fsync the folder. Asynchronous, so the fsyncs wait on
 * libuv's thread pool and not on the core's main thread.
 */
export async function writeFileAtomically(dir: string, name: string, bytes: Buffer): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temp, 'w', 0o600);
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, join(dir, name));
  try {
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // Some platforms cannot open a folder for fsync; the rename is still atomic.
  }
}

/** A blob is named by its SHA-256, so it is written once whoever attaches it again. */
export async function writeBlobOnce(dir: string, sha256: string, bytes: Buffer): Promise<void> {
  if (!existsSync(join(dir, sha256))) await writeFileAtomically(dir, sha256, bytes);
}

export interface StoredAttachment {
  sha256: string;
  mediaType: AttachmentMediaType;
  size: number;
  pages: number | null;
  thumbnailPng: Buffer | null;
}

interface AttachmentRow {
  sha256: string;
  media_type: AttachmentMediaType;
  size: number;
  pages: number | null;
  thumbnail_png: Buffer | null;
}

/**
 * Files stored content-addressed in `<dataDir>/attachments/<sha256>`, and the
 * references of drafts and applications to them. One file attached twice,
 * or shared by two applications, is one blob with several references; a
 * blob goes only when nothing refers to it any more.
 */
export function createAttachmentStore(db: KioskDatabase, dataDir: string) {
  const dir = join(dataDir, 'attachments');
  const insertFile = db.prepare(
    `INSERT INTO attachments (sha256, media_type, size, pages, thumbnail_png, stored_at)
     VALUES (@sha256, @mediaType, @size, @pages, @thumbnailPng, @now) ON CONFLICT (sha256) DO NOTHING`,
  );
  const selectFile = db.prepare<[string], AttachmentRow>('SELECT * FROM attachments WHERE sha256 = ?');
  const insertDraftRef = db.prepare<[string, string, string]>(
    'INSERT INTO draft_attachments (draft_id, field_id, sha256) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const deleteDraftRef = db.prepare<[string, string, string]>(
    'DELETE FROM draft_attachments WHERE draft_id = ? AND field_id = ? AND sha256 = ?',
  );
  const draftRefs = db.prepare<[string], { sha256: string }>('SELECT DISTINCT sha256 FROM draft_attachments WHERE draft_id = ?');
  const deleteDraftRefs = db.prepare<[string]>('DELETE FROM draft_attachments WHERE draft_id = ?');
  const draftFieldRefs = db.prepare<[string], { field_id: string; sha256: string }>(
    'SELECT field_id, sha256 FROM draft_attachments WHERE draft_id = ?',
  );
  const applicationRefs = db.prepare<[string], { sha256: string }>('SELECT sha256 FROM application_attachments WHERE application_id = ?');
  const deleteApplicationRefs = db.prepare<[string]>('DELETE FROM application_attachments WHERE application_id = ?');
  const insertApplicationRef = db.prepare<[string, string]>(
    'INSERT INTO application_attachments (application_id, sha256) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const filesOfApplications = db.prepare<[string], { application_id: string; sha256: string; size: number }>(
    `SELECT r.application_id, f.sha256, f.size FROM application_attachments r JOIN attachments f ON f.sha256 = r.sha256
     WHERE r.application_id IN (SELECT value FROM json_each(?)) AND f.uploaded_at IS NULL`,
  );
  const markUploaded = db.prepare<[string, string]>('UPDATE attachments SET uploaded_at = ? WHERE sha256 = ? AND uploaded_at IS NULL');
  const unreferenced = db.prepare<[string], { sha256: string }>(
    `SELECT sha256 FROM attachments WHERE sha256 = ?
       AND NOT EXISTS (SELECT 1 FROM draft_attachments WHERE sha256 = attachments.sha256)
       AND NOT EXISTS (SELECT 1 FROM application_attachments WHERE sha256 = attachments.sha256)`,
  );
  const deleteFile = db.prepare<[string]>('DELETE FROM attachments WHERE sha256 = ?');

  /** Removes the blobs of files nothing refers to any more; call after the transaction that dropped a reference. */
  function collect(candidates: string[]): void {
    for (const sha256 of candidates) {
      const gone = db.transaction(() => {
        if (!unreferenced.get(sha256)) return false;
        deleteFile.run(sha256);
        return true;
      })();
      if (gone) rmSync(join(dir, sha256), { force: true });
    }
  }

  return {
    /** Writes the blob (once: the same bytes are the same name) before any row refers to it. */
    writeBlob: (sha256: string, bytes: Buffer): Promise<void> => writeBlobOnce(dir, sha256, bytes),
    /** The folder of the blobs, for the worker that checks and writes them. */
    blobDir: (): string => dir,
    blobPath(sha256: string): string {
      return join(dir, sha256);
    },
    /** Inside the caller's transaction: the file's row (if new) and the draft's reference. */
    addToDraft(file: StoredAttachment, draftId: string, fieldId: string, now: string): void {
      insertFile.run({ ...file, now });
      insertDraftRef.run(draftId, fieldId, file.sha256);
    },
    /** Inside the caller's transaction; `collect` afterwards removes a blob left without references. */
    removeFromDraft(draftId: string, fieldId: string, sha256: string): void {
      deleteDraftRef.run(draftId, fieldId, sha256);
    },
    collect,
    file(sha256: string): StoredAttachment | null {
      const row = selectFile.get(sha256);
      if (!row) return null;
      return { sha256: row.sha256, mediaType: row.media_type, size: row.size, pages: row.pages, thumbnailPng: row.thumbnail_png };
    },
    /** Whether the draft holds this file (in any of its fields): a hostile renderer cannot name another's file. */
    draftHolds(draftId: string): Set<string> {
      return new Set(draftRefs.all(draftId).map((row) => row.sha256));
    },
    /** At submit, inside its transaction: the application takes over the draft's files. */
    moveDraftToApplication(draftId: string, applicationId: string, sha256s: string[]): string[] {
      const held = draftRefs.all(draftId).map((row) => row.sha256);
      for (const sha256 of sha256s) insertApplicationRef.run(applicationId, sha256);
      deleteDraftRefs.run(draftId);
      return held;
    },
    /** When a draft is deleted: drops its references (then `collect` the returned candidates). */
    releaseDraft(draftId: string): string[] {
      const held = draftRefs.all(draftId).map((row) => row.sha256);
      deleteDraftRefs.run(draftId);
      return held;
    },
    /**
     * After a draft moved to a newer form version, inside that transaction:
     * drops the references the new answers no longer hold (`keep` maps a
     * field id to the files its answer still names). `collect` the result.
     */
    keepDraftFiles(draftId: string, keep: ReadonlyMap<string, ReadonlySet<string>>): string[] {
      const dropped: string[] = [];
      for (const ref of draftFieldRefs.all(draftId)) {
        if (keep.get(ref.field_id)?.has(ref.sha256)) continue;
        deleteDraftRef.run(draftId, ref.field_id, ref.sha256);
        dropped.push(ref.sha256);
      }
      return dropped;
    },
    /** When an application's personal data is purged, inside that transaction: its files let go (then `collect`). */
    releaseApplication(applicationId: string): string[] {
      const held = applicationRefs.all(applicationId).map((row) => row.sha256);
      deleteApplicationRefs.run(applicationId);
      return held;
    },
    /**
     * The files these applications carry that the central service is not
     * known to hold yet, with the applications naming each (one query for a
     * whole batch).
     */
    filesToUpload(applicationIds: string[]): Map<string, { size: number; applicationIds: string[] }> {
      const files = new Map<string, { size: number; applicationIds: string[] }>();
      if (applicationIds.length === 0) return files;
      for (const row of filesOfApplications.all(JSON.stringify(applicationIds))) {
        const file = files.get(row.sha256) ?? { size: row.size, applicationIds: [] };
        file.applicationIds.push(row.application_id);
        files.set(row.sha256, file);
      }
      return files;
    },
    /** The service holds these files (it said so, or took the last byte): never sent again. */
    markUploaded(sha256s: string[], now: string): void {
      if (sha256s.length === 0) return;
      db.transaction(() => {
        for (const sha256 of sha256s) markUploaded.run(now, sha256);
      })();
    },
  };
}
export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
