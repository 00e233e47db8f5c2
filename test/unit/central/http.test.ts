import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../src-central/requests';
import { TestCentral } from './harness';

let central: TestCentral;
beforeEach(() => {
  central = new TestCentral();
});
afterEach(async () => {
  await central.close();
});

describe('HTTP surface', () => {
  it('answers the health probe unsigned, with the server time in the body and the Date header', async () => {
    const response = await central.app.inject({ method: 'GET', url: '/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', serverTime: central.now().toISOString() });
    expect(response.headers.date).toBe(central.now().toUTCString());
  });

  it('puts a Date header on refusals too', async () => {
    const response = await central.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'request.notFound' });
    expect(response.headers.date).toBe(central.now().toUTCString());
  });

  it('answers malformed JSON with 400 request.invalid', async () => {
    const response = await central.app.inject({
      method: 'POST',
      url: '/v1/enroll',
      headers: { 'content-type': 'application/json' },
      payload: '{"code": "ABCD-',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'request.invalid' });
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await central.app.inject({
      method: 'POST',
      url: '/v1/enroll',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ code: 'x'.repeat(MAX_BODY_BYTES) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'request.tooLarge' });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await central.app.inject({
      method: 'POST',
      url: '/v1/enroll',
      headers: { 'content-type': 'text/plain' },
      payload: 'code=ABCD',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: 'request.unsupportedMediaType' });
  });

  it('answers an internal failure with a code only: no stack, no SQL, no message', async () => {
    central.db.close();
    const reachDb = await central.app.inject({
      method: 'POST',
      url: '/v1/applications/batch',
      headers: {
        'content-type': 'application/json',
        'x-kiosk-id': '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
        'x-kiosk-time': String(central.nowMs),
        'x-kiosk-nonce': 'nonce-internal-1',
        'x-kiosk-signature': Buffer.alloc(64, 1).toString('base64'),
      },
      payload: '{"items":[]}',
    });
    expect(reachDb.statusCode).toBe(500);
    expect(reachDb.body).toBe('{"error":"internal"}');
    expect(central.logs).toContainEqual({
      event: 'request.failed',
      fields: expect.objectContaining({ route: '/v1/applications/batch', error: 'TypeError' }),
    });
  });
});
