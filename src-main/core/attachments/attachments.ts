import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentResult, ScannerFile } from '../../../src-shared/contract';
import { KioskError } from '../../../src-shared/errors';
import { acceptedMediaTypes, filesOf, maxFiles } from '../../../src-shared/forms/engine';
import type { AnswerValue, Answers, FieldDefinition, FileAnswer } from '../../../src-shared/forms/schema';
import { resolveDraftChoice } from '../catalog/catalog';
import type { CatalogStore } from '../catalog/versions';
import type { KioskDatabase } from '../db/database';
import type { DraftStore } from '../drafts/drafts';
import type { Offload } from '../offload/offload';
import { DEFAULT_MAX_ATTACHMENT_BYTES, isRefusal } from './inspect';
import { sha256Hex, type AttachmentStore } from './store';

export interface AttachmentServiceOptions {
  db: KioskDatabase;
  drafts: DraftStore;
  catalogs: CatalogStore;
  store: AttachmentStore;
  /** The folder the kiosk's scanner writes to; null: no scanner. */
  scannerDir: string | null;
  /** Where files are decoded and thumbnails drawn: the core's worker thread in the shells. */
  offload: Pick<Offload, 'inspect'>;
  maxBytes?: number;
  maxPixels?: number;
  nowIso: () => string;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

const SCANNER_LIST_MAX = 200;

/** A name the scanner folder may hold and a citizen may pick: plain, no hidden or temporary files. */
function isPlainName(name: string): boolean {
  return !/[/\\\u0000-\u001f]/.test(name) && !name.startsWith('.') && name.length <= 200;
}

export function createAttachmentService(options: AttachmentServiceOptions) {
  const { db, drafts, catalogs, store, nowIso, log } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;

  function fileFieldOf(draftId: string, fieldId: string) {
    const draft = drafts.load(draftId);
    const { form } = resolveDraftChoice(catalogs, draft);
    const field = form.pages.flatMap((page) => page.fields).find((f) => f.id === fieldId);
    if (!field || field.type !== 'file') throw new KioskError('input.invalid');
    return { draft, field };
  }

  async function inspectOffThread(bytes: Buffer) {
    // A size check first, so an over-limit file is not even copied to the worker.
    if (bytes.length > maxBytes) return { inspected: 'attachment.tooLarge' as const, thumbnail: null };
    const limits = options.maxPixels === undefined ? { maxBytes } : { maxBytes, maxPixels: options.maxPixels };
    const { inspected, thumbnailPng } = await options.offload.inspect({ bytes: new Uint8Array(bytes), limits });
    return { inspected, thumbnail: thumbnailPng ? Buffer.from(thumbnailPng) : null };
  }

  async function attach(draftId: string, fieldId: string, fileName: string, bytes: Buffer): Promise<AttachmentResult> {
    const { field } = fileFieldOf(draftId, fieldId);
    const { inspected, thumbnail } = await inspectOffThread(bytes);
    if (isRefusal(inspected)) {
      log('attachment.refused', { draftId, code: inspected });
      throw new KioskError(inspected);
    }
    if (!acceptedMediaTypes(field).includes(inspected.mediaType)) throw new KioskError('attachment.notAccepted');
    const sha256 = sha256Hex(bytes);
    const thumbnailPng = thumbnail;
    await store.writeBlob(sha256, bytes);
    const attached: FileAnswer = { sha256, fileName: fileName.slice(0, 200), mediaType: inspected.mediaType, size: bytes.length };
    const value = db.transaction(() => {
      // Read again inside the transaction: the answer as it is now, not as it was before the file was checked.
      const draft = drafts.load(draftId);
      const files = filesOf(draft.answers[fieldId]);
      if (files.some((file) => file.sha256 === sha256)) throw new KioskError('attachment.twice');
      if (files.length >= maxFiles(field)) throw new KioskError('attachment.tooMany');
      const next = [...files, attached];
      store.addToDraft({ sha256, mediaType: inspected.mediaType, size: bytes.length, pages: inspected.pages ?? null, thumbnailPng }, draftId, fieldId, nowIso());
      drafts.save(draftId, { ...draft.answers, [fieldId]: next }, draft.pageId, nowIso());
      return next;
    })();
    log('attachment.attached', { draftId, fieldId, mediaType: inspected.mediaType, size: bytes.length });
    return { fieldId, value, attached };
  }

  function scannerPath(fileName: string): string {
    if (!options.scannerDir) throw new KioskError('attachment.noScanner');
    if (!isPlainName(fileName)) throw new KioskError('input.invalid');
    return join(options.scannerDir, fileName);
  }

  return {
    async listScannerFiles(): Promise<{ files: ScannerFile[] }> {
      if (!options.scannerDir) throw new KioskError('attachment.noScanner');
      let names: string[];
      try {
        names = await readdir(options.scannerDir);
      } catch {
        return { files: [] };
      }
      const found: (ScannerFile & { mtime: number })[] = [];
      for (const name of names) {
        if (!isPlainName(name)) continue;
        const info = await lstat(join(options.scannerDir, name)).catch(() => null);
        if (info?.isFile()) found.push({ fileName: name, size: info.size, mtime: info.mtimeMs });
      }
      found.sort((a, b) => b.mtime - a.mtime || (a.fileName < b.fileName ? -1 : 1));
      return { files: found.slice(0, SCANNER_LIST_MAX).map(({ fileName, size }) => ({ fileName, size })) };
    },

    async attachScannedFile(draftId: string, fieldId: string, fileName: string): Promise<AttachmentResult> {
      fileFieldOf(draftId, fieldId);
      const path = scannerPath(fileName);
      // lstat: a link in the scanner's folder could point anywhere on the machine.
      const info = await lstat(path).catch(() => null);
      if (!info?.isFile()) throw new KioskError('attachment.notFound');
      if (info.size > maxBytes) throw new KioskError('attachment.tooLarge');
      const bytes = await readFile(path).catch(() => null);
      if (!bytes) throw new KioskError('attachment.notFound');
      return attach(draftId, fieldId, fileName, bytes);
    },

    async attachUploadedFile(draftId: string, fieldId: string, fileName: string, dataBase64: string): Promise<AttachmentResult> {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64)) throw new KioskError('input.invalid');
      // Checked before decoding: the decoded size is three quarters of the text.
      if (Math.floor((dataBase64.length * 3) / 4) - 2 > maxBytes) throw new KioskError('attachment.tooLarge');
      return attach(draftId, fieldId, fileName.replace(/^.*[/\\]/, '') || 'file', Buffer.from(dataBase64, 'base64'));
    },

