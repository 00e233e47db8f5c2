import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { RENDERER_CSP } from '../core/security/csp';
import { APP_SCHEME } from './common/app-origin';
import { resolveRendererFile } from './common/renderer-files';

/**
 * Must run before `app` is ready: `app://` becomes a standard, secure scheme,
 * so the renderer gets a real origin, `'self'` in the CSP means it, and
 * `fetch` works for its own files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const SECURITY_HEADERS = {
  'content-security-policy': RENDERER_CSP,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** Serves files from the built renderer folder only, every response with the CSP. */
export function serveRenderer(rendererDir: string, log: (event: string, fields?: Record<string, string | number>) => void): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: SECURITY_HEADERS });
    }
    const file = resolveRendererFile(rendererDir, request.url);
    if (!file.ok) {
      log('protocol.refused', { status: file.status });
      return new Response(null, { status: file.status, headers: SECURITY_HEADERS });
    }
    try {
      const body = await readFile(file.path);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': file.contentType },
      });
    } catch {
      return new Response(null, { status: 404, headers: SECURITY_HEADERS });
    }
  });
}
