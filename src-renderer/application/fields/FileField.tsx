import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentResult, ScannerFile } from '../../../src-shared/contract';
import type { ApiErrorCode } from '../../../src-shared/errors';
import { acceptedMediaTypes, filesOf, maxFiles } from '../../../src-shared/forms/engine';
import type { FileAnswer } from '../../../src-shared/forms/schema';
import { api, errorCodeOf } from '../../api/client';
import { useApplication } from '../../stores/application';
import { inputId } from './ids';
import { describedBy, FieldHint, FieldLabel, FieldMessage, type FieldProps } from './parts';

/** Thumbnails do not change for a hash: asked once per screen life. */
const thumbnails = new Map<string, Promise<{ dataUrl: string | null; pages: number | null }>>();

function thumbnailOf(sha256: string) {
  let pending = thumbnails.get(sha256);
  if (!pending) {
    pending = api.attachmentThumbnail({ sha256 });
    pending.catch(() => thumbnails.delete(sha256));
    thumbnails.set(sha256, pending);
  }
  return pending;
}

function Thumbnail({ file }: { file: FileAnswer }) {
  const { t } = useTranslation();
  const [thumb, setThumb] = useState<{ dataUrl: string | null; pages: number | null } | null>(null);
  useEffect(() => {
    let live = true;
    thumbnailOf(file.sha256).then(
      (found) => live && setThumb(found),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [file.sha256]);
  if (thumb?.dataUrl) return <img className="file-item__thumb" src={thumb.dataUrl} alt="" data-testid="file-thumbnail" />;
  return (
    <span className="file-item__thumb file-item__thumb--pdf" aria-hidden="true">
      {thumb?.pages ? t('attachments.pdfPages', { count: thumb.pages }) : t('attachments.pdf')}
    </span>
  );
}

/** Reads a chosen file as base64 (without the data-URL prefix). */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('read'));
    reader.readAsDataURL(file);
  });
}

/**
 * Scans and photos of documents: from the scanner's folder or, in the
 * browser shell, a file chooser. The core checks every file by its content
 * and stores it; the answer names the files.
 */
export function FileField({ field, value, error, onChange }: FieldProps) {
  const { t } = useTranslation();
  const draftId = useApplication((s) => s.draftId);
  const files = filesOf(value);
  const [refusal, setRefusal] = useState<ApiErrorCode | null>(null);
  const [scanner, setScanner] = useState<ScannerFile[] | null>(null);
  const [replacing, setReplacing] = useState<number | null>(null);
  const [working, setWorking] = useState(false);
  const browserShell = typeof window !== 'undefined' && !window.kiosk;
  const full = files.length >= maxFiles(field) && replacing === null;

  async function run(attach: () => Promise<AttachmentResult>) {
    if (!draftId || working) return;
    setWorking(true);
    setRefusal(null);
    try {
      const result = await attach();
      let value = result.value;
      const old = replacing !== null ? files[replacing] : undefined;
      if (old && result.attached) value = (await api.removeAttachment({ draftId, fieldId: field.id, sha256: old.sha256 })).value;
      onChange(value);
      setScanner(null);
      setReplacing(null);
    } catch (failure) {
      setRefusal(errorCodeOf(failure));
    } finally {
      setWorking(false);
    }
  }

  async function openScanner() {
    setRefusal(null);
    try {
      setScanner((await api.listScannerFiles({})).files);
    } catch (failure) {
      setRefusal(errorCodeOf(failure));
    }
  }

  async function remove(file: FileAnswer) {
    if (!draftId) return;
    setRefusal(null);
    try {
      onChange((await api.removeAttachment({ draftId, fieldId: field.id, sha256: file.sha256 })).value);
    } catch (failure) {
      setRefusal(errorCodeOf(failure));
    }
  }

  const shownError = refusal ? t(`errors.api.${refusal}`) : error;
  return (
    <fieldset className={`field fieldset${shownError ? ' field--error' : ''}`} aria-describedby={describedBy(field, shownError, true)}>
      <FieldLabel field={field} />
      <FieldHint field={field} extra={t('attachments.hint')} />
      <FieldMessage field={field} error={shownError} />
      {files.length === 0 ? (
        <p className="caption">{t('attachments.none')}</p>
      ) : (
        <ul className="file-list">
          {files.map((file, index) => (
            <li key={file.sha256} className="file-item" data-testid={`field-${field.id}-item-${index}`} aria-label={t('attachments.itemLabel', { name: file.fileName })}>
              <Thumbnail file={file} />
              <span className="file-item__text">
                <span className="file-item__name">{file.fileName}</span>
                <span className="caption">{t('attachments.size', { size: Math.max(1, Math.round(file.size / 1024)) })}</span>
              </span>
              <button
                type="button"
                className="button button--secondary"
                data-testid={`field-${field.id}-replace-${index}`}
                onClick={() => setReplacing(index)}
              >
                {t('attachments.replace')}
              </button>
              <button type="button" className="button button--secondary" data-testid={`field-${field.id}-remove-${index}`} onClick={() => void remove(file)}>
                {t('attachments.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {replacing !== null && files[replacing] && (
        <p className="caption" role="status">
          {t('attachments.replacing', { name: files[replacing].fileName })}
        </p>
      )}
      {working && (
        <p className="caption" role="status">
          {t('attachments.working')}
        </p>
      )}
      {!full && (
        <div className="file-actions">
          <button
            type="button"
            className="button button--secondary"
            id={inputId(field.id)}
            data-testid={`field-${field.id}-add-scanner`}
            onClick={() => void openScanner()}
          >
            {t('attachments.addFromScanner')}
          </button>
          {browserShell && (
            <label className="button button--secondary file-actions__choose">
              {t('attachments.choose')}
              <input
                type="file"
                className="visually-hidden"
                data-testid={`field-${field.id}-choose`}
                accept={acceptedMediaTypes(field).join(',')}
                onChange={(event) => {
                  const chosen = event.target.files?.[0];
                  event.target.value = '';
                  if (chosen && draftId) {
                    void run(async () =>
                      api.attachUploadedFile({ draftId, fieldId: field.id, fileName: chosen.name, dataBase64: await readAsBase64(chosen) }),
                    );
                  }
                }}
              />
            </label>
          )}
        </div>
      )}
      {scanner && (
        <div className="scanner-list" data-testid={`field-${field.id}-scanner`}>
          <p className="label">{t('attachments.scannerTitle')}</p>
          {scanner.length === 0 && <p className="caption">{t('attachments.scannerEmpty')}</p>}
          <ul className="file-list">
            {scanner.map((file) => (
              <li key={file.fileName}>
                <button
                  type="button"
                  className="button button--secondary scanner-list__file"
                  data-testid={`field-${field.id}-scanner-file-${file.fileName}`}
                  onClick={() => draftId && void run(() => api.attachScannedFile({ draftId, fieldId: field.id, fileName: file.fileName }))}
                >
                  {t('attachments.scannerFile', { name: file.fileName, size: Math.max(1, Math.round(file.size / 1024)) })}
                </button>
              </li>
            ))}
          </ul>
          <div className="file-actions">
            <button type="button" className="button button--secondary" onClick={() => void openScanner()}>
              {t('attachments.refresh')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setScanner(null)}>
              {t('attachments.close')}
            </button>
          </div>
        </div>
      )}
    </fieldset>
  );
}
