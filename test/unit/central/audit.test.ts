import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditBatchResponse, AuditErrorResponse, CLERK_PATHS, type AuditEntry } from '../../../src-shared/clerks/wire';
import { count } from './accounts-harness';
import { auditChain, cliWithStdin, enrollAt, rehash, signedFetch } from './clerks-harness';
import { TestCentral, type TestKiosk } from './harness';

let central: TestCentral;
let base: string;
let kiosk: TestKiosk;
let other: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await enrollAt(central, 'Бишкек, №1 бөлүм');
  other = await enrollAt(central, 'Бишкек, №1 бөлүм');
  base = await central.listen();
});
afterEach(async () => {
  await central.close();
});

async function send(entries: unknown, from: TestKiosk = kiosk) {
  return signedFetch(central, base, from, 'POST', CLERK_PATHS.audit, typeof entries === 'string' ? entries : { entries });
}

async function stored(entries: AuditEntry[], from: TestKiosk = kiosk): Promise<number> {
  const answer = await send(entries, from);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return AuditBatchResponse.parse(answer.json).storedThrough;
}

async function refused(entries: AuditEntry[]): Promise<AuditErrorResponse> {
  const answer = await send(entries);
  expect(answer.status).toBe(409);
  return AuditErrorResponse.parse(answer.json);
}

const verifyAudit = (kioskId: string) => cliWithStdin(central, undefined, 'verify-audit', '--kiosk', kioskId);

describe('a kiosk’s audit chain', () => {
  it('is stored batch after batch, each kiosk’s on its own, and verifies intact', async () => {
    const chain = auditChain(7);
    expect(await stored(chain.slice(0, 3))).toBe(3);
    expect(await stored(chain.slice(3))).toBe(7);
    expect(await stored(auditChain(2), other)).toBe(2);
    expect(count(central, 'audit_entries')).toBe(9);
    expect(verifyAudit(kiosk.id)).toEqual({ code: 0, stdout: 'intact: 7 entries\n', stderr: '' });
    expect(verifyAudit(other.id)).toMatchObject({ code: 0, stdout: 'intact: 2 entries\n' });
    const row = central.db.prepare('SELECT actor_kind, actor_id, action, details_json FROM audit_entries WHERE kiosk_id = ? AND seq = 2').get(kiosk.id);
    expect(row).toEqual({ actor_kind: 'clerk', actor_id: '100200', action: 'clerk.login', details_json: '{"outcome":"ok","attempt":2,"offline":true}' });
  });

  it('takes entries sent again, alone or ahead of new ones, without a second copy', async () => {
    const chain = auditChain(5);
    expect(await stored(chain.slice(0, 3))).toBe(3);
    expect(await stored(chain.slice(0, 3))).toBe(3);
    expect(await stored(chain.slice(1, 2))).toBe(3);
    expect(await stored(chain.slice(1))).toBe(5);
    expect(count(central, 'audit_entries')).toBe(5);
  });

  it('refuses a gap, a changed entry or a wrong hash with 409, and keeps nothing of that batch', async () => {
    const chain = auditChain(6);
    await stored(chain.slice(0, 2));

    // Entries 3-4 lost on the way: 5 does not follow 2.
    expect(await refused(chain.slice(4))).toEqual({ error: 'audit.chainBroken', expectedSeq: 3, brokenSeq: 5 });
    // Entry 2 changed on the kiosk and its hash made again: not the entry held.
    const changed = rehash({ ...chain[1]!, action: 'clerk.logout' });
    expect(await refused([changed, chain[2]!])).toEqual({ error: 'audit.chainBroken', expectedSeq: 3, brokenSeq: 2 });
    // Entry 4's content changed without its hash: three good entries before it are not kept either.
    const tampered = { ...chain[3]!, details: { outcome: 'refused', attempt: 4, offline: true } };
    expect(await refused([chain[2]!, tampered, chain[4]!])).toEqual({ error: 'audit.chainBroken', expectedSeq: 3, brokenSeq: 4 });
    // A chain that forks: a good hash, but it does not link to entry 2.
    const forked = auditChain(3, { seq: 2, hash: 'f'.repeat(64) });
    expect(await refused(forked)).toEqual({ error: 'audit.chainBroken', expectedSeq: 3, brokenSeq: 3 });
    expect(count(central, 'audit_entries')).toBe(2);
    expect(central.logs.filter((line) => line.event === 'audit.chainBroken')).toHaveLength(4);

    expect(await stored(chain.slice(2))).toBe(6);
    expect(verifyAudit(kiosk.id).stdout).toBe('intact: 6 entries\n');
  });

  it('answers 400 to a malformed batch and stores nothing', async () => {
    const [first] = auditChain(1);
    for (const body of [
      '{"entries": [',
      { entries: [] },
      { entries: [{ ...first, action: 'Clerk Login' }] },
      { entries: [{ ...first, hash: 'nothex' }] },
      { entries: [{ ...first, actorKind: 'robot' }] },
      { entries: [{ ...first, details: { name: { nested: true } } }] },
    ]) {
      const answer = await send(typeof body === 'string' ? body : body.entries);
      expect(answer, JSON.stringify(body)).toEqual({ status: 400, json: { error: 'request.invalid' } });
    }
    expect(count(central, 'audit_entries')).toBe(0);
  });

  it('finds the first entry tampered with in the central database', async () => {
    await stored(auditChain(5));
    const held = central.db.prepare('SELECT * FROM audit_entries WHERE kiosk_id = ? AND seq = 3').get(kiosk.id) as Record<string, unknown>;

    central.db.prepare("UPDATE audit_entries SET details_json = '{\"outcome\":\"refused\"}' WHERE kiosk_id = ? AND seq = 3").run(kiosk.id);
    expect(verifyAudit(kiosk.id)).toEqual({
      code: 1,
      stdout: 'broken at seq 3\n',
      stderr: `entry 3 of kiosk ${kiosk.id} does not give its hash any more (its content was changed)\n`,
    });

    // Changed with its hash made again: the next entry no longer links to it.
    const forged = rehash({
      seq: 3,
      at: held.at as string,
      actorKind: 'system',
      actorId: null,
      action: 'application.submitted',
      target: null,
      details: {},
      prevHash: held.prev_hash as string,
    });
    central.db
      .prepare("UPDATE audit_entries SET actor_kind = 'system', actor_id = NULL, target = NULL, details_json = '{}', hash = ? WHERE kiosk_id = ? AND seq = 3")
      .run(forged.hash, kiosk.id);
    expect(verifyAudit(kiosk.id)).toMatchObject({ code: 1, stdout: 'broken at seq 4\n', stderr: expect.stringContaining('does not link to the entry before it') });

    central.db.prepare('DELETE FROM audit_entries WHERE kiosk_id = ? AND seq = 3').run(kiosk.id);
    expect(verifyAudit(kiosk.id)).toMatchObject({ code: 1, stdout: 'broken at seq 3\n', stderr: expect.stringContaining('is missing (the chain has a gap)') });
    // The other kiosk's chain is its own.
    expect(verifyAudit(other.id)).toMatchObject({ code: 0, stdout: 'intact: 0 entries\n' });
    expect(verifyAudit('no-such-kiosk')).toMatchObject({ code: 2, stderr: 'no kiosk no-such-kiosk\n' });
  });
});
