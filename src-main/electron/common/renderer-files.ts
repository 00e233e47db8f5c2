import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Maps an `app://kiosk/…` request to a file inside the built renderer folder,
 * refusing anything that could reach outside it: other schemes or hosts,
 * `..` (plain or percent-encoded), encoded slashes and backslashes, NUL, and
 * drive letters. The check is lexical; the folder is our own build output.
 */
export type RendererFile =
  | { ok: true; path: string; contentType: string }
  | { ok: false; status: 400 | 403 | 404 };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const ENTRY_FILE = 'index.html';

export function resolveRendererFile(rendererDir: string, requestUrl: string): RendererFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return { ok: false, status: 403 };
  }

  // Refuse before decoding too: `%2e%2e` and `\` must never reach the file system in any spelling.
  const rawPath = url.pathname;
  if (rawPath.includes('\\')) return { ok: false, status: 400 };

  const segments: string[] = [];
  for (const rawSegment of rawPath.split('/')) {
    if (rawSegment === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return { ok: false, status: 400 };
    }
    if (segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return { ok: false, status: 400 };
    segments.push(segment);
  }

  // The renderer is a single page: a path without an extension is a route of it, not a file.
  const last = segments.at(-1);
  if (last === undefined || extname(last) === '') {
    return { ok: true, path: join(rendererDir, ENTRY_FILE), contentType: contentTypeFor(ENTRY_FILE) };
  }

  const path = join(rendererDir, ...segments);
  const fromRoot = relative(rendererDir, path);
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) return { ok: false, status: 403 };
  return { ok: true, path, contentType: contentTypeFor(path) };
}
