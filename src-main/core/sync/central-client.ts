import {
  ATTACHMENT_SIZE_HEADER,
  AttachmentCheckResponse,
  AttachmentChunkResponse,
  BatchResponse,
  ChangesResponse,
  EnrollResponse,
  ErrorResponse,
  RESPONSE_SIGNATURE_HEADER,
  StatusResponse,
  attachmentPath,
  catalogPath,
  changesPath,
  statusPath,
  type EnrollRequest,
} from '../../../src-shared/sync/wire';
import {
  CLERK_PATHS,
  ClerksResponse,
  IdentityConfirmationsResponse,
  type IdentityConfirmationsRequest,
} from '../../../src-shared/clerks/wire';
import { responseSignatureHolds, signRequest } from './signer';

/**
 * Why a request to the central service did not produce an answer the kiosk
 * can act on. `status` is set only for a refusal the service really signed
 * (a verified 4xx/5xx); everything else — no connection, a timeout, an
 * unsigned or badly signed answer — has `status` null and is transient.
 */
export class CentralFailure extends Error {
  constructor(
    readonly code: string,
    /** From a verified refusal only: the service's clock, for `auth.stale`. */
    readonly serverTime: Date | null = null,
    readonly status: number | null = null,
    /** With a verified 409 `attachment.offset`: the bytes the service holds of that file. */
    readonly received: number | null = null,
    /** From a verified refusal only: its JSON, for a caller that reads more than the code (the accounts). */
    readonly refusal: unknown = null,
  ) {
    super(code);
    this.name = 'CentralFailure';
  }
}

/** How long "check status" waits for the central service before answering from what the kiosk knows. */
export const STATUS_TIMEOUT_MS = 5_000;
/** A batch of hundreds of applications is checked and stored by the service in one go: it may take a while. */
const BATCH_TIMEOUT_MS = 60_000;

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
  /** The service's key pinned at enrollment; null: no answer can be believed. */
  servicePublicKey: () => string | null;
  timeoutMs?: number;
}

export interface Signer {
  kioskId: string;
  privateKey: string;
}

/** A signed request's answer whose signature held: only now is any byte of it read. */
interface VerifiedAnswer {
  status: number;
  body: Buffer;
}

interface SignedCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query, as signed and sent. */
  target: string;
  body?: Uint8Array;
  bodySha256Hex?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const EMPTY = new Uint8Array(0);

/**
 * The request's fetch options. Given bytes, fetch copies them before it
 * sends (a batch or a file chunk is up to megabytes, every few milliseconds
 * during a sync); a stream of the same bytes with their length declared
 * goes out on the wire alike, without the copy.
 */
/** fetch's options with `duplex`, which Node's fetch needs with a stream body (the DOM's RequestInit may not list it). */
type StreamingRequestInit = RequestInit & { duplex?: 'half' };

function requestInit(method: SignedCall['method'], headers: Record<string, string>, body: Uint8Array): StreamingRequestInit {
  // Whoever answers with a redirect is not the service, and the body (an application, a
  // citizen's file) must never follow it elsewhere: the request fails, as on a lost link.
  const init: RequestInit = { method, headers, redirect: 'error' };
  if (method === 'GET') return init;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (body.byteLength > 0) controller.enqueue(body);
      controller.close();
    },
  });
  return { ...init, headers: { ...headers, 'content-length': String(body.byteLength) }, body: stream, duplex: 'half' };
}

function jsonOf(answer: VerifiedAnswer): unknown {
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    throw new CentralFailure('response.invalid');
  }
}

function parsedAs<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, answer: VerifiedAnswer): T {
  const parsed = schema.safeParse(jsonOf(answer));
  if (!parsed.success) throw new CentralFailure('response.invalid');
  return parsed.data;
}

