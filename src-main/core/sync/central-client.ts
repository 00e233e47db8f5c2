import {
  AttachmentCheckResponse,
  BatchResponse,
  ChangesResponse,
  attachmentPath,
  EnrollResponse,
  ErrorResponse,
  StatusResponse,
  catalogPath,
  changesPath,
  statusPath,
  type ApplicationEnvelope,
  type EnrollRequest,
} from '../../../src-shared/sync/wire';
import { signRequest } from './signer';

/** Why a request to the central service did not produce an answer the kiosk can act on. */
export class CentralFailure extends Error {
  constructor(
    readonly code: string,
    readonly serverTime: Date | null = null,
  ) {
    super(code);
    this.name = 'CentralFailure';
  }
}

/** How long "check status" waits for the central service before answering from what the kiosk knows. */
export const STATUS_TIMEOUT_MS = 5_000;

/** The central service does not know the lookup code (as opposed to not answering). */
export function isStatusNotFound(error: unknown): boolean {
  return error instanceof CentralFailure && error.code === 'status.notFound';
}

export interface CentralClientOptions {
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  /** The kiosk's idea of now, corrected by the offset learnt from the service. */
  now: () => Date;
  nonce: () => string;
  timeoutMs?: number;
}

export interface Signer {
  kioskId: string;
  privateKey: string;
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  // A captive portal or proxy answers with HTML; that is never the central service.
  if (!type.includes('application/json')) throw new CentralFailure('response.notJson');
  try {
    return await response.json();
  } catch {
    throw new CentralFailure('response.invalid');
  }
}

function serverTimeOf(body: unknown, response: Response): Date | null {
  const parsed = ErrorResponse.safeParse(body);
  if (parsed.success && parsed.data.serverTime) return new Date(parsed.data.serverTime);
  const header = response.headers.get('date');
  return header ? new Date(header) : null;
}

export function createCentralClient(options: CentralClientOptions) {
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function send(path: string, init: RequestInit, timeout = timeoutMs): Promise<Response> {
    try {
      return await options.fetch(new URL(path, options.baseUrl), { ...init, signal: AbortSignal.timeout(timeout) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new CentralFailure(timedOut ? 'network.timeout' : 'network.unreachable');
    }
  }

  async function failureOf(response: Response): Promise<CentralFailure> {
    let body: unknown = null;
    try {
      body = await readJson(response);
    } catch {
      return new CentralFailure(`http.${response.status}`);
    }
    const parsed = ErrorResponse.safeParse(body);
    return new CentralFailure(parsed.success ? parsed.data.error : `http.${response.status}`, serverTimeOf(body, response));
  }

  /** A signed GET: the empty body is hashed, and the target signed is the path and query exactly as sent. */
  async function signedGet(signer: Signer, pathAndQuery: string, timeout = timeoutMs): Promise<Response> {
    const url = new URL(pathAndQuery, options.baseUrl);
    const target = `${url.pathname}${url.search}`;
    const headers = signRequest({
      kioskId: signer.kioskId,
      privateKey: signer.privateKey,
      method: 'GET',
      path: target,
      body: '',
      time: options.now(),
      nonce: options.nonce(),
    });
    const response = await send(target, { method: 'GET', headers }, timeout);
    if (!response.ok) throw await failureOf(response);
    return response;
  }

  return {
    /** One page of the change feed after `after`. */
    async changes(signer: Signer, after: number): Promise<ChangesResponse> {
      const response = await signedGet(signer, changesPath(after));
      const parsed = ChangesResponse.safeParse(await readJson(response));
      if (!parsed.success) throw new CentralFailure('response.invalid');
      return parsed.data;
    },

    /**
     * A catalog version's body as text: the caller checks it (hash, schema)
     * before believing a byte of it, so it is not parsed here.
     */
    async catalogText(signer: Signer, version: string): Promise<string> {
      const response = await signedGet(signer, catalogPath(version));
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('application/json')) throw new CentralFailure('response.notJson');
      try {
        return await response.text();
      } catch {
        // The connection broke mid-body: a network failure, tried again later.
        throw new CentralFailure('network.unreachable');
      }
    },

    /**
     * An application's status by its bare lookup code. A citizen waits at the
     * screen, so the timeout is short; an unknown code is the distinct failure
     * `status.notFound` (404), anything else means "out of reach".
     */
    async status(signer: Signer, lookupCode: string, timeout = STATUS_TIMEOUT_MS): Promise<StatusResponse> {
      const response = await signedGet(signer, statusPath(lookupCode), timeout);
      const parsed = StatusResponse.safeParse(await readJson(response));
      if (!parsed.success) throw new CentralFailure('response.invalid');
      return parsed.data;
    },

    async health(): Promise<Date> {
      const response = await send('/v1/health', { method: 'GET' });
      if (!response.ok) throw await failureOf(response);
      const body = (await readJson(response)) as { serverTime?: unknown };
      if (typeof body.serverTime !== 'string') throw new CentralFailure('response.invalid');
      return new Date(body.serverTime);
    },

    async enroll(request: EnrollRequest): Promise<EnrollResponse> {
      const response = await send('/v1/enroll', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      if (!response.ok) throw await failureOf(response);
      const parsed = EnrollResponse.safeParse(await readJson(response));
      if (!parsed.success) throw new CentralFailure('response.invalid');
      return parsed.data;
    },

    /** Which of these files the central service does not hold yet. */
    async missingAttachments(signer: Signer, sha256s: string[]): Promise<string[]> {
      const path = '/v1/attachments/check';
      const body = JSON.stringify({ sha256: sha256s });
      const headers = signRequest({ ...signer, method: 'POST', path, body, time: options.now(), nonce: options.nonce() });
      const response = await send(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      if (!response.ok) throw await failureOf(response);
      const parsed = AttachmentCheckResponse.safeParse(await readJson(response));
      if (!parsed.success) throw new CentralFailure('response.invalid');
      return parsed.data.missing;
    },

    /** Uploads one file's bytes; the service recomputes the hash and refuses a mismatch. */
    async putAttachment(signer: Signer, sha256: string, bytes: Buffer): Promise<void> {
      const path = attachmentPath(sha256);
      const headers = signRequest({ ...signer, method: 'PUT', path, body: bytes, time: options.now(), nonce: options.nonce() });
      const response = await send(path, {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: new Uint8Array(bytes),
      });
      if (!response.ok) throw await failureOf(response);
      await readJson(response);
    },

    async sendBatch(signer: Signer, items: ApplicationEnvelope[]): Promise<BatchResponse> {
      const path = '/v1/applications/batch';
      const body = JSON.stringify({ items });
      const headers = signRequest({
        kioskId: signer.kioskId,
        privateKey: signer.privateKey,
        method: 'POST',
        path,
        body,
        time: options.now(),
        nonce: options.nonce(),
      });
      const response = await send(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      if (!response.ok) throw await failureOf(response);
      const parsed = BatchResponse.safeParse(await readJson(response));
      if (!parsed.success) throw new CentralFailure('response.invalid');
      return parsed.data;
    },
  };
}
export type CentralClient = ReturnType<typeof createCentralClient>;
