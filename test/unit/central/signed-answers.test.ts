import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdminCli } from '../../../src-central/admin/commands';
import { revokeKiosk } from '../../../src-central/enrollment/kiosks';
import { RESPONSE_SIGNATURE_HEADER, changesPath } from '../../../src-shared/sync/wire';
import { generateKioskKeys, signRequest } from '../../../src-main/core/sync/signer';
import { type AskedRequest, TestCentral, type TestKiosk, answerVerifies, validEnvelope } from './harness';

let central: TestCentral;
let kiosk: TestKiosk;
let pinned: string;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
  pinned = kiosk.servicePublicKey!;
});
afterEach(async () => {
  await central.close();
});

const BATCH = '/v1/applications/batch';
const batchBody = () => JSON.stringify({ items: [validEnvelope()] });

/** An inject answer as the kiosk sees it: status, headers and the exact body bytes. */
function seen(response: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) {
  return { status: response.statusCode, headers: response.headers, body: response.rawPayload };
}

async function postBatch(body: string, bend: { nonce?: string; keys?: TestKiosk['keys']; time?: Date } = {}) {
  const nonce = bend.nonce ?? randomUUID();
  const response = await central.postSigned(kiosk, body, { nonce, keys: bend.keys, time: bend.time });
  const asked: AskedRequest = { kioskId: kiosk.id, method: 'POST', path: BATCH, nonce };
  return { response, asked };
}

/** A signed GET, with what the kiosk asked. */
async function getSigned(path: string) {
  const signed = central.signedHeaders(kiosk, { method: 'GET', path });
  const response = await central.app.inject({ method: 'GET', url: path, headers: signed.headers });
  return { response, asked: { kioskId: kiosk.id, method: 'GET', path, nonce: signed.nonce } };
}

describe('the service key', () => {
  it('is given at enrollment, kept in the database and the same after a restart', async () => {
    expect(pinned).toBe(central.central.servicePublicKey);
    const stored = central.db.prepare('SELECT public_key FROM service_keys').all();
    expect(stored).toEqual([{ public_key: pinned }]);
    const again = central.open();
    try {
      expect(again.servicePublicKey).toBe(pinned);
      // A second kiosk enrolled through the restarted service pins the same key.
      const other = await central.enroll();
      expect(other.servicePublicKey).toBe(pinned);
    } finally {
      await again.close();
    }
  });

  it('is printed by the admin CLI for operators', () => {
    let stdout = '';
    let stderr = '';
    const code = runAdminCli(['service-key', '--data', central.dir], {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      clock: () => central.now(),
      randomBytes,
    });
    expect(code).toBe(0);
    expect(stdout).toBe(`${pinned}\n`);
    expect(stderr).toMatch(/^sha256 of the key: [0-9a-f]{64}\n$/);
  });
});

