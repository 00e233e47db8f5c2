import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listReceivedApplications } from '../../../src-central/applications/received';
import { createHash } from 'node:crypto';
import { ApplicationEnvelope, BatchResponse, canonicalJson, type ItemResult } from '../../../src-shared/sync/wire';
import { signRequest } from '../../../src-main/core/sync/signer';
import { publishCatalog } from '../../../src-central/catalog/versions';
import { TestCentral, type TestKiosk, testCatalog, validEnvelope } from './harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

async function send(items: unknown[], via = central.app): Promise<ItemResult[]> {
  const body = JSON.stringify({ items });
  const headers = signRequest({
    kioskId: kiosk.id,
    privateKey: kiosk.keys.privateKey,
    method: 'POST',
    path: '/v1/applications/batch',
    body,
    time: central.now(),
    nonce: crypto.randomUUID(),
  });
  const response = await via.inject({
    method: 'POST',
    url: '/v1/applications/batch',
    headers: { 'content-type': 'application/json', ...headers },
    payload: body,
  });
  expect(response.statusCode).toBe(200);
  return BatchResponse.parse(response.json()).results;
}

function count(sql: string, ...params: unknown[]): number {
  return (central.db.prepare(sql).get(...params) as { n: number }).n;
}

describe('POST /v1/applications/batch', () => {
  it('stores a new valid application and answers accepted with a registration number', async () => {
    const envelope = validEnvelope();
    expect(await send([envelope])).toEqual([{ id: envelope.id, outcome: 'accepted', registrationNumber: '2026-000001' }]);
    expect(listReceivedApplications(central.db)).toEqual([
      {
        id: envelope.id,
        registrationNumber: '2026-000001',
        serviceId: 'birth-registration',
        kioskId: kiosk.id,
        receivedAt: central.now().toISOString(),
      },
    ]);
  });

  it('keeps the canonical JSON of the envelope as text, and its SHA-256', async () => {
    const envelope = validEnvelope({ answers: { ...validEnvelope().answers, childName: 'Үмөт 😀' } });
    await send([{ ...envelope, notInTheSchema: true }]);
    const row = central.db.prepare('SELECT typeof(envelope_json) AS type, envelope_json, content_sha256 FROM applications').get();
    const canonical = canonicalJson(ApplicationEnvelope.parse(envelope));
    expect(row).toEqual({ type: 'text', envelope_json: canonical, content_sha256: createHash('sha256').update(canonical).digest('hex') });
  });

  it('answers a resend with duplicate and the same number, and stores nothing new', async () => {
    const envelope = validEnvelope();
    await send([envelope]);
    central.nowMs += 60_000;
    // Keys in another order: the content hash is over canonical JSON.
    const reordered = Object.fromEntries(Object.entries(envelope).reverse());
    expect(await send([reordered])).toEqual([{ id: envelope.id, outcome: 'duplicate', registrationNumber: '2026-000001' }]);
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(1);
    expect(await send([validEnvelope()])).toEqual([expect.objectContaining({ registrationNumber: '2026-000002' })]);
  });

  it('answers other content under the same UUID with conflict, keeps the original and records it for a clerk', async () => {
    const original = validEnvelope();
    await send([original]);
    const changed = { ...original, answers: { ...original.answers, childName: 'Нурбек' } };
    expect(await send([changed])).toEqual([{ id: original.id, outcome: 'conflict', reason: 'application.conflict' }]);
    expect(await send([changed])).toEqual([expect.objectContaining({ outcome: 'conflict' })]);

    const stored = central.db.prepare('SELECT envelope_json FROM applications WHERE id = ?').get(original.id) as {
      envelope_json: string;
    };
    expect(JSON.parse(stored.envelope_json).answers.childName).toBe('Айбек');
    const conflicts = central.db.prepare('SELECT application_id, kiosk_id, envelope_json FROM application_conflicts').all() as {
      application_id: string;
      kiosk_id: string;
      envelope_json: string;
    }[];
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ application_id: original.id, kiosk_id: kiosk.id, envelope_json: canonicalJson(changed) });
    expect(JSON.parse(conflicts[0]!.envelope_json).answers.childName).toBe('Нурбек');
    // The first answer still stands for the original content.
    expect(await send([original])).toEqual([{ id: original.id, outcome: 'duplicate', registrationNumber: '2026-000001' }]);
  });

  it('rejects invalid answers with the shared engine’s field errors, and stores nothing', async () => {
    const envelope = validEnvelope({
      answers: { childName: 'A', birthDate: '2026-02-30', applicantPin: '31503199012345', delivery: 'post', extra: 'x' },
    });
    const [result] = await send([envelope]);
    expect(result).toEqual({
      id: envelope.id,
      outcome: 'rejected',
      reason: 'answers.invalid',
      errors: [
        { field: 'extra', code: 'answer.unknown' },
        { field: 'childName', code: 'text.tooShort', params: { min: 2 } },
        { field: 'birthDate', code: 'date.invalid' },
        { field: 'applicantPin', code: 'pin.gender' },
        { field: 'address', code: 'required' },
      ],
    });
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM registration_sequences')).toBe(0);
  });

  it.each([
    ['service.unknown', { serviceId: 'no-such-service' }],
    ['variant.unknown', { variantId: 'express' }],
    ['form.unknown', { formId: 'other-form' }],
    ['form.unknownVersion', { formVersion: 1 }],
  ])('rejects %s', async (reason, overrides) => {
    const envelope = validEnvelope(overrides);
    expect(await send([envelope])).toEqual([{ id: envelope.id, outcome: 'rejected', reason }]);
  });

  it('still answers duplicate for an accepted application whose variant the catalog has since dropped', async () => {
    const envelope = validEnvelope();
    await send([envelope]);
    // A newer published version offers only an urgent variant; an envelope naming it cannot have "standard".
    const newerCatalog = {
      ...testCatalog,
      version: 'test-2026.2',
      publishedAt: '2026-02-01T00:00:00Z',
      services: testCatalog.services.map((s) => ({ ...s, variants: s.variants.map((v) => ({ ...v, id: 'urgent' })) })),
    };
    expect(publishCatalog(central.db, newerCatalog, central.now())).toMatchObject({ ok: true });
    expect(await send([validEnvelope({ catalogVersion: 'test-2026.2' })])).toEqual([
      expect.objectContaining({ reason: 'variant.unknown' }),
    ]);
    expect(await send([envelope])).toEqual([{ id: envelope.id, outcome: 'duplicate', registrationNumber: '2026-000001' }]);
  });

  it('validates as on the day the kiosk submitted, never later than the server’s today', async () => {
    // Born on the 9th, submitted on the 8th: "future" at submit time, though the server's today is the 10th.
    const beforeBirth = validEnvelope({
      submittedAt: '2026-03-08T10:00:00.000Z',
      answers: { ...validEnvelope().answers, birthDate: '2026-03-09' },
    });
    // A kiosk clock ten days ahead cannot make the 15th a past date.
    const clockAhead = validEnvelope({
      submittedAt: '2026-03-20T10:00:00.000Z',
      answers: { ...validEnvelope().answers, birthDate: '2026-03-15' },
    });
    const onTime = validEnvelope({
      submittedAt: '2026-03-09T10:00:00.000Z',
      answers: { ...validEnvelope().answers, birthDate: '2026-03-09' },
    });
    const results = await send([beforeBirth, clockAhead, onTime]);
    expect(results.map((r) => [r.outcome, r.errors])).toEqual([
      ['rejected', [{ field: 'birthDate', code: 'date.future' }]],
      ['rejected', [{ field: 'birthDate', code: 'date.future' }]],
      ['accepted', undefined],
    ]);
  });

  it('answers a mixed batch per item, in the order sent', async () => {
    const first = validEnvelope();
    await send([first]);
    const conflicting = { ...first, localNumber: 'K1-999999' };
    const fresh = validEnvelope();
    const invalid = validEnvelope({ answers: {} });
    const malformed = { ...validEnvelope(), language: 'en' };
    const another = validEnvelope();
    const results = await send([fresh, first, invalid, conflicting, malformed, another, fresh]);
    expect(results.map((r) => [r.id, r.outcome, r.registrationNumber ?? r.reason])).toEqual([
      [fresh.id, 'accepted', '2026-000002'],
      [first.id, 'duplicate', '2026-000001'],
      [invalid.id, 'rejected', 'answers.invalid'],
      [first.id, 'conflict', 'application.conflict'],
      [malformed.id, 'rejected', 'item.invalid'],
      [another.id, 'accepted', '2026-000003'],
      [fresh.id, 'duplicate', '2026-000002'],
    ]);
  });

  it('answers retry for an item the database fails on, gives its number back, and goes on with the rest', async () => {
    central.db.exec(`CREATE TRIGGER fail_one BEFORE INSERT ON applications WHEN NEW.local_number = 'K1-FAIL'
      BEGIN SELECT RAISE(ABORT, 'disk trouble'); END`);
    const failing = validEnvelope({ localNumber: 'K1-FAIL' });
    const results = await send([validEnvelope(), failing, validEnvelope()]);
    expect(results.map((r) => [r.outcome, r.registrationNumber ?? r.reason])).toEqual([
      ['accepted', '2026-000001'],
      ['retry', 'internal'],
      ['accepted', '2026-000002'],
    ]);
    expect(central.logs).toContainEqual({
      event: 'application.failed',
      fields: expect.objectContaining({ applicationId: failing.id, errorCode: 'SQLITE_CONSTRAINT_TRIGGER' }),
    });
    central.db.exec('DROP TRIGGER fail_one');
    expect(await send([failing])).toEqual([{ id: failing.id, outcome: 'accepted', registrationNumber: '2026-000003' }]);
  });

  it('refuses a batch with an item it could not even answer (no UUID), or no items', async () => {
    for (const items of [[validEnvelope(), { id: 'not-a-uuid' }], []]) {
      const response = await central.postSigned(kiosk, JSON.stringify({ items }));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'request.invalid' });
    }
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(0);
  });

  it('stores one row when two servers on one database get the same UUID at once', async () => {
    const second = central.open();
    try {
      const envelope = validEnvelope();
      const rounds = await Promise.all([
        send([envelope, validEnvelope()]),
        send([envelope, validEnvelope()], second.app),
        send([envelope], central.app),
        send([envelope], second.app),
      ]);
      const outcomes = rounds.map((results) => results[0]!);
      expect(outcomes.filter((r) => r.outcome === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((r) => r.outcome === 'duplicate')).toHaveLength(3);
      expect(new Set(outcomes.map((r) => r.registrationNumber)).size).toBe(1);
      expect(count('SELECT COUNT(*) AS n FROM applications WHERE id = ?', envelope.id)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('gives sequential, unique numbers per year, the year of the office (UTC+6)', async () => {
    const numbers: string[] = [];
    for (let batch = 0; batch < 3; batch += 1) {
      const results = await send(Array.from({ length: 4 }, () => validEnvelope()));
      numbers.push(...results.map((r) => r.registrationNumber!));
    }
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(6, '0')}`));

    // 31 Dec 2026, 18:30 UTC is already 1 Jan 2027 in Bishkek.
    central.nowMs = Date.parse('2026-12-31T18:30:00.000Z');
    const [newYear] = await send([validEnvelope({ submittedAt: '2026-12-31T18:29:00.000Z' })]);
    expect(newYear!.registrationNumber).toBe('2027-000001');
    expect(count('SELECT COUNT(DISTINCT registration_number) AS n FROM applications')).toBe(13);
  });

  it('logs ids and outcomes, never what the citizen typed: a line per batch, and one per item a clerk must see', async () => {
    const refused = validEnvelope({ answers: { childName: 'Чолпон' } });
    await send([validEnvelope(), refused, validEnvelope()]);
    const logged = JSON.stringify(central.logs);
    expect(central.logs.filter((l) => l.event.startsWith('application.') || l.event.startsWith('batch.'))).toEqual([
      { event: 'application.rejected', fields: { applicationId: refused.id, kioskId: kiosk.id, reason: 'answers.invalid' } },
      {
        event: 'batch.stored',
        fields: {
          kioskId: kiosk.id,
          items: 3,
          accepted: 2,
          duplicate: 0,
          conflict: 0,
          rejected: 1,
          retry: 0,
          firstNumber: '2026-000001',
          lastNumber: '2026-000002',
        },
      },
    ]);
    for (const personal of ['Айбек', 'Чолпон', '21503199012345', '2026-03-01']) expect(logged).not.toContain(personal);
  });
});
