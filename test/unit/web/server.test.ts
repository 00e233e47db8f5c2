import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src-main/core/index';
import { rendererFile, startWebShell, type WebShell } from '../../../src-main/web/server';
import { tempDir, validAnswers, writeFixtureCatalog } from '../../support/catalog-fixture';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so that Host and Origin can be set as an attacker would. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

let core: Core;
let shell: WebShell;
let cookie = '';
const rendererDir = tempDir('kiosk-renderer-');

beforeAll(async () => {
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  core = createCore({ dataDir: tempDir('kiosk-shell-'), catalogSnapshotPath: writeFixtureCatalog(), centralUrl: null });
  shell = await startWebShell({ core, rendererDir });
});

afterAll(async () => {
  await shell.close();
  await core.close();
});

const call = (method: string, body: string, headers: Record<string, string> = {}) =>
  send(`${shell.origin}/api/${method}`, {
    method: 'POST',
    headers: { cookie, origin: shell.origin, 'content-type': 'application/json', ...headers },
    body,
  });

describe('the browser shell', () => {
  it('listens on loopback only', () => {
    expect(shell.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses everything before the launch URL was opened', async () => {
    expect((await send(`${shell.origin}/`)).status).toBe(403);
    expect((await send(`${shell.origin}/launch/guess`)).status).toBe(403);
  });

  it('opens once through the launch URL, with an HttpOnly SameSite cookie', async () => {
    const first = await send(shell.launchUrl);
    expect(first.status).toBe(303);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0] ?? '';
    const again = await send(shell.launchUrl);
    expect(again.status).toBe(403);
    // A person who opens a used address is told, in both languages, how to get the kiosk back.
    expect(again.headers['content-type']).toContain('text/html');
    expect(again.body).toContain('Киоскту кайра иштетиңиз');
    expect(again.body).toContain('Перезапустите киоск');
  });

  it('serves the renderer with the CSP and refuses paths outside it', async () => {
    const page = await send(`${shell.origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await send(`${shell.origin}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await send(`${shell.origin}/..%2f..%2fetc%2fpasswd`, { headers: { cookie } })).status).toBe(404);
    expect(rendererFile('/srv/r', '/../../etc/passwd')).toBe('/srv/r/etc/passwd');
    expect(rendererFile('/srv/r', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/r/etc/passwd');
    expect(rendererFile('/srv/r', '/%E0%A4%A')).toBeNull();
  });

  it('refuses another Host (DNS rebinding) even with the cookie', async () => {
    const answer = await send(`${shell.origin}/`, { headers: { cookie, host: 'evil.example:80' } });
    expect(answer.status).toBe(421);
  });

  it('answers contract calls from its own origin only', async () => {
    const ok = await call('getSession', '{}');
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: { language: 'ky', activeDraftId: null } });
    expect((await call('getSession', '{}', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await send(`${shell.origin}/api/getSession`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
    expect((await call('getSession', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send(`${shell.origin}/api/getSession`, { headers: { cookie } })).status).toBe(405);
  });

  it('turns bad calls into typed codes, never stack traces', async () => {
    expect(JSON.parse((await call('dropTables', '{}')).body)).toEqual({ ok: false, error: { code: 'method.unknown' } });
    expect(JSON.parse((await call('setLanguage', '{"language":"en"}')).body)).toEqual({ ok: false, error: { code: 'input.invalid' } });
    expect((await call('setLanguage', '{not json')).status).toBe(400);
    const missing = await call('loadDraft', JSON.stringify({ id: '3f2b8c1e-5d4a-4b7c-9e1f-0a2b3c4d5e6f' }));
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { code: 'draft.notFound' } });
    expect((await call('setLanguage', JSON.stringify({ language: 'x'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
    // The shell still answers after refusing an oversized body.
    expect((await call('getSession', '{}')).status).toBe(200);
  });

  it('lets only the file chooser upload send more than 1 MiB, up to its own limit', async () => {
    const upload = (size: number) =>
      JSON.stringify({ draftId: '3f2b8c1e-5d4a-4b7c-9e1f-0a2b3c4d5e6f', fieldId: 'scans', fileName: 'a.png', dataBase64: 'A'.repeat(size) });
    const big = await call('attachUploadedFile', upload(2 * 1024 * 1024));
    expect(big.status).toBe(200);
    expect(JSON.parse(big.body)).toEqual({ ok: false, error: { code: 'draft.notFound' } });
    expect((await call('attachUploadedFile', upload(17 * 1024 * 1024))).status).toBe(413);
    expect((await call('getSession', '{}')).status).toBe(200);
  });

  it('pushes core events over server-sent events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(`${shell.origin}/api/events`, { headers: { cookie } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('"type":"syncState"')) {
            req.destroy();
            resolve(text);
          }
        });
        // A submit publishes the new outbox count at once.
        void submitOne().catch(reject);
      });
      req.on('error', () => {});
      req.end();
    });
    expect(await received).toMatch(/"type":"syncState".*"waiting":1/);
  });
});

async function submitOne(): Promise<void> {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: null });
  await core.submitApplication({ draftId: draft.id, consent: true });
}