describe('signed answers', () => {
  it('signs an accepted batch over the request, the status and the exact body', async () => {
    const { response, asked } = await postBatch(batchBody());
    expect(response.statusCode).toBe(200);
    expect(answerVerifies(pinned, asked, seen(response))).toBe(true);
  });

  it('binds the answer to the nonce and path asked: replayed for another request it fails', async () => {
    const first = await postBatch(batchBody());
    const second = await postBatch(batchBody());
    // The first answer handed back for the second request (a cache, a replaying proxy).
    expect(answerVerifies(pinned, second.asked, seen(first.response))).toBe(false);
    expect(answerVerifies(pinned, { ...first.asked, path: '/v1/attachments/check' }, seen(first.response))).toBe(false);
    expect(answerVerifies(pinned, { ...first.asked, method: 'PUT' }, seen(first.response))).toBe(false);
    expect(answerVerifies(pinned, { ...first.asked, kioskId: randomUUID() }, seen(first.response))).toBe(false);
    expect(answerVerifies(pinned, first.asked, seen(first.response))).toBe(true);
  });

  it('fails when one byte of the body or the status is changed, or for another key', async () => {
    const { response, asked } = await postBatch(batchBody());
    const body = Buffer.from(response.rawPayload);
    body[body.length - 2] = body[body.length - 2]! ^ 1;
    expect(answerVerifies(pinned, asked, { ...seen(response), body })).toBe(false);
    expect(answerVerifies(pinned, asked, { ...seen(response), status: 500 })).toBe(false);
    expect(answerVerifies(generateKioskKeys().publicKey, asked, seen(response))).toBe(false);
  });

  it('signs refusals: bad signature, stale clock and replay (401), revoked (403)', async () => {
    const bad = await postBatch(batchBody(), { keys: generateKioskKeys() });
    expect(bad.response.json()).toEqual({ error: 'auth.badSignature' });
    expect(answerVerifies(pinned, bad.asked, seen(bad.response))).toBe(true);

    const stale = await postBatch(batchBody(), { time: new Date(central.nowMs - 400_000) });
    expect(stale.response.json()).toMatchObject({ error: 'auth.stale' });
    expect(answerVerifies(pinned, stale.asked, seen(stale.response))).toBe(true);

    const used = await postBatch(batchBody());
    const replay = await postBatch(batchBody(), { nonce: used.asked.nonce });
    expect(replay.response.json()).toEqual({ error: 'auth.replay' });
    expect(answerVerifies(pinned, replay.asked, seen(replay.response))).toBe(true);

    revokeKiosk(central.db, kiosk.id, central.now());
    const revoked = await postBatch(batchBody());
    expect(revoked.response.statusCode).toBe(403);
    expect(answerVerifies(pinned, revoked.asked, seen(revoked.response))).toBe(true);
  });

  it('signs the refusal of an unknown kiosk and of a request missing its signature', async () => {
    const stranger = { id: randomUUID(), keys: generateKioskKeys() };
    const nonce = randomUUID();
    const unknown = await central.postSigned(stranger, batchBody(), { nonce });
    expect(unknown.json()).toEqual({ error: 'auth.unknownKiosk' });
    expect(answerVerifies(pinned, { kioskId: stranger.id, method: 'POST', path: BATCH, nonce }, seen(unknown))).toBe(true);

    const { headers } = central.signedHeaders(kiosk, { method: 'POST', path: BATCH, body: batchBody(), nonce: 'nonce-missing-sig' });
    delete headers['x-kiosk-signature'];
    const missing = await central.app.inject({
      method: 'POST',
      url: BATCH,
      headers: { 'content-type': 'application/json', ...headers },
      payload: batchBody(),
    });
    expect(missing.json()).toEqual({ error: 'auth.missing' });
    expect(answerVerifies(pinned, { kioskId: kiosk.id, method: 'POST', path: BATCH, nonce: 'nonce-missing-sig' }, seen(missing))).toBe(true);
  });

  it('signs 4xx answers of the routes and of the framework: 400, 404, 413, 415', async () => {
    const invalid = await postBatch('{"items": [');
    expect(invalid.response.statusCode).toBe(400);
    expect(answerVerifies(pinned, invalid.asked, seen(invalid.response))).toBe(true);

    const notFound = await getSigned('/v1/status/ACDEFGHJKMNP');
    expect(notFound.response.json()).toEqual({ error: 'status.notFound' });
    expect(answerVerifies(pinned, notFound.asked, seen(notFound.response))).toBe(true);

    for (const [contentType, payload, status] of [
      ['text/plain', 'items', 415],
      ['application/json', 'x'.repeat(6 * 1024 * 1024), 413],
    ] as const) {
      const signed = central.signedHeaders(kiosk, { method: 'POST', path: BATCH, body: payload });
      const refused = await central.app.inject({
        method: 'POST',
        url: BATCH,
        headers: { 'content-type': contentType, ...signed.headers },
        payload,
      });
      expect(refused.statusCode).toBe(status);
      expect(answerVerifies(pinned, { kioskId: kiosk.id, method: 'POST', path: BATCH, nonce: signed.nonce }, seen(refused))).toBe(true);
    }

    const unrouted = await getSigned('/v1/nowhere');
    expect(unrouted.response.json()).toEqual({ error: 'request.notFound' });
    expect(answerVerifies(pinned, unrouted.asked, seen(unrouted.response))).toBe(true);
  });

  it('signs the path with its query exactly as requested', async () => {
    const { response, asked } = await getSigned(changesPath(0));
    expect(response.statusCode).toBe(200);
    expect(answerVerifies(pinned, asked, seen(response))).toBe(true);
    expect(answerVerifies(pinned, { ...asked, path: changesPath(1) }, seen(response))).toBe(false);
    expect(answerVerifies(pinned, { ...asked, path: '/v1/changes' }, seen(response))).toBe(false);
  });

  it('signs an internal failure (500) too', async () => {
    central.db.close();
    const nonce = 'nonce-internal-2';
    const response = await central.app.inject({
      method: 'POST',
      url: BATCH,
      headers: {
        'content-type': 'application/json',
        'x-kiosk-id': kiosk.id,
        'x-kiosk-time': String(central.nowMs),
        'x-kiosk-nonce': nonce,
        'x-kiosk-signature': Buffer.alloc(64, 1).toString('base64'),
      },
      payload: '{"items":[]}',
    });
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('{"error":"internal"}');
    expect(answerVerifies(pinned, { kioskId: kiosk.id, method: 'POST', path: BATCH, nonce }, seen(response))).toBe(true);
  });

  it('leaves unsigned what has no kiosk headers, and the health probe and enrollment whatever they carry', async () => {
    const plain = await central.app.inject({ method: 'POST', url: BATCH, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(plain.json()).toEqual({ error: 'auth.missing' });
    expect(plain.headers[RESPONSE_SIGNATURE_HEADER]).toBeUndefined();

    const { headers } = central.signedHeaders(kiosk, { method: 'GET', path: '/v1/health' });
    const health = await central.app.inject({ method: 'GET', url: '/v1/health', headers });
    expect(health.statusCode).toBe(200);
    expect(health.headers[RESPONSE_SIGNATURE_HEADER]).toBeUndefined();

    const payload = { code: central.newCode(), publicKey: generateKioskKeys().publicKey, terminalName: 'Terminal 2' };
    const enrollHeaders = central.signedHeaders(kiosk, { method: 'POST', path: '/v1/enroll', body: JSON.stringify(payload) }).headers;
    const enroll = await central.app.inject({ method: 'POST', url: '/v1/enroll', headers: enrollHeaders, payload });
    expect(enroll.statusCode).toBe(200);
    expect(enroll.headers[RESPONSE_SIGNATURE_HEADER]).toBeUndefined();
  });

  it('signs the bytes that really cross the wire (real HTTP), success and refusal', async () => {
    const base = await central.listen();
    for (const keys of [kiosk.keys, generateKioskKeys()]) {
      const body = batchBody();
      const nonce = randomUUID();
      const headers = signRequest({ kioskId: kiosk.id, privateKey: keys.privateKey, method: 'POST', path: BATCH, body, time: central.now(), nonce });
      const response = await fetch(`${base}${BATCH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const bytes = Buffer.from(await response.arrayBuffer());
      const answer = { status: response.status, headers: Object.fromEntries(response.headers), body: bytes };
      expect(answerVerifies(pinned, { kioskId: kiosk.id, method: 'POST', path: BATCH, nonce }, answer)).toBe(true);
      expect(response.headers.get('content-length')).toBe(String(bytes.length));
    }
  });
});
