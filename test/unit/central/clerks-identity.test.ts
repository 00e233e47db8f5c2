import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountErrorResponse } from '../../../src-shared/accounts/wire';
import { CLERK_PATHS, type IdentityConfirmation, IdentityConfirmationsResponse, VerifyAccountResponse } from '../../../src-shared/clerks/wire';
import { count, register } from './accounts-harness';
import { addClerkCli, cliWithStdin, enrollAt, signedFetch } from './clerks-harness';
import { TestCentral, type TestKiosk, validEnvelope } from './harness';

const BISHKEK = 'Бишкек, №1 бөлүм';
const OSH = 'Ош, №2 бөлүм';

let central: TestCentral;
let base: string;
let kiosk: TestKiosk;
let neighbour: TestKiosk;
let osh: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await enrollAt(central, BISHKEK);
  neighbour = await enrollAt(central, BISHKEK);
  osh = await enrollAt(central, OSH);
  base = await central.listen();
  expect(addClerkCli(central, { clerkId: '100200', pin: '480271', office: BISHKEK }).code).toBe(0);
});
afterEach(async () => {
  await central.close();
});

async function sentApplication(from: TestKiosk): Promise<string> {
  const envelope = validEnvelope();
  const [result] = await central.sendBatch(from, [envelope]);
  expect(result?.outcome).toBe('accepted');
  return envelope.id;
}

function confirmation(applicationId: string, overrides: Partial<IdentityConfirmation> = {}): IdentityConfirmation {
  return {
    id: randomUUID(),
    applicationId,
    clerkId: '100200',
    documentType: 'idCard',
    documentNumber: 'ID1234567',
    confirmedAt: '2026-03-10T08:58:00.000Z',
    ...overrides,
  };
}

async function confirm(from: TestKiosk, confirmations: unknown): Promise<IdentityConfirmationsResponse['results']> {
  const answer = await signedFetch(central, base, from, 'POST', CLERK_PATHS.identityConfirmations, { confirmations });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return IdentityConfirmationsResponse.parse(answer.json).results;
}

describe('identity confirmations', () => {
  it('stores a check once, takes it again, and refuses what it should not hold', async () => {
    const mine = await sentApplication(kiosk);
    const theirs = await sentApplication(neighbour);
    const good = confirmation(mine);
    const waiting = confirmation(randomUUID());
    const elsewhere = confirmation(theirs);
    const strangerClerk = confirmation(mine, { clerkId: '999999' });
    expect(await confirm(kiosk, [good, waiting, elsewhere, strangerClerk])).toEqual([
      { id: good.id, outcome: 'stored' },
      { id: waiting.id, outcome: 'unknownApplication' },
      { id: elsewhere.id, outcome: 'refused' },
      { id: strangerClerk.id, outcome: 'refused' },
    ]);
    // Sent again after a lost answer: done; the same id with another document: refused, the first kept.
    const changed = { ...good, documentType: 'passport' as const, documentNumber: 'AN7654321' };
    expect(await confirm(kiosk, [good, changed])).toEqual([
      { id: good.id, outcome: 'stored' },
      { id: good.id, outcome: 'refused' },
    ]);
    // The same id from another kiosk is not that kiosk's to send.
    expect(await confirm(neighbour, [good])).toEqual([{ id: good.id, outcome: 'refused' }]);
    expect(count(central, 'identity_confirmations')).toBe(1);
    // The personal data stays out of the log.
    expect(JSON.stringify(central.logs)).not.toContain('ID1234567');

    const listed = cliWithStdin(central, undefined, 'identity-confirmations', '--application', mine);
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.stdout).toBe(
      'confirmed\tapplication\tkiosk\tclerk\tdocument type\tdocument number\treceived\n' +
        `2026-03-10T08:58:00.000Z\t${mine}\t${kiosk.id}\t100200\tidCard\tID1234567\t${central.now().toISOString()}\n`,
    );
    expect(cliWithStdin(central, undefined, 'identity-confirmations', '--application', theirs).stdout.split('\n')).toHaveLength(2);
  });

  it('takes a check once its application has arrived', async () => {
    const envelope = validEnvelope();
    const early = confirmation(envelope.id);
    expect(await confirm(kiosk, [early])).toEqual([{ id: early.id, outcome: 'unknownApplication' }]);
    await central.sendBatch(kiosk, [envelope]);
    expect(await confirm(kiosk, [early])).toEqual([{ id: early.id, outcome: 'stored' }]);
  });

  it('answers 400 to a malformed request and stores nothing', async () => {
    const mine = await sentApplication(kiosk);
    for (const confirmations of [
      [],
      [confirmation(mine, { documentNumber: 'id 1234567' })],
      [{ ...confirmation(mine), documentType: 'driving' }],
      [confirmation(mine), { ...confirmation(mine), clerkId: 'clerk-3' }],
    ]) {
      const answer = await signedFetch(central, base, kiosk, 'POST', CLERK_PATHS.identityConfirmations, { confirmations });
      expect(answer).toEqual({ status: 400, json: { error: 'request.invalid' } });
    }
    expect(count(central, 'identity_confirmations')).toBe(0);
  });
});

