import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_REASON_LENGTH,
  type StatusChangeRequest,
  setApplicationStatus,
  statusOf,
  statusReport,
} from '../../../src-central/applications/statuses';
import { APPLICATION_STATES, type ApplicationState } from '../../../src-shared/applications/status';
import { formatPlainCode } from '../../../src-shared/codes';
import { ChangesResponse, StatusChange, StatusResponse, changesPath, statusPath } from '../../../src-shared/sync/wire';
import { TestCentral, type TestKiosk, newLookupCode, validEnvelope } from './harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

const REASON = { ky: 'Паспорттун көчүрмөсү жок', ru: 'Нет копии паспорта' };
/** The moves the service must allow; every other pair of states is refused. */
const ALLOWED: ReadonlyArray<readonly [ApplicationState, ApplicationState]> = [
  ['received', 'inReview'],
  ['received', 'documentsNeeded'],
  ['received', 'rejected'],
  ['inReview', 'documentsNeeded'],
  ['inReview', 'readyForPickup'],
  ['inReview', 'rejected'],
  ['documentsNeeded', 'inReview'],
  ['documentsNeeded', 'rejected'],
];
/** How an application just received gets to each state. */
const PATH_TO: Record<ApplicationState, ApplicationState[]> = {
  received: [],
  inReview: ['inReview'],
  documentsNeeded: ['documentsNeeded'],
  readyForPickup: ['inReview', 'readyForPickup'],
  rejected: ['rejected'],
};
const reasonFor = (state: ApplicationState) => (state === 'documentsNeeded' || state === 'rejected' ? REASON : undefined);

async function accepted(envelope = validEnvelope(), from = kiosk): Promise<{ id: string; lookupCode: string; ref: string }> {
  const [result] = await central.sendBatch(from, [envelope]);
  expect(result).toMatchObject({ outcome: 'accepted' });
  return { id: envelope.id, lookupCode: envelope.lookupCode, ref: result!.registrationNumber! };
}

function move(ref: string, state: ApplicationState, reason?: StatusChangeRequest['reason'], actor = 'Айгүл Асанова') {
  return setApplicationStatus(central.db, { ref, state, reason, actor }, central.now());
}

function count(sql: string, ...params: unknown[]): number {
  return (central.db.prepare(sql).get(...params) as { n: number }).n;
}

const stepsOf = (applicationId: string) =>
  count('SELECT COUNT(*) AS n FROM application_status_steps WHERE application_id = ?', applicationId);

async function feedOf(who: TestKiosk, after = 0): Promise<ChangesResponse> {
  const response = await central.getSigned(who, changesPath(after));
  expect(response.statusCode).toBe(200);
  return ChangesResponse.parse(response.json());
}

/** Every status item the feed holds for a kiosk, as it reads them. */
async function statusItemsOf(who: TestKiosk): Promise<StatusChange[]> {
  return (await feedOf(who)).changes.filter((c) => c.kind === 'status').map((c) => StatusChange.parse(c));
}

describe('ingestion writes the first step', () => {
  it('stores the lookup code and a received step at the time of receipt, with its feed item for the sending kiosk', async () => {
    const envelope = validEnvelope();
    const { id } = await accepted(envelope);
    expect(central.db.prepare('SELECT lookup_code FROM applications WHERE id = ?').get(id)).toEqual({
      lookup_code: envelope.lookupCode,
    });
    expect(central.db.prepare('SELECT state, reason_ky, reason_ru, at, actor FROM application_status_steps').all()).toEqual([
      { state: 'received', reason_ky: null, reason_ru: null, at: central.now().toISOString(), actor: 'system' },
    ]);
    expect(statusReport(central.db, envelope.lookupCode)).toMatchObject({
      ok: true,
      steps: [{ state: 'received', at: central.now().toISOString(), reason: null, actor: 'system' }],
    });
    const items = await statusItemsOf(kiosk);
    expect(items).toEqual([
      { seq: expect.any(Number), kind: 'status', applicationId: id, entry: { state: 'received', at: central.now().toISOString(), reason: null } },
    ]);
    // After the catalog the service published at its start.
    expect(items[0]!.seq).toBeGreaterThan(count('SELECT MAX(seq) AS n FROM change_feed'));
    expect(await statusItemsOf(await central.enroll())).toEqual([]);
  });

  it('writes nothing new for a resend (duplicate) or other content under the same id (conflict)', async () => {
    const envelope = validEnvelope();
    const { id } = await accepted(envelope);
    central.nowMs += 60_000;
    expect(await central.sendBatch(kiosk, [envelope, envelope])).toEqual([
      expect.objectContaining({ outcome: 'duplicate' }),
      expect.objectContaining({ outcome: 'duplicate' }),
    ]);
    const changed = { ...envelope, answers: { ...envelope.answers, childName: 'Нурбек' } };
    expect(await central.sendBatch(kiosk, [changed])).toEqual([expect.objectContaining({ outcome: 'conflict' })]);
    expect(stepsOf(id)).toBe(1);
    expect(await statusItemsOf(kiosk)).toHaveLength(1);
  });

  it('writes no step for a rejected item', async () => {
    await central.sendBatch(kiosk, [validEnvelope({ answers: {} }), validEnvelope({ serviceId: 'nope' })]);
    expect(count('SELECT COUNT(*) AS n FROM application_status_steps')).toBe(0);
    expect(await statusItemsOf(kiosk)).toEqual([]);
  });

  it('gives each application received its own place in the feed, after everything before it', async () => {
    const first = await accepted();
    move(first.ref, 'inReview');
    const [second, third] = await central.sendBatch(kiosk, [validEnvelope(), validEnvelope()]);
    move(second!.registrationNumber!, 'rejected', REASON);
    const items = await statusItemsOf(kiosk);
    expect(items.map((c) => [c.applicationId, c.entry.state])).toEqual([
      [first.id, 'received'],
      [first.id, 'inReview'],
      [second!.id, 'received'],
      [third!.id, 'received'],
      [second!.id, 'rejected'],
    ]);
    expect(new Set(items.map((c) => c.seq)).size).toBe(items.length);
  });
});