/** A refusal the service signed: its code, and its clock (the signed `serverTime`, else the `Date` of that answer). */
function refusalOf(answer: VerifiedAnswer, dateHeader: string | null): CentralFailure {
  let body: unknown = null;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return new CentralFailure(`http.${answer.status}`, null, answer.status);
  }
  const parsed = ErrorResponse.safeParse(body);
  if (!parsed.success) return new CentralFailure(`http.${answer.status}`, null, answer.status);
  const time = parsed.data.serverTime ?? dateHeader;
  const serverTime = time ? new Date(time) : null;
  return new CentralFailure(
    parsed.data.error,
    serverTime && !Number.isNaN(serverTime.getTime()) ? serverTime : null,
    answer.status,
    parsed.data.received ?? null,
    body,
  );
}

export function createCentralClient(options: CentralClientOptions) {
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function send(path: string, init: RequestInit, timeout = timeoutMs): Promise<Response> {
    try {
      return await options.fetch(new URL(path, options.baseUrl), { ...init, signal: AbortSignal.timeout(timeout) });
    } catch (error) {
      throw networkFailure(error);
    }
  }

  function networkFailure(error: unknown): CentralFailure {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return new CentralFailure(timedOut ? 'network.timeout' : 'network.unreachable');
  }

  async function bodyOf(response: Response): Promise<Buffer> {
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      // The connection broke mid-body.
      throw networkFailure(error);
    }
  }

  /**
   * Signs, sends, and believes the answer only when the service's signature
   * over this request and the answer's status and bytes holds. A captive
   * portal, a proxy's error page, a cached or replayed answer: all
   * `response.unsigned`, and nothing in them (codes, times) is looked at.
   */
  async function signedCall(signer: Signer, call: SignedCall): Promise<VerifiedAnswer> {
    const servicePublicKey = options.servicePublicKey();
    if (!servicePublicKey) throw new CentralFailure('kiosk.serviceKeyMissing');
    const url = new URL(call.target, options.baseUrl);
    const target = `${url.pathname}${url.search}`;
    const nonce = options.nonce();
    const body = call.body ?? EMPTY;
    const headers = signRequest({
      kioskId: signer.kioskId,
      privateKey: signer.privateKey,
      method: call.method,
      path: target,
      body,
      bodySha256Hex: call.bodySha256Hex,
      time: options.now(),
      nonce,
    });
    const response = await send(target, requestInit(call.method, { ...headers, ...call.headers }, body), call.timeoutMs);
    const answer = { status: response.status, body: await bodyOf(response) };
    const genuine = responseSignatureHolds({
      servicePublicKey,
      signature: response.headers.get(RESPONSE_SIGNATURE_HEADER),
      kioskId: signer.kioskId,
      method: call.method,
      path: target,
      nonce,
      status: answer.status,
      body: answer.body,
    });
    if (!genuine) throw new CentralFailure('response.unsigned');
    if (answer.status < 200 || answer.status > 299) throw refusalOf(answer, response.headers.get('date'));
    return answer;
  }

  const json = { 'content-type': 'application/json' };

  return {
    /** One page of the change feed after `after`. */
    async changes(signer: Signer, after: number): Promise<ChangesResponse> {
      return parsedAs(ChangesResponse, await signedCall(signer, { method: 'GET', target: changesPath(after) }));
    },

    /**
     * A catalog version's body as text, exactly as the service signed it; the
     * caller checks it against the feed (hash, schema) before using it.
     */
    async catalogText(signer: Signer, version: string): Promise<string> {
      return (await signedCall(signer, { method: 'GET', target: catalogPath(version) })).body.toString('utf8');
    },

    /**
     * An application's status by its bare lookup code. A citizen waits at the
     * screen, so the timeout is short; an unknown code is the distinct failure
     * `status.notFound` (404), anything else means "out of reach".
     */
    async status(signer: Signer, lookupCode: string, timeout = STATUS_TIMEOUT_MS): Promise<StatusResponse> {
      return parsedAs(StatusResponse, await signedCall(signer, { method: 'GET', target: statusPath(lookupCode), timeoutMs: timeout }));
    },

    /**
     * The light, unsigned probe: is the service at the other end of the link?
     * Only its JSON with a time counts (a portal's HTML page does not); it is
     * never used to correct the clock, since anyone could have written it.
     */
    async health(): Promise<void> {
      const response = await send('/v1/health', { method: 'GET' });
      const body = await bodyOf(response);
      if (!response.ok) throw new CentralFailure(`http.${response.status}`);
      if (!(response.headers.get('content-type') ?? '').includes('application/json')) throw new CentralFailure('response.notJson');
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new CentralFailure('response.invalid');
      }
      const answer = parsed as { status?: unknown; serverTime?: unknown } | null;
      if (answer?.status !== 'ok' || typeof answer.serverTime !== 'string') throw new CentralFailure('response.invalid');
    },

    /** Unsigned (the kiosk has no identity yet); the answer brings the service's key, which the kiosk pins. */
    async enroll(request: EnrollRequest): Promise<EnrollResponse> {
      const response = await send('/v1/enroll', { method: 'POST', headers: json, body: JSON.stringify(request) });
      const body = await bodyOf(response);
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new CentralFailure(response.ok ? 'response.invalid' : `http.${response.status}`);
      }
      if (!response.ok) {
        const refusal = ErrorResponse.safeParse(parsed);
        throw new CentralFailure(refusal.success ? refusal.data.error : `http.${response.status}`);
      }
      const answer = EnrollResponse.safeParse(parsed);
      if (!answer.success) throw new CentralFailure('response.invalid');
      return answer.data;
    },

    /** Which of these files the central service does not hold yet, and how much it has of a broken-off upload. */
    async checkAttachments(signer: Signer, sha256s: string[]): Promise<AttachmentCheckResponse> {
      const body = Buffer.from(JSON.stringify({ sha256: sha256s }));
      return parsedAs(AttachmentCheckResponse, await signedCall(signer, { method: 'POST', target: '/v1/attachments/check', body, headers: json }));
    },

    /**
     * One chunk of a file, from `offset`; `size` is the whole file's. A
     * verified 409 `attachment.offset` carries the offset the service holds.
     */
    async putAttachmentChunk(
      signer: Signer,
      chunk: { sha256: string; offset: number; size: number; bytes: Uint8Array },
    ): Promise<AttachmentChunkResponse> {
      const answer = await signedCall(signer, {
        method: 'PUT',
        target: attachmentPath(chunk.sha256, chunk.offset),
        body: chunk.bytes,
        headers: { 'content-type': 'application/octet-stream', [ATTACHMENT_SIZE_HEADER]: String(chunk.size) },
      });
      return parsedAs(AttachmentChunkResponse, answer);
    },

    /** A signed JSON request of the accounts (src-shared/accounts/wire.ts): the answer's JSON, as the service signed it. */
    async accountJson(signer: Signer, call: { method: 'GET' | 'POST'; path: string; body?: unknown; timeoutMs?: number }): Promise<unknown> {
      const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
      return jsonOf(await signedCall(signer, { method: call.method, target: call.path, body, headers: body ? json : undefined, timeoutMs: call.timeoutMs }));
    },

    /** The clerks this kiosk may let in, with their per-kiosk verifiers. */
    async clerks(signer: Signer): Promise<ClerksResponse> {
      return parsedAs(ClerksResponse, await signedCall(signer, { method: 'GET', target: CLERK_PATHS.clerks }));
    },

    /** Identity checks clerks made here; the service answers each one. */
    async sendIdentityConfirmations(signer: Signer, request: IdentityConfirmationsRequest): Promise<IdentityConfirmationsResponse> {
      const body = Buffer.from(JSON.stringify(request));
      const answer = await signedCall(signer, { method: 'POST', target: CLERK_PATHS.identityConfirmations, body, headers: json });
      return parsedAs(IdentityConfirmationsResponse, answer);
    },

    /** A batch whose JSON the caller made (and hashed) once: `{"items":[…]}`. */
    async sendBatch(signer: Signer, body: Uint8Array, bodySha256Hex: string): Promise<BatchResponse> {
      const answer = await signedCall(signer, {
        method: 'POST',
        target: '/v1/applications/batch',
        body,
        bodySha256Hex,
        headers: json,
        timeoutMs: BATCH_TIMEOUT_MS,
      });
      return parsedAs(BatchResponse, answer);
    },
  };
}
export type CentralClient = ReturnType<typeof createCentralClient>;
