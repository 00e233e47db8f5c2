import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listReceivedApplications } from '../../../src-central/applications/received';
import { RESPONSE_SIGNATURE_HEADER } from '../../../src-shared/sync/wire';
import { tempDir } from '../../support/catalog-fixture';
import { CoreHarness, recordingFetch, submitValid } from './fixtures';

let harness: CoreHarness;
beforeEach(() => {
  harness = new CoreHarness();
});
afterEach(async () => {
  await harness.close();
});

const isBatch = (input: Parameters<typeof fetch>[0]) => String(input).endsWith('/v1/applications/batch');

type Tamper = (genuine: Response, body: Buffer, earlierSignature: string | null) => Response;

function copyHeaders(response: Response, change: (headers: Headers) => void = () => {}): Headers {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  change(headers);
  return headers;
}

/** What stands between the kiosk and the service, each turning the batch's genuine answer into something else. */
const tampering: Record<string, Tamper> = {
  'a body changed on the way (another registration number)': (genuine, body) => {
    const answer = JSON.parse(body.toString('utf8')) as { results: Array<{ registrationNumber?: string }> };
    for (const result of answer.results) result.registrationNumber = '2026-999999';
    return new Response(JSON.stringify(answer), { status: genuine.status, headers: copyHeaders(genuine) });
  },
  'the signature stripped': (genuine, body) =>
    new Response(new Uint8Array(body), { status: genuine.status, headers: copyHeaders(genuine, (h) => h.delete(RESPONSE_SIGNATURE_HEADER)) }),
  "a genuine signature of another request (another nonce)": (genuine, body, earlierSignature) =>
    new Response(new Uint8Array(body), {
      status: genuine.status,
      headers: copyHeaders(genuine, (h) => h.set(RESPONSE_SIGNATURE_HEADER, earlierSignature ?? '')),
    }),
  'a captive portal answering 200 with its login page': () =>
    new Response('<html><body><form>Login to Wi-Fi</form></body></html>', { status: 200, headers: { 'content-type': 'text/html' } }),
  "a proxy's own 500": () => new Response('{"error":"internal"}', { status: 500, headers: { 'content-type': 'application/json' } }),
  'garbage bytes': () => new Response(new Uint8Array([0xff, 0x00, 0x13, 0x37]), { status: 200, headers: { 'content-type': 'application/json' } }),
};

