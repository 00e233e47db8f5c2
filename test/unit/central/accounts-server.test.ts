import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../../../src-central/admin/commands';
import { fileClock } from '../../../src-central/clock-file';
import { ACCOUNT_PATHS, SessionResponse, TermsResponse } from '../../../src-shared/accounts/wire';
import { EnrollResponse } from '../../../src-shared/sync/wire';
import { generateKioskKeys, signRequest } from '../../../src-main/core/sync/signer';
import { bundleForNode } from './bundle';
import { DAY_MS, registration } from './accounts-harness';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the clock file', () => {
  it('adds the offset the file holds, read again when the file changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clock-'));
    const path = join(dir, 'offset');
    const changes: number[] = [];
    const clock = fileClock(path, { realNow: () => 1_000_000, onChange: (offset) => changes.push(offset) });
    expect(clock.now().getTime()).toBe(1_000_000);
    writeFileSync(path, '5000\n');
    expect(clock.now().getTime()).toBe(1_005_000);
    writeFileSync(path, 'tomorrow');
    // Unreadable: the last offset stays.
    expect(clock.now().getTime()).toBe(1_005_000);
    writeFileSync(path, '-2000');
    expect(clock.now().getTime()).toBe(998_000);
    rmSync(path);
    expect(clock.now().getTime()).toBe(1_000_000);
    expect(changes).toEqual([5000, -2000, 0]);
    rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * The built server as a real process, moved a month ahead by its clock
 * file: what an end-to-end test does to see an account purged.
 */
describe('the server process with --clock-file', () => {
  let bundle: { dir: string; file: string };
  let dataDir: string;
  let clockFile: string;
  let server: ChildProcess;
  let baseUrl: string;
  const keys = generateKioskKeys();
  let kioskId: string;

  beforeAll(async () => {
    bundle = await bundleForNode(join(root, 'src-central/server.ts'), 'central-server-', 'cjs');
    dataDir = mkdtempSync(join(tmpdir(), 'central-data-'));
    clockFile = join(dataDir, 'clock-offset');
    server = spawn(process.execPath, [bundle.file, '--port', '0', '--data', dataDir, '--clock-file', clockFile], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    server.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /central listening on (http\S+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      server.once('exit', (code) => reject(new Error(`server exited ${code}: ${errors}`)));
    });
    let code = '';
    runAdminCli(['enroll-code', '--data', dataDir, '--office', 'Бишкек'], {
      stdout: (text) => (code += text),
      stderr: () => {},
      clock: () => new Date(),
      randomBytes,
    });
    const enrolled = await fetch(`${baseUrl}/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.trim(), publicKey: keys.publicKey, terminalName: 'T1' }),
    });
    kioskId = EnrollResponse.parse(await enrolled.json()).kioskId;
  }, 60_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(bundle.dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A signed request as the kiosk makes it, stamped with the server's own (moved) time from /v1/health. */
  async function signed(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const health = (await (await fetch(`${baseUrl}/v1/health`)).json()) as { serverTime: string };
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers = signRequest({ kioskId, privateKey: keys.privateKey, method, path, body: text, time: new Date(health.serverTime), nonce: randomUUID() });
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : text,
    });
    return { status: response.status, json: await response.json() };
  }

  it('publishes the bundled terms, and purges a deleted account once its clock is a month ahead', async () => {
    const terms = TermsResponse.parse((await signed('GET', ACCOUNT_PATHS.terms)).json);
    expect(terms.version).toBe(1);
    expect(terms.agreement.ky).toBe(readFileSync(join(root, 'assets/terms/agreement.ky.txt'), 'utf8').trimEnd());

    const registered = await signed('POST', ACCOUNT_PATHS.register, registration());
    expect(registered.status).toBe(200);
    // The real parameters, as in production.
    const { session } = SessionResponse.parse(registered.json);
    const deleted = await signed('POST', ACCOUNT_PATHS.deleteAccount, { token: session.token, password: 'Toolor-Jyldyz-Kel' });
    expect(deleted.status).toBe(200);

    writeFileSync(clockFile, String(32 * DAY_MS));
    // The first request that reads the moved clock sets the maintenance going; give it a moment.
    await fetch(`${baseUrl}/v1/health`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterMonth = await signed('POST', ACCOUNT_PATHS.login, { login: 'aibek.uulu', password: 'Toolor-Jyldyz-Kel' });
    expect(afterMonth).toEqual({ status: 401, json: { error: 'account.credentials' } });
    const again = await signed('POST', ACCOUNT_PATHS.register, registration({ fullName: 'Бермет Асанова' }));
    expect(again.status).toBe(200);
  }, 60_000);
});
