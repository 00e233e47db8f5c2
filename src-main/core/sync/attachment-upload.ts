import { open } from 'node:fs/promises';
import { ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_CHECK } from '../../../src-shared/sync/wire';
import type { AttachmentStore } from '../attachments/store';
import { CentralFailure, type CentralClient, type Signer } from './central-client';
import { yieldToLoop } from './pacing';

export interface UploadDeps {
  attachments: Pick<AttachmentStore, 'filesToUpload' | 'markUploaded' | 'blobPath'>;
  client: CentralClient;
  signer: Signer;
  /** Runs a request, signing it again once if the service corrected the kiosk's clock. */
  request: <T>(call: () => Promise<T>) => Promise<T>;
  nowIso: () => string;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

/** Why one file could not be put on the service; the applications naming it wait, the others go on. */
export type FileProblem = string;

/**
 * Before a batch goes, the files its applications carry: those the kiosk
 * does not know the service holds are checked, the missing ones uploaded in
 * chunks (resumed from what the service already has). Returns, for each
 * application that cannot go now, the code of its file's problem. A network
 * failure or a refusal of the kiosk itself (auth) throws: the round stops.
 */
export async function uploadFilesOf(deps: UploadDeps, applicationIds: string[]): Promise<Map<string, FileProblem>> {
  const blocked = new Map<string, FileProblem>();
  const files = deps.attachments.filesToUpload(applicationIds);
  const hashes = [...files.keys()];
  for (let start = 0; start < hashes.length; start += MAX_ATTACHMENT_CHECK) {
    const asked = hashes.slice(start, start + MAX_ATTACHMENT_CHECK);
    const answer = await deps.request(() => deps.client.checkAttachments(deps.signer, asked));
    const missing = new Set(answer.missing);
    deps.attachments.markUploaded(
      asked.filter((sha256) => !missing.has(sha256)),
      deps.nowIso(),
    );
    for (const sha256 of asked) {
      const file = files.get(sha256);
      if (!file || !missing.has(sha256)) continue;
      const problem = await uploadFile(deps, sha256, file.size, answer.received[sha256] ?? 0);
      if (problem === null) {
        deps.attachments.markUploaded([sha256], deps.nowIso());
        continue;
      }
      deps.log('sync.attachmentBlocked', { code: problem, applications: file.applicationIds.length });
      for (const id of file.applicationIds) blocked.set(id, problem);
    }
  }
  return blocked;
}

/**
 * One file, chunk after chunk from `from` (what the service said it holds).
 * Null once the service has it whole; a problem code when this file cannot
 * go (unreadable here, or refused by the service for itself).
 */
async function uploadFile(deps: UploadDeps, sha256: string, size: number, from: number): Promise<FileProblem | null> {
  let handle;
  try {
    handle = await open(deps.attachments.blobPath(sha256), 'r');
  } catch {
    return 'attachment.unreadable';
  }
  try {
    if ((await handle.stat()).size !== size) return 'attachment.unreadable';
    let offset = Math.min(Math.max(0, from), size);
    if (offset > 0) deps.log('sync.attachmentResumed', { offset, size });
    // Each chunk moves forward; a service that keeps us in place is not followed for ever.
    const maxSteps = 2 * Math.ceil(size / ATTACHMENT_CHUNK_BYTES) + 4;
    for (let step = 0; step < maxSteps; step += 1) {
      const length = Math.min(ATTACHMENT_CHUNK_BYTES, size - offset);
      const bytes = Buffer.alloc(length);
      const { bytesRead } = await handle.read(bytes, 0, length, offset);
      if (bytesRead !== length) return 'attachment.unreadable';
      const next = await sendChunk(deps, { sha256, offset, size, bytes });
      if (next === 'complete') return null;
      if (typeof next === 'string') return next;
      offset = Math.min(next.received, size);
      await yieldToLoop();
    }
    return 'attachment.noProgress';
  } catch (error) {
    if (error instanceof CentralFailure) throw error;
    // The file went bad under us (a read error): this file's applications wait.
    return 'attachment.unreadable';
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** 'complete', where to go on from, or this file's problem. */
async function sendChunk(
  deps: UploadDeps,
  chunk: { sha256: string; offset: number; size: number; bytes: Buffer },
): Promise<'complete' | { received: number } | FileProblem> {
  try {
    const answer = await deps.request(() => deps.client.putAttachmentChunk(deps.signer, chunk));
    return answer.complete ? 'complete' : { received: answer.received };
  } catch (error) {
    if (!(error instanceof CentralFailure) || error.status === null) throw error;
    // The service holds another offset (a chunk of ours arrived though its answer did not): go on from there.
    if (error.status === 409 && error.received !== null) return { received: error.received };
    // A refusal of this file (its bytes do not hash to its name, too large…): only its applications wait.
    if (error.status >= 400 && error.status < 500 && !error.code.startsWith('auth.')) return error.code;
    throw error;
  }
}