describe('lookup codes are unique (the database constraint answers)', () => {
  it('rejects a second application with a code already taken, storing nothing and giving its number back', async () => {
    const first = validEnvelope();
    await accepted(first);
    const second = validEnvelope({ lookupCode: first.lookupCode });
    const sameBatch = validEnvelope({ lookupCode: newLookupCode() });
    const twin = validEnvelope({ lookupCode: sameBatch.lookupCode });
    expect(await central.sendBatch(kiosk, [second, sameBatch, twin])).toEqual([
      { id: second.id, outcome: 'rejected', reason: 'lookup.taken' },
      { id: sameBatch.id, outcome: 'accepted', registrationNumber: '2026-000002' },
      { id: twin.id, outcome: 'rejected', reason: 'lookup.taken' },
    ]);
    // Sent again it is still refused: the kiosk never makes a new code for it.
    expect(await central.sendBatch(kiosk, [second])).toEqual([{ id: second.id, outcome: 'rejected', reason: 'lookup.taken' }]);
    expect(count('SELECT COUNT(*) AS n FROM applications')).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM applications WHERE id IN (?, ?)', second.id, twin.id)).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM application_status_steps')).toBe(2);
    expect(await central.sendBatch(kiosk, [validEnvelope()])).toEqual([expect.objectContaining({ registrationNumber: '2026-000003' })]);
    expect(central.logs).toContainEqual({
      event: 'application.rejected',
      fields: { applicationId: second.id, kioskId: kiosk.id, reason: 'lookup.taken' },
    });
  });

  it('is refused by the database itself, not only by the service', () => {
    const insert = (id: string, registrationNumber: string) =>
      central.db
        .prepare(
          `INSERT INTO applications (id, registration_number, lookup_code, kiosk_id, content_sha256, service_id, variant_id,
             form_id, form_version, catalog_version, language, local_number, submitted_at, received_at, envelope_json)
           VALUES (?, ?, 'ACDEFGHJKMNP', ?, 'x', 's', 'v', 'f', 1, 'c', 'ky', 'K1', 't', 't', '{}')`,
        )
        .run(id, registrationNumber, kiosk.id);
    insert('00000001-0000-4000-8000-000000000000', '2026-900001');
    expect(() => insert('00000002-0000-4000-8000-000000000000', '2026-900002')).toThrow(/UNIQUE constraint failed: applications\.lookup_code/);
  });

  it('stores one of two applications racing for one code on two servers', async () => {
    const second = central.open();
    try {
      const code = newLookupCode();
      const envelopes = Array.from({ length: 4 }, () => validEnvelope({ lookupCode: code }));
      const rounds = await Promise.all(
        envelopes.map((envelope, i) => central.sendBatch(kiosk, [envelope], i % 2 === 0 ? central.app : second.app)),
      );
      const results = rounds.map(([result]) => result!);
      expect(results.filter((r) => r.outcome === 'accepted')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'rejected')).toEqual([
        expect.objectContaining({ reason: 'lookup.taken' }),
        expect.objectContaining({ reason: 'lookup.taken' }),
        expect.objectContaining({ reason: 'lookup.taken' }),
      ]);
      expect(count('SELECT COUNT(*) AS n FROM applications WHERE lookup_code = ?', code)).toBe(1);
    } finally {
      await second.close();
    }
  });
});

