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
import type { InspectionJob } from '../offload/jobs';
import { DEFAULT_MAX_ATTACHMENT_BYTES } from './limits';
import type { AttachmentStore } from './store';

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

  async function attach(draftId: string, fieldId: string, fileName: string, source: InspectionJob['source']): Promise<AttachmentResult> {
    const { field } = fileFieldOf(draftId, fieldId);
    const limits = options.maxPixels === undefined ? { maxBytes } : { maxBytes, maxPixels: options.maxPixels };
    const result = await options.offload.inspect({ source, limits, accept: acceptedMediaTypes(field), blobDir: store.blobDir() });
    const { inspected, sha256, size } = result;
    if (typeof inspected === 'string' || sha256 === null) {
      const code = typeof inspected === 'string' ? inspected : 'internal';
      log('attachment.refused', { draftId, code });
      throw new KioskError(code);
    }
    const thumbnailPng = result.thumbnailPng ? Buffer.from(result.thumbnailPng) : null;
    const attached: FileAnswer = { sha256, fileName: fileName.slice(0, 200), mediaType: inspected.mediaType, size };
    const value = db.transaction(() => {
      // Read again inside the transaction: the answer as it is now, not as it was before the file was checked.
      const draft = drafts.load(draftId);
      const files = filesOf(draft.answers[fieldId]);
      if (files.some((file) => file.sha256 === sha256)) throw new KioskError('attachment.twice');
      if (files.length >= maxFiles(field)) throw new KioskError('attachment.tooMany');
      const next = [...files, attached];
      store.addToDraft({ sha256, mediaType: inspected.mediaType, size, pages: inspected.pages ?? null, thumbnailPng }, draftId, fieldId, nowIso());
      drafts.save(draftId, { ...draft.answers, [fieldId]: next }, draft.pageId, nowIso());
      return next;
    })();
    log('attachment.attached', { draftId, fieldId, mediaType: inspected.mediaType, size });
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
      return attach(draftId, fieldId, fileName, { bytes });
    },

    async attachUploadedFile(draftId: string, fieldId: string, fileName: string, dataBase64: string): Promise<AttachmentResult> {
      // Checked before decoding: the decoded size is three quarters of the text.
      if (Math.floor((dataBase64.length * 3) / 4) - 2 > maxBytes) throw new KioskError('attachment.tooLarge');
      // Decoded (and its alphabet checked) on the worker thread, with the rest of the file's work.
      return attach(draftId, fieldId, fileName.replace(/^.*[/\\]/, '') || 'file', { base64: dataBase64 });
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
