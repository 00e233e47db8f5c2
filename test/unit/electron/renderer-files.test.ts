import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveRendererFile } from '../../../src-main/electron/common/renderer-files';

const dir = join(sep, 'opt', 'kiosk', 'dist', 'renderer');

function isInside(path: string): boolean {
  const fromRoot = relative(dir, path);
  return fromRoot !== '' && !fromRoot.startsWith('..') && !fromRoot.startsWith(sep);
}

describe('resolveRendererFile', () => {
  it('serves files of the renderer folder with their content type', () => {
    expect(resolveRendererFile(dir, 'app://kiosk/index.html')).toEqual({
      ok: true,
      path: join(dir, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveRendererFile(dir, 'app://kiosk/assets/index-3f2a.js?v=1#x')).toEqual({
      ok: true,
      path: join(dir, 'assets', 'index-3f2a.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveRendererFile(dir, 'app://kiosk/assets/noto%20sans.woff2')).toMatchObject({
      ok: true,
      path: join(dir, 'assets', 'noto sans.woff2'),
      contentType: 'font/woff2',
    });
  });

  it('answers the root and extensionless routes with index.html', () => {
    for (const url of ['app://kiosk', 'app://kiosk/', 'app://kiosk/services/passport', 'app://kiosk/assets/']) {
      expect(resolveRendererFile(dir, url)).toMatchObject({ ok: true, path: join(dir, 'index.html') });
    }
  });

  it.each([
    'https://kiosk/index.html',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://kiosk:1234/index.html',
    'app://me@kiosk/index.html',
  ])('refuses another origin: %s', (url) => {
    expect(resolveRendererFile(dir, url)).toEqual({ ok: false, status: 403 });
  });

  it.each([
    'app://kiosk/..%2f..%2fetc%2fpasswd.txt',
    'app://kiosk/%2e%2e%2f%2e%2e%2fetc/passwd.txt',
    'app://kiosk/assets/%2E%2E%2F%2E%2E%2F.ssh%2Fid_rsa.txt',
    'app://kiosk/..%5c..%5cwindows%5cwin.ini',
    'app://kiosk/..\\..\\windows\\win.ini',
    'app://kiosk/index.html%00.png',
    'app://kiosk/C:%5cwindows%5cwin.ini',
    'app://kiosk/C:/windows/win.ini',
    'app://kiosk/%E0%A4%A.js',
  ])('refuses traversal: %s', (url) => {
    expect(resolveRendererFile(dir, url)).toMatchObject({ ok: false });
  });

  it('decodes once: a double-encoded `..` is a literal file name inside the folder', () => {
    expect(resolveRendererFile(dir, 'app://kiosk/%252e%252e%252fx.js')).toMatchObject({
      ok: true,
      path: join(dir, '%2e%2e%2fx.js'),
    });
  });

  it('never resolves outside the folder, whatever the spelling', () => {
    const dots = ['..', '.', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%252e%252e', '...', '..;'];
    const slashes = ['/', '%2f', '%2F', '%5c', '\\', '//'];
    for (const dot of dots) {
      for (const slash of slashes) {
        const url = `app://kiosk/assets/${dot}${slash}${dot}${slash}etc${slash}passwd.js`;
        const result = resolveRendererFile(dir, url);
        if (result.ok) expect(isInside(result.path), url).toBe(true);
      }
    }
  });

  it('refuses a malformed URL', () => {
    expect(resolveRendererFile(dir, 'not a url')).toEqual({ ok: false, status: 400 });
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer file types and falls back to octet-stream', () => {
    expect(contentTypeFor('a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('x.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
    expect(contentTypeFor('Makefile')).toBe('application/octet-stream');
  });
});