describe('setApplicationStatus', () => {
  it('allows exactly the moves of the state machine, from every state to every state, and refuses the rest unchanged', async () => {
    const pairs = APPLICATION_STATES.flatMap((from) => APPLICATION_STATES.map((to) => [from, to] as const));
    const envelopes = pairs.map(() => validEnvelope());
    const results = await central.sendBatch(kiosk, envelopes);
    let allowedSeen = 0;
    for (const [i, [from, to]] of pairs.entries()) {
      const ref = results[i]!.registrationNumber!;
      for (const step of PATH_TO[from]) expect(move(ref, step, reasonFor(step))).toMatchObject({ ok: true });
      const before = stepsOf(envelopes[i]!.id);
      const outcome = move(ref, to, reasonFor(to));
      if (ALLOWED.some(([f, t]) => f === from && t === to)) {
        allowedSeen += 1;
        expect(outcome, `${from} → ${to}`).toMatchObject({ ok: true, from, step: { state: to } });
        expect(stepsOf(envelopes[i]!.id)).toBe(before + 1);
      } else {
        expect(outcome, `${from} → ${to}`).toEqual({ ok: false, code: 'status.moveNotAllowed', from, to });
        expect(stepsOf(envelopes[i]!.id)).toBe(before);
      }
    }
    expect(allowedSeen).toBe(ALLOWED.length);
  });

  it('finds the application by registration number or lookup code, bare, printed, in lower case or Cyrillic look-alikes', async () => {
    const { ref, lookupCode, id } = await accepted(validEnvelope({ lookupCode: 'ACEHKMPTXY34' }));
    expect(move(ref, 'inReview')).toMatchObject({ ok: true, application: { id, registrationNumber: ref, lookupCode } });
    expect(move(formatPlainCode(lookupCode).toLowerCase(), 'documentsNeeded', REASON)).toMatchObject({ ok: true });
    // What a citizen typed on a Cyrillic keyboard: А С Е Н К М Р Т Х У look like the Latin letters.
    expect(move('АСЕН-КМРТ-ХУ34', 'inReview')).toMatchObject({ ok: true });
    expect(move(` ${lookupCode} `, 'readyForPickup')).toMatchObject({ ok: true });
    expect(statusReport(central.db, ref)).toMatchObject({
      ok: true,
      steps: [{ state: 'received' }, { state: 'inReview' }, { state: 'documentsNeeded' }, { state: 'inReview' }, { state: 'readyForPickup' }],
    });
  });

  it('refuses an unknown application and a reference that is neither a number nor a code', async () => {
    await accepted();
    expect(move('2026-000999', 'inReview')).toEqual({ ok: false, code: 'status.unknownApplication' });
    expect(move(newLookupCode(), 'inReview')).toEqual({ ok: false, code: 'status.unknownApplication' });
    for (const bad of ['', '2026-1', 'ACDE-FGHJ-KMN', 'ACDE-FGHJ-KMN0', 'hello world']) {
      expect(move(bad, 'inReview'), bad).toEqual({ ok: false, code: 'status.badReference' });
    }
  });

  it('stores the step with its time, reason and actor, and sends the kiosk no actor', async () => {
    const { ref, id } = await accepted();
    central.nowMs += 3_600_000;
    const outcome = move(ref, 'documentsNeeded', { ky: `  ${REASON.ky} `, ru: REASON.ru }, ' Айгүл Асанова ');
    expect(outcome).toMatchObject({
      ok: true,
      from: 'received',
      step: { state: 'documentsNeeded', at: central.now().toISOString(), reason: REASON, actor: 'Айгүл Асанова' },
    });
    expect(central.db.prepare('SELECT state, reason_ky, reason_ru, at, actor FROM application_status_steps WHERE application_id = ? ORDER BY id').all(id)).toEqual([
      { state: 'received', reason_ky: null, reason_ru: null, at: '2026-03-10T09:00:00.000Z', actor: 'system' },
      { state: 'documentsNeeded', reason_ky: REASON.ky, reason_ru: REASON.ru, at: '2026-03-10T10:00:00.000Z', actor: 'Айгүл Асанова' },
    ]);
    const feed = JSON.stringify(await feedOf(kiosk));
    expect(feed).not.toContain('Айгүл');
  });

  it('requires a reason in both languages for documentsNeeded and rejected', async () => {
    const { ref, id } = await accepted();
    for (const state of ['documentsNeeded', 'rejected'] as const) {
      expect(move(ref, state)).toEqual({ ok: false, code: 'status.reasonRequired', state, missing: ['ky', 'ru'] });
      expect(move(ref, state, { ky: REASON.ky })).toEqual({ ok: false, code: 'status.reasonRequired', state, missing: ['ru'] });
      expect(move(ref, state, { ky: '  ', ru: REASON.ru })).toEqual({ ok: false, code: 'status.reasonRequired', state, missing: ['ky'] });
    }
    // A reason is optional elsewhere, but never in one language only.
    expect(move(ref, 'inReview', { ru: REASON.ru })).toEqual({
      ok: false,
      code: 'status.reasonRequired',
      state: 'inReview',
      missing: ['ky'],
    });
    expect(stepsOf(id)).toBe(1);
    expect(await statusItemsOf(kiosk)).toHaveLength(1);
    expect(move(ref, 'inReview')).toMatchObject({ ok: true, step: { reason: null } });
    expect(move(ref, 'readyForPickup', { ky: 'Келиңиз', ru: 'Приходите' })).toMatchObject({
      ok: true,
      step: { reason: { ky: 'Келиңиз', ru: 'Приходите' } },
    });
  });

  it(`refuses a reason over ${MAX_REASON_LENGTH} characters or with control characters`, async () => {
    const { ref, id } = await accepted();
    const long = 'ж'.repeat(MAX_REASON_LENGTH + 1);
    expect(move(ref, 'rejected', { ky: REASON.ky, ru: long })).toEqual({
      ok: false,
      code: 'status.reasonTooLong',
      language: 'ru',
      max: MAX_REASON_LENGTH,
    });
    for (const bad of ['две\nстроки', 'таб\tуляция', 'звонок\u0007', 'обратно \u202eтекст', 'null\u0000']) {
      expect(move(ref, 'rejected', { ky: bad, ru: REASON.ru }), JSON.stringify(bad)).toEqual({
        ok: false,
        code: 'status.reasonControlCharacters',
        language: 'ky',
      });
    }
    expect(stepsOf(id)).toBe(1);
    // Exactly the limit is fine, counted in characters, not UTF-16 units or bytes.
    const atLimit = '😀'.repeat(MAX_REASON_LENGTH);
    expect(move(ref, 'rejected', { ky: atLimit, ru: 'ж'.repeat(MAX_REASON_LENGTH) })).toMatchObject({ ok: true });
  });

  it('refuses an empty actor and the reserved "system"', async () => {
    const { ref } = await accepted();
    for (const actor of ['', '   ', 'system', 'a\nb', 'x'.repeat(101)]) {
      expect(move(ref, 'inReview', undefined, actor), JSON.stringify(actor)).toEqual({ ok: false, code: 'status.badActor' });
    }
  });
});