describe('a clerk verifies an account at the kiosk', () => {
  const check = { login: 'Aibek.Uulu', clerkId: '100200', documentType: 'passport', documentNumber: 'AN1234567' };
  const verify = (from: TestKiosk, body: unknown) => signedFetch(central, base, from, 'POST', CLERK_PATHS.verifyAccount, body);

  it('verifies the account and links its guest applications, as the operator would', async () => {
    const guest = await sentApplication(neighbour);
    await register(central, kiosk);
    const answer = await verify(kiosk, check);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(VerifyAccountResponse.parse(answer.json)).toEqual({ login: 'aibek.uulu', verifiedAt: central.now().toISOString(), linked: 1 });
    expect(central.db.prepare('SELECT verified_by, document_type, document_number FROM accounts').get()).toEqual({
      verified_by: '100200',
      document_type: 'passport',
      document_number: 'AN1234567',
    });
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM account_applications WHERE application_id = ?').get(guest)).toEqual({ n: 1 });
    expect(cliWithStdin(central, undefined, 'account', '--login', 'aibek.uulu').stdout).toContain(`verified\t${central.now().toISOString()} by 100200 (passport)`);
  });

  it('refuses as the account routes do, changing nothing', async () => {
    await register(central, kiosk);
    await register(central, kiosk, { login: 'aibek2' });
    const refusal = async (from: TestKiosk, body: unknown, status: number) => {
      const answer = await verify(from, body);
      expect(answer.status, JSON.stringify(answer.json)).toBe(status);
      return AccountErrorResponse.parse(answer.json);
    };
    expect(await refusal(kiosk, { ...check, login: 'nobody' }, 401)).toEqual({ error: 'account.credentials' });
    // A clerk of Bishkek's kiosks is nobody at Osh's.
    expect(await refusal(osh, check, 400)).toEqual({ error: 'account.invalid', fields: [{ field: 'clerkId', code: 'value.invalid' }] });
    expect(await refusal(kiosk, { ...check, documentNumber: 'an 1234567' }, 400)).toEqual({
      error: 'account.invalid',
      fields: [{ field: 'documentNumber', code: 'value.invalid' }],
    });
    expect(await refusal(kiosk, '{"login":', 400)).toEqual({ error: 'account.invalid', fields: [{ field: 'body', code: 'value.invalid' }] });
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE verified_at IS NOT NULL').get()).toEqual({ n: 0 });

    expect((await verify(kiosk, check)).status).toBe(200);
    // One ПИН, one verified account.
    expect(await refusal(kiosk, { ...check, login: 'aibek2' }, 400)).toEqual({ error: 'account.invalid', fields: [{ field: 'pin', code: 'value.invalid' }] });
    expect(cliWithStdin(central, undefined, 'remove-clerk', '--clerk-id', '100200', '--reason', 'уволилась').code).toBe(0);
    expect(await refusal(kiosk, { ...check, login: 'aibek2' }, 400)).toEqual({ error: 'account.invalid', fields: [{ field: 'clerkId', code: 'value.invalid' }] });
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE verified_at IS NOT NULL').get()).toEqual({ n: 1 });
  });
});