describe('only a genuine answer counts', () => {
  for (const [what, tamper] of Object.entries(tampering)) {
    it(`takes ${what} for a transient failure and acknowledges nothing`, async () => {
        const { central, url } = await harness.central();
      let active = false;
      let earlierSignature: string | null = null;
      const fetchThrough: typeof globalThis.fetch = async (input, init) => {
        const genuine = await globalThis.fetch(input, init);
        if (!isBatch(input)) return genuine;
        const body = Buffer.from(await genuine.arrayBuffer());
        if (!active) {
          earlierSignature = genuine.headers.get(RESPONSE_SIGNATURE_HEADER);
          return new Response(new Uint8Array(body), { status: genuine.status, headers: copyHeaders(genuine) });
        }
        return tamper(genuine, body, earlierSignature);
      };
      const { core, dataDir } = harness.kiosk({ centralUrl: url, fetch: fetchThrough });
      await harness.enroll(core, central);
      // One honest delivery first: its signature is the "other request" one tampering reuses.
      await submitValid(core);
      expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0 });

      const id = await submitValid(core);
      active = true;
      expect(await core.syncNow({})).toMatchObject({ online: false, waiting: 1, lastError: 'response.unsigned' });
      expect(await core.getReceipt({ applicationId: id })).toMatchObject({ delivery: 'waiting', registrationNumber: null });
      const outboxRow = harness.kioskDb(dataDir).prepare('SELECT attempts, last_error FROM outbox WHERE application_id = ?').get(id);
      // Not even counted against the item: the answer was nobody's.
      expect(outboxRow).toEqual({ attempts: 0, last_error: null });

      active = false;
      expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0, lastError: null });
      const stored = listReceivedApplications(central.db).filter((a) => a.id === id);
      // Stored once by the service (the tampered round reached it, or did not), and the kiosk shows the service's number.
      expect(stored).toHaveLength(1);
      expect((await core.getReceipt({ applicationId: id })).registrationNumber).toBe(stored[0]?.registrationNumber);
    });
  }

  it('never corrects its clock from an unsigned refusal, however official it looks', async () => {
    const { central, url } = await harness.central();
    let forge = false;
    const forging: typeof globalThis.fetch = async (input, init) => {
      if (!forge || !isBatch(input)) return globalThis.fetch(input, init);
      const future = new Date(Date.now() + 5 * 60 * 60_000);
      return new Response(JSON.stringify({ error: 'auth.stale', serverTime: future.toISOString() }), {
        status: 401,
        headers: { 'content-type': 'application/json', date: future.toUTCString() },
      });
    };
    const { core, dataDir } = harness.kiosk({ centralUrl: url, fetch: forging });
    await harness.enroll(core, central);
    const db = harness.kioskDb(dataDir);
    const offset = () => (db.prepare('SELECT clock_offset_ms AS ms FROM kiosk_identity').get() as { ms: number }).ms;
    const before = offset();
    const id = await submitValid(core);
    forge = true;
    expect(await core.syncNow({})).toMatchObject({ online: false, waiting: 1, lastError: 'response.unsigned' });
    expect(offset()).toBe(before);
    forge = false;
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0 });
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('accepted');
  });

  it('pins the service key at enrollment and believes no answer signed with another key', async () => {
    const first = await harness.central();
    const { core, dataDir } = harness.kiosk({ centralUrl: first.url });
    await harness.enroll(core, first.central);
    const pinned = harness.kioskDb(dataDir).prepare('SELECT service_public_key AS key FROM kiosk_identity').get() as { key: string };
    expect(pinned.key).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const id = await submitValid(core);
    // Another service, with a key of its own, takes the address: it signs its answers, but not with the key pinned.
    await first.central.close();
    await harness.centralAt(tempDir('central-other-'), first.port);
    // The first round may still meet the old kept-alive connection; the next one reaches the other service.
    await core.syncNow({});
    expect(await core.syncNow({})).toMatchObject({ online: false, waiting: 1, lastError: 'response.unsigned' });
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('waiting');
  });

  it('never follows a redirect: an application goes to the service or nowhere', async () => {
    const { central, url } = await harness.central();
    const { core } = harness.kiosk({ centralUrl: url });
    await harness.enroll(core, central);
    const id = await submitValid(core);
    const elsewhere: Array<{ method: string; bytes: number }> = [];
    const portal = createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        elsewhere.push({ method: request.method ?? '', bytes });
        response.end('<html>Login</html>');
      });
    });
    const seen: Array<{ length: string | undefined; chunked: boolean }> = [];
    const redirecting = createServer((request, response) => {
      seen.push({ length: request.headers['content-length'], chunked: request.headers['transfer-encoding'] === 'chunked' });
      request.resume();
      const { port } = portal.address() as AddressInfo;
      response.writeHead(307, { location: `http://127.0.0.1:${port}/login` }).end();
    });
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    await central.close();
    await new Promise<void>((resolve) => redirecting.listen(Number(new URL(url).port), '127.0.0.1', resolve));
    harness.onClose(() => new Promise((resolve) => redirecting.close(() => portal.close(() => resolve()))));

    // The first round may still meet the old kept-alive connection; the next one reaches the redirect.
    await core.syncNow({});
    expect(await core.syncNow({})).toMatchObject({ online: false, waiting: 1 });
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('waiting');
    expect(elsewhere).toEqual([]);
    // The batch went whole, its length declared: what the service signs and checks.
    expect(seen.length).toBeGreaterThan(0);
    for (const request of seen) expect(request).toMatchObject({ chunked: false, length: expect.stringMatching(/^[1-9]\d*$/) });
  });

  it('sends nothing while it holds no service key to check answers with (enrolled before keys were pinned)', async () => {
    const { central, url } = await harness.central();
    const { fetch, requests } = recordingFetch();
    const { core, dataDir } = harness.kiosk({ centralUrl: url, fetch });
    await harness.enroll(core, central);
    harness.kioskDb(dataDir, { writable: true }).prepare('UPDATE kiosk_identity SET service_public_key = NULL').run();
    const id = await submitValid(core);
    requests.length = 0;
    expect(await core.syncNow({})).toMatchObject({ enrolled: true, waiting: 1, lastError: 'kiosk.serviceKeyMissing' });
    expect(requests).toEqual([]);
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('waiting');
  });
});