describe('the change feed carries status steps', () => {
  it('sends each step, in order, only to the kiosk that sent the application', async () => {
    const other = await central.enroll();
    const mine = await accepted();
    const theirs = await accepted(validEnvelope(), other);
    central.nowMs += 60_000;
    move(mine.ref, 'inReview');
    move(theirs.ref, 'rejected', REASON);
    central.nowMs += 60_000;
    move(mine.ref, 'documentsNeeded', REASON);
    move(mine.ref, 'inReview');
    move(mine.ref, 'readyForPickup');

    const page = await feedOf(kiosk);
    expect(page.changes.map((c) => c.kind)).toEqual(['catalog', 'status', 'status', 'status', 'status', 'status']);
    const statuses = page.changes.filter((c) => c.kind === 'status').map((c) => StatusChange.parse(c));
    expect(statuses.every((c) => c.applicationId === mine.id)).toBe(true);
    expect(statuses.map((c) => c.entry)).toEqual([
      { state: 'received', at: '2026-03-10T09:00:00.000Z', reason: null },
      { state: 'inReview', at: '2026-03-10T09:01:00.000Z', reason: null },
      { state: 'documentsNeeded', at: '2026-03-10T09:02:00.000Z', reason: REASON },
      { state: 'inReview', at: '2026-03-10T09:02:00.000Z', reason: null },
      { state: 'readyForPickup', at: '2026-03-10T09:02:00.000Z', reason: null },
    ]);
    const seqs = page.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(page.cursor).toBe(seqs.at(-1));

    const theirPage = await feedOf(other);
    expect(
      theirPage.changes.filter((c) => c.kind === 'status').map((c) => {
        const change = StatusChange.parse(c);
        return [change.applicationId, change.entry.state];
      }),
    ).toEqual([
      [theirs.id, 'received'],
      [theirs.id, 'rejected'],
    ]);
    // Nothing new after the cursor, for either.
    expect(await feedOf(kiosk, page.cursor)).toEqual({ changes: [], cursor: page.cursor });
    expect((await feedOf(other, theirPage.cursor)).changes).toEqual([]);
  });

  it('pages from a cursor in the middle, and passes rows it leaves out', async () => {
    const { ref } = await accepted();
    const first = await feedOf(kiosk);
    move(ref, 'inReview');
    // A kind this service does not send yet, and a status row whose step is gone: left out, never stalling.
    central.db.prepare("INSERT INTO change_feed (kind, ref, kiosk_id, created_at) VALUES ('terms', 'x', NULL, 't')").run();
    central.db.prepare(`INSERT INTO change_feed (kind, ref, kiosk_id, created_at) VALUES ('status', '999999', ?, 't')`).run(kiosk.id);
    const next = await feedOf(kiosk, first.cursor);
    expect(next.changes).toEqual([expect.objectContaining({ kind: 'status', entry: expect.objectContaining({ state: 'inReview' }) })]);
    const head = count('SELECT MAX(seq) AS n FROM change_feed');
    expect(next.cursor).toBe(head);
    expect(await feedOf(kiosk, next.cursor)).toEqual({ changes: [], cursor: head });
  });
});

