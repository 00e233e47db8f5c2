import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeKiosk } from '../../../src-central/enrollment/kiosks';
import { SIGNATURE_HEADERS } from '../../../src-shared/sync/wire';
import { generateKioskKeys, signRequest } from '../../../src-main/core/sync/signer';
import { TestCentral, type TestKiosk, validEnvelope } from './harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

const batchBody = () => JSON.stringify({ items: [validEnvelope()] });

function storedApplications(): number {
  return (central.db.prepare('SELECT COUNT(*) AS n FROM applications').get() as { n: number }).n;
}

describe('signed requests', () => {
  it('accepts a request signed by an enrolled kiosk and notes when it was seen', async () => {
    const response = await central.postSigned(kiosk, batchBody());
    expect(response.statusCode).toBe(200);
    expect(response.json().results[0].outcome).toBe('accepted');
    const seen = central.db.prepare('SELECT last_seen_at FROM kiosks WHERE id = ?').get(kiosk.id);
    expect(seen).toEqual({ last_seen_at: central.now().toISOString() });
  });

  it('refuses a body changed after signing', async () => {
    const signed = batchBody();
    const tampered = signed.replace('Айбек', 'Айбеk');
    const response = await central.postSigned(kiosk, tampered, { signedBody: signed });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'auth.badSignature' });
    expect(storedApplications()).toBe(0);
  });

  it('refuses one changed byte even when it is only whitespace (the exact bytes are signed)', async () => {
    const signed = batchBody();
    const response = await central.postSigned(kiosk, `${signed} `, { signedBody: signed });
    expect(response.json()).toEqual({ error: 'auth.badSignature' });
  });

  it('refuses a signature made with another key', async () => {
    const response = await central.postSigned(kiosk, batchBody(), { keys: generateKioskKeys() });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'auth.badSignature' });
  });

  it('refuses a signature made for another path', async () => {
    const response = await central.postSigned(kiosk, batchBody(), { path: '/v1/enroll', url: '/v1/applications/batch' });
    expect(response.json()).toEqual({ error: 'auth.badSignature' });
  });

  it('refuses a replayed nonce, even with a fresh time and signature', async () => {
    const body = batchBody();
    expect((await central.postSigned(kiosk, body, { nonce: 'nonce-0000000001' })).statusCode).toBe(200);
    central.nowMs += 1000;
    const replay = await central.postSigned(kiosk, body, { nonce: 'nonce-0000000001' });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toEqual({ error: 'auth.replay' });
  });

  it('keeps nonces per kiosk: another kiosk may use the same nonce', async () => {
    const other = await central.enroll();
    expect((await central.postSigned(kiosk, batchBody(), { nonce: 'shared-nonce-1' })).statusCode).toBe(200);
    expect((await central.postSigned(other, batchBody(), { nonce: 'shared-nonce-1' })).statusCode).toBe(200);
  });

  it('forgets nonces after twice the window, when their requests are stale anyway', async () => {
    await central.postSigned(kiosk, batchBody(), { nonce: 'old-nonce-00001' });
    central.nowMs += 601_000;
    await central.postSigned(kiosk, batchBody());
    const nonces = central.db.prepare('SELECT nonce FROM request_nonces WHERE kiosk_id = ?').all(kiosk.id);
    expect(nonces).not.toContainEqual({ nonce: 'old-nonce-00001' });
    const replayOfOld = await central.postSigned(kiosk, batchBody(), {
      nonce: 'old-nonce-00001',
      time: new Date(central.nowMs - 601_000),
    });
    expect(replayOfOld.json()).toMatchObject({ error: 'auth.stale' });
  });

  it.each([
    ['behind', -301_000],
    ['ahead', 301_000],
  ])('refuses a kiosk clock %s by more than the window and tells the server time', async (_direction, offsetMs) => {
    const response = await central.postSigned(kiosk, batchBody(), { time: new Date(central.nowMs + offsetMs) });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'auth.stale', serverTime: central.now().toISOString() });
    expect(response.headers.date).toBe(central.now().toUTCString());
  });

  it('accepts a clock off by exactly the window, and a shorter window when configured', async () => {
    expect((await central.postSigned(kiosk, batchBody(), { time: new Date(central.nowMs - 300_000) })).statusCode).toBe(200);
    const strict = central.open({ signatureWindowSeconds: 30 });
    try {
      const body = batchBody();
      const headers = signRequest({
        kioskId: kiosk.id,
        privateKey: kiosk.keys.privateKey,
        method: 'POST',
        path: '/v1/applications/batch',
        body,
        time: new Date(central.nowMs - 31_000),
        nonce: 'strict-window-1',
      });
      const response = await strict.app.inject({
        method: 'POST',
        url: '/v1/applications/batch',
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
      });
      expect(response.json()).toMatchObject({ error: 'auth.stale' });
    } finally {
      await strict.close();
    }
  });

  it('does not spend the nonce of a refused stale request', async () => {
    await central.postSigned(kiosk, batchBody(), { nonce: 'retry-nonce-001', time: new Date(central.nowMs + 400_000) });
    expect((await central.postSigned(kiosk, batchBody(), { nonce: 'retry-nonce-001' })).statusCode).toBe(200);
  });

  it('refuses an unknown kiosk', async () => {
    const stranger = { id: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', keys: generateKioskKeys() };
    const response = await central.postSigned(stranger, batchBody());
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'auth.unknownKiosk' });
  });

  it('refuses a revoked kiosk with 403', async () => {
    revokeKiosk(central.db, kiosk.id, central.now());
    const response = await central.postSigned(kiosk, batchBody());
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'auth.revoked' });
    expect(storedApplications()).toBe(0);
  });

  it.each(Object.values(SIGNATURE_HEADERS))('refuses a request without %s', async (header) => {
    const body = batchBody();
    const headers = signRequest({
      kioskId: kiosk.id,
      privateKey: kiosk.keys.privateKey,
      method: 'POST',
      path: '/v1/applications/batch',
      body,
      time: central.now(),
      nonce: 'missing-header-1',
    });
    delete headers[header];
    const response = await central.app.inject({
      method: 'POST',
      url: '/v1/applications/batch',
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'auth.missing' });
  });

  it('treats malformed headers as missing (time not in milliseconds, nonce with a newline)', async () => {
    const body = batchBody();
    const headers = signRequest({
      kioskId: kiosk.id,
      privateKey: kiosk.keys.privateKey,
      method: 'POST',
      path: '/v1/applications/batch',
      body,
      time: central.now(),
      nonce: 'good-nonce-0001',
    });
    for (const bent of [
      { [SIGNATURE_HEADERS.time]: central.now().toISOString() },
      { [SIGNATURE_HEADERS.nonce]: 'short' },
      { [SIGNATURE_HEADERS.signature]: 'AAAA' },
      { [SIGNATURE_HEADERS.kiosk]: 'not-a-uuid' },
    ]) {
      const response = await central.app.inject({
        method: 'POST',
        url: '/v1/applications/batch',
        headers: { 'content-type': 'application/json', ...headers, ...bent },
        payload: body,
      });
      expect(response.json()).toEqual({ error: 'auth.missing' });
    }
  });

  it('spends the nonce of a request whose body is refused, and refuses its replay before the body', async () => {
    expect((await central.postSigned(kiosk, '{"items": [', { nonce: 'garbage-nonce-01' })).statusCode).toBe(400);
    const replay = await central.postSigned(kiosk, batchBody(), { nonce: 'garbage-nonce-01' });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toEqual({ error: 'auth.replay' });
    const replayedGarbage = await central.postSigned(kiosk, '{"items": [', { nonce: 'garbage-nonce-01' });
    expect(replayedGarbage.json()).toEqual({ error: 'auth.replay' });
    expect(storedApplications()).toBe(0);
  });

  it('stores nothing of a replayed batch, nor notes the kiosk seen again', async () => {
    const body = batchBody();
    expect((await central.postSigned(kiosk, body, { nonce: 'nonce-0000000002' })).statusCode).toBe(200);
    central.nowMs += 1000;
    const replay = await central.postSigned(kiosk, JSON.stringify({ items: [validEnvelope()] }), { nonce: 'nonce-0000000002' });
    expect(replay.json()).toEqual({ error: 'auth.replay' });
    expect(storedApplications()).toBe(1);
    const seen = central.db.prepare('SELECT last_seen_at FROM kiosks WHERE id = ?').get(kiosk.id);
    expect(seen).toEqual({ last_seen_at: new Date(central.nowMs - 1000).toISOString() });
  });

  it('checks the signature before it parses the body', async () => {
    const response = await central.postSigned(kiosk, '{"items": [', { keys: generateKioskKeys() });
    expect(response.json()).toEqual({ error: 'auth.badSignature' });
    const signedGarbage = await central.postSigned(kiosk, '{"items": [');
    expect(signedGarbage.statusCode).toBe(400);
    expect(signedGarbage.json()).toEqual({ error: 'request.invalid' });
  });

  it('logs refusals with their codes', async () => {
    await central.postSigned(kiosk, batchBody(), { keys: generateKioskKeys() });
    expect(central.logs).toContainEqual({
      event: 'auth.refused',
      fields: { code: 'auth.badSignature', route: '/v1/applications/batch' },
    });
  });
});
