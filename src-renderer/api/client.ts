import {
  CallResult,
  KioskEvent,
  METHOD_NAMES,
  kioskMethods,
  type KioskApi,
  type KioskBridge,
  type MethodName,
} from '../../src-shared/contract';
import type { ApiErrorCode, FieldError } from '../../src-shared/errors';

/** What fills a message's placeholders (e.g. the `minutes` of a lock). */
export type ApiErrorParams = Record<string, string | number>;

/** A failed call, as the renderer sees it: a typed code to translate, field problems and message params if any. */
export class ApiCallError extends Error {
  readonly code: ApiErrorCode;
  readonly fields: FieldError[];
  readonly params: ApiErrorParams;

  constructor(code: ApiErrorCode, fields: FieldError[] = [], params: ApiErrorParams = {}) {
    super(code);
    this.name = 'ApiCallError';
    this.code = code;
    this.fields = fields;
    this.params = params;
  }
}

export function errorCodeOf(error: unknown): ApiErrorCode {
  return error instanceof ApiCallError ? error.code : 'internal';
}

/** A failure as something to translate: the message `errors.api.<code>` filled with `params`. */
export interface ApiProblem {
  code: ApiErrorCode;
  params: ApiErrorParams;
}

export function apiProblemOf(error: unknown): ApiProblem {
  return error instanceof ApiCallError ? { code: error.code, params: error.params } : { code: 'internal', params: {} };
}

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser shell. */
    kiosk?: KioskBridge;
  }
}

/**
 * The browser shell's bridge: `POST /api/<method>` answers a CallResult,
 * events come over SSE. A network failure to the local shell is `internal`.
 */
export function createHttpBridge(base = '/api/'): KioskBridge {
  return {
    async call(method, input) {
      try {
        const response = await fetch(`${base}${method}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
        const parsed = CallResult.safeParse(await response.json());
        return parsed.success ? parsed.data : { ok: false, error: { code: 'internal' } };
      } catch {
        return { ok: false, error: { code: 'internal' } };
      }
    },
    onEvent(listener) {
      return subscribeToEvents(`${base}events`, listener);
    },
  };
}

/** SSE with our own reconnect (backing off to 15 s), since a closed stream is not retried by the browser. */
function subscribeToEvents(url: string, listener: (event: KioskEvent) => void): () => void {
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let delayMs = 1000;
  let stopped = false;

  const connect = () => {
    if (stopped) return;
    source = new EventSource(url, { withCredentials: true });
    source.onopen = () => {
      delayMs = 1000;
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const event = KioskEvent.safeParse(data);
      if (event.success) listener(event.data);
    };
    source.onerror = () => {
      source?.close();
      source = null;
      if (stopped) return;
      retryTimer = setTimeout(connect, delayMs);
      delayMs = Math.min(delayMs * 2, 15_000);
    };
  };
  connect();

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    source?.close();
  };
}

/** The typed KioskApi over any bridge: inputs and outputs checked against the contract's schemas. */
export function createKioskApi(bridge: KioskBridge): KioskApi {
  async function invoke(method: MethodName, input: unknown): Promise<unknown> {
    const schema = kioskMethods[method];
    const checkedInput = schema.input.safeParse(input ?? {});
    if (!checkedInput.success) throw new ApiCallError('input.invalid');
    let result: CallResult;
    try {
      result = CallResult.parse(await bridge.call(method, checkedInput.data));
    } catch {
      throw new ApiCallError('internal');
    }
    if (!result.ok) throw new ApiCallError(result.error.code, result.error.fields ?? [], result.error.params ?? {});
    const output = schema.output.safeParse(result.value);
    if (!output.success) throw new ApiCallError('internal');
    return output.data;
  }

  const api = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const method of METHOD_NAMES) api[method] = (input) => invoke(method, input);
  return api as unknown as KioskApi;
}

export function createBridge(): KioskBridge {
  return window.kiosk ?? createHttpBridge();
}

export const bridge: KioskBridge = createBridge();
export const api: KioskApi = createKioskApi(bridge);

export function onKioskEvent(listener: (event: KioskEvent) => void): () => void {
  return bridge.onEvent(listener);
}