describe('GET /v1/status/<lookupCode>', () => {
  it('answers any enrolled kiosk with the history, and nothing the citizen typed', async () => {
    const envelope = validEnvelope();
    const { ref } = await accepted(envelope);
    central.nowMs += 60_000;
    move(ref, 'documentsNeeded', REASON);
    const elsewhere = await central.enroll();
    for (const asking of [kiosk, elsewhere]) {
      const response = await central.getSigned(asking, statusPath(envelope.lookupCode));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        lookupCode: envelope.lookupCode,
        registrationNumber: ref,
        serviceId: 'birth-registration',
        variantId: 'standard',
        submittedAt: envelope.submittedAt,
        history: [
          { state: 'received', at: '2026-03-10T09:00:00.000Z', reason: null },
          { state: 'documentsNeeded', at: '2026-03-10T09:01:00.000Z', reason: REASON },
        ],
      });
      StatusResponse.parse(response.json());
      for (const personal of ['Айбек', '21503199012345', '2026-03-01', envelope.localNumber, 'Айгүл', envelope.id]) {
        expect(response.body).not.toContain(personal);
      }
    }
    expect(statusOf(central.db, formatPlainCode(envelope.lookupCode))).toEqual(
      (await central.getSigned(kiosk, statusPath(envelope.lookupCode))).json(),
    );
    // Logged by registration number, never by the code that opens the status.
    expect(JSON.stringify(central.logs)).not.toContain(envelope.lookupCode);
  });

  it('answers 404 status.notFound for a well-formed code nobody has', async () => {
    await accepted();
    const response = await central.getSigned(kiosk, statusPath(newLookupCode()));
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'status.notFound' });
  });

  it('answers 400 lookup.invalid for a malformed code', async () => {
    const { lookupCode } = await accepted();
    for (const bad of [formatPlainCode(lookupCode), lookupCode.toLowerCase(), lookupCode.slice(1), `${lookupCode}A`, 'ACDEFGHJKMN0', 'ACDEFGHJKMNB']) {
      const response = await central.getSigned(kiosk, statusPath(encodeURIComponent(bad)));
      expect(response.statusCode, bad).toBe(400);
      expect(response.json()).toEqual({ error: 'lookup.invalid' });
    }
  });

  it('refuses an unsigned request, a bent path and a revoked kiosk before looking anything up', async () => {
    const { lookupCode } = await accepted();
    const unsigned = await central.app.inject({ method: 'GET', url: statusPath(lookupCode) });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toEqual({ error: 'auth.missing' });

    const bent = await central.getSigned(kiosk, statusPath(lookupCode), statusPath(newLookupCode()));
    expect(bent.statusCode).toBe(401);
    expect(bent.json()).toEqual({ error: 'auth.badSignature' });

    // Unsigned, a malformed code is refused for the signature, not judged.
    const malformed = await central.app.inject({ method: 'GET', url: statusPath('nonsense') });
    expect(malformed.json()).toEqual({ error: 'auth.missing' });

    central.db.prepare('UPDATE kiosks SET revoked_at = ? WHERE id = ?').run(central.now().toISOString(), kiosk.id);
    const revoked = await central.getSigned(kiosk, statusPath(lookupCode));
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json()).toEqual({ error: 'auth.revoked' });
  });
});
