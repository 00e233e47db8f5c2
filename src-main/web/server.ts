import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { dispatchCall } from '../core/dispatch';
import { RENDERER_CSP } from '../core/security/csp';
import type { Core } from '../core/types';

/**
 * The browser shell: the renderer and the contract over loopback HTTP, for
 * tests and for thin Linux kiosks running Chromium in kiosk mode. Bound to
 * 127.0.0.1 only; a per-launch secret reaches the browser once, through a
 * one-time URL that sets an HttpOnly cookie; Host and Origin are checked so
 * that no other page or DNS-rebinding site can drive the kiosk.
 */
export interface WebShellOptions {
  core: Core;
  rendererDir: string;
  port?: number;
  log?: (event: string, fields?: Record<string, string | number>) => void;
}

export interface WebShell {
  origin: string;
  /** Opens the kiosk once; a second use is refused. */
  launchUrl: string;
  close(): Promise<void>;
}

const COOKIE = 'kiosk_session';
const MAX_BODY_BYTES = 1024 * 1024;
/** The file chooser's upload carries a whole file as base64: only that method may send more than 1 MiB. */
const MAX_UPLOAD_BODY_BYTES = 16 * 1024 * 1024;
const bodyLimitOf = (method: string) => (method === 'attachUploadedFile' ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES);
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieOf(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function securityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', RENDERER_CSP);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()');
}

/**
 * What a person sees who opens the kiosk's address without its launch secret
 * (a used launch URL, a bookmark): how to get the kiosk back, in both languages.
 */
const NOT_OPENED_PAGE = `<!doctype html><html lang="ky"><meta charset="utf-8"><title>Kiosk</title>
<body style="font:24px sans-serif;margin:64px">
<p lang="ky">Киоск бул дарек аркылуу ачылбайт. Киоскту кайра иштетиңиз же кызматкерге кайрылыңыз.</p>
<p lang="ru">Киоск не открывается по этому адресу. Перезапустите киоск или обратитесь к сотруднику.</p>
</body></html>`;

function refusePage(response: ServerResponse): void {
  securityHeaders(response);
  response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  response.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(NOT_OPENED_PAGE);
}

function refuse(response: ServerResponse, status: number, code: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ error: code }));
}

/** The body as text, or null past the limit (then the connection is closed after the answer). */
function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        resolve(null);
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Maps a URL path to a file inside the renderer folder, or null for anything outside it. */
export function rendererFile(rendererDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const file = join(rendererDir, relative);
  return file.startsWith(rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep) ? file : null;
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { core, rendererDir } = options;
  const log = options.log ?? (() => {});
  const launchSecret = randomBytes(24).toString('base64url');
  const sessionSecret = randomBytes(32).toString('base64url');
  let launchUsed = false;
  const eventStreams = new Set<ServerResponse>();
  let origin = '';
  let allowedHosts = new Set<string>();

  const unsubscribe = core.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of eventStreams) stream.write(frame);
  });

  async function serveFile(response: ServerResponse, urlPath: string): Promise<void> {
    const file = rendererFile(rendererDir, urlPath);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return refuse(response, 404, 'notFound');
    securityHeaders(response);
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      // Hashed asset names may be cached; the page itself never is.
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    createReadStream(file).pipe(response);
  }

  async function serveCall(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    if (request.headers.origin !== origin) return refuse(response, 403, 'origin');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return refuse(response, 415, 'contentType');
    const body = await readBody(request, bodyLimitOf(method));
    if (body === null) {
      response.setHeader('connection', 'close');
      response.on('finish', () => request.destroy());
      return refuse(response, 413, 'tooLarge');
    }
    let input: unknown;
    try {
      input = body === '' ? {} : JSON.parse(body);
    } catch {
      return refuse(response, 400, 'json');
    }
    const result = await dispatchCall(core, method, input, log);
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(result));
  }

  function serveEvents(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(': kiosk events\n\n');
    eventStreams.add(response);
    // The response closes when the browser goes away (the request closes as soon as its empty body is read).
    response.on('close', () => eventStreams.delete(response));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 still sends its own Host.
    if (!allowedHosts.has(request.headers.host ?? '')) return refuse(response, 421, 'host');
    const url = new URL(request.url ?? '/', origin);

    if (url.pathname === `/launch/${launchSecret}` && request.method === 'GET') {
      if (launchUsed) return refusePage(response);
      launchUsed = true;
      response.writeHead(303, {
        location: '/',
        'set-cookie': `${COOKIE}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      return void response.end();
    }

    if (!sameSecret(cookieOf(request, COOKIE), sessionSecret)) {
      return url.pathname.startsWith('/api/') ? refuse(response, 403, 'session') : refusePage(response);
    }

    if (url.pathname === '/api/events' && request.method === 'GET') return serveEvents(response);
    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return refuse(response, 405, 'method');
      return serveCall(request, response, url.pathname.slice('/api/'.length));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'method');
    return serveFile(response, url.pathname);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log('shell.requestFailed', { error: error instanceof Error ? error.name : 'unknown' });
      if (!response.headersSent) refuse(response, 500, 'internal');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`]);

  return {
    origin,
    launchUrl: `${origin}/launch/${launchSecret}`,
    async close() {
      unsubscribe();
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