    removeAttachment(draftId: string, fieldId: string, sha256: string): AttachmentResult {
      fileFieldOf(draftId, fieldId);
      const value = db.transaction(() => {
        const draft = drafts.load(draftId);
        const next = filesOf(draft.answers[fieldId]).filter((file) => file.sha256 !== sha256);
        store.removeFromDraft(draftId, fieldId, sha256);
        drafts.save(draftId, { ...draft.answers, [fieldId]: next }, draft.pageId, nowIso());
        return next;
      })();
      store.collect([sha256]);
      log('attachment.removed', { draftId, fieldId });
      return { fieldId, value, attached: null };
    },

    thumbnail(sha256: string): { dataUrl: string | null; pages: number | null } {
      const file = store.file(sha256);
      if (!file) throw new KioskError('attachment.notFound');
      return {
        dataUrl: file.thumbnailPng ? `data:image/png;base64,${file.thumbnailPng.toString('base64')}` : null,
        pages: file.pages,
      };
    },
  };
}
export type AttachmentService = ReturnType<typeof createAttachmentService>;

function isFileList(value: AnswerValue | undefined): boolean {
  return Array.isArray(value) && value.length > 0 && filesOf(value).length === value.length;
}

/**
 * Files change only through attach and remove, which write the draft
 * themselves: an autosave from the renderer carries the file answers it had
 * when it was scheduled, and must not put back a removed file or drop one
 * attached since. So the stored file answers win over the ones sent.
 */
export function keepStoredFiles(stored: Answers, sent: Answers): Answers {
  const kept: Answers = { ...sent };
  for (const key of new Set([...Object.keys(stored), ...Object.keys(sent)])) {
    if (!isFileList(stored[key]) && !isFileList(sent[key])) continue;
    const value = stored[key];
    if (value === undefined) delete kept[key];
    else kept[key] = value;
  }
  return kept;
}

/** The file fields' files of a set of answers, once each. */
export function filesOfFields(fields: FieldDefinition[], answers: Record<string, unknown>): FileAnswer[] {
  const seen = new Map<string, FileAnswer>();
  for (const field of fields) {
    if (field.type !== 'file') continue;
    for (const file of filesOf(answers[field.id] as never)) if (!seen.has(file.sha256)) seen.set(file.sha256, file);
  }
  return [...seen.values()];
}
