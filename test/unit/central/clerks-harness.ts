import { createHash, createHmac, randomUUID, scryptSync } from 'node:crypto';
import { expect } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  type AuditEntry,
  CLERK_PATHS,
  CLERK_VERIFIER_CONTEXT,
  ClerksResponse,
  type ProvisionedClerk,
  auditEntryText,
} from '../../../src-shared/clerks/wire';
import { EnrollResponse } from '../../../src-shared/sync/wire';
import { generateKioskKeys, signRequest } from '../../../src-main/core/sync/signer';
import { type CliRun, runCli } from './accounts-harness';
import { type TestCentral, type TestKiosk, answerVerifies } from './harness';

/**
 * Clerk mode's tests talk to the service over real HTTP on 127.0.0.1, sign
 * as a kiosk does and check the service's signature on every answer.
 */
export interface HttpAnswer {
  status: number;
  json: unknown;
}

export async function signedFetch(central: TestCentral, base: string, kiosk: TestKiosk, method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpAnswer> {
  const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const nonce = randomUUID();
  const headers = signRequest({ kioskId: kiosk.id, privateKey: kiosk.keys.privateKey, method, path, body: raw, time: central.now(), nonce });
  const response = await fetch(`${base}${path}`, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
    body: method === 'POST' ? raw : undefined,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const answer = { status: response.status, headers: Object.fromEntries(response.headers), body: bytes };
  expect(answerVerifies(kiosk.servicePublicKey ?? '', { kioskId: kiosk.id, method, path, nonce }, answer)).toBe(true);
  return { status: response.status, json: JSON.parse(bytes.toString('utf8')) };
}

/** A kiosk enrolled for an office of the test's choosing. */
export async function enrollAt(central: TestCentral, office: string): Promise<TestKiosk> {
  const keys = generateKioskKeys();
  const response = await central.app.inject({
    method: 'POST',
    url: '/v1/enroll',
    payload: { code: central.newCode(office), publicKey: keys.publicKey, terminalName: 'Terminal 1' },
  });
  const enrolled = EnrollResponse.parse(response.json());
  return { id: enrolled.kioskId, keys, servicePublicKey: enrolled.servicePublicKey };
}

/** One run of the admin CLI on the test service's data, with what stdin holds. */
export function cliWithStdin(central: TestCentral, stdin: string | undefined, ...argv: string[]): CliRun {
  return runCli(central, { stdin: stdin === undefined ? undefined : () => stdin }, argv);
}

export function addClerkCli(central: TestCentral, clerk: { clerkId: string; name?: string; role?: string; office?: string; pin: string }): CliRun {
  const office = clerk.office === undefined ? [] : ['--office', clerk.office];
  return cliWithStdin(
    central,
    `${clerk.pin}\n`,
    'add-clerk',
    '--clerk-id',
    clerk.clerkId,
    '--name',
    clerk.name ?? 'Айгүл Асанова',
    '--role',
    clerk.role ?? 'clerk',
    ...office,
  );
}

export async function clerksOf(central: TestCentral, base: string, kiosk: TestKiosk): Promise<ProvisionedClerk[]> {
  const answer = await signedFetch(central, base, kiosk, 'GET', CLERK_PATHS.clerks);
  expect(answer.status).toBe(200);
  return ClerksResponse.parse(answer.json).clerks;
}

/** What a kiosk computes from a typed PIN, written here from the protocol alone (docs/clerks.md). */
export function expectedVerifier(pin: string, clerk: ProvisionedClerk, kioskId: string): string {
  const N = 2 ** clerk.params.logN;
  const pinKey = scryptSync(pin, Buffer.from(clerk.salt, 'base64'), 32, { N, r: clerk.params.r, p: clerk.params.p, maxmem: 256 * N * clerk.params.r });
  return createHmac('sha256', pinKey).update(`${CLERK_VERIFIER_CONTEXT}${kioskId}`).digest('base64');
}

/** A kiosk's audit chain from `from` on, as the core writes it. */
export function auditChain(count: number, from: { seq: number; hash: string } = { seq: 0, hash: AUDIT_GENESIS_HASH }): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous = from;
  for (let i = 1; i <= count; i += 1) {
    const seq = previous.seq + 1;
    const entry = {
      seq,
      at: new Date(Date.UTC(2026, 2, 10, 9, 0, seq)).toISOString(),
      actorKind: seq % 2 === 0 ? ('clerk' as const) : ('system' as const),
      actorId: seq % 2 === 0 ? '100200' : null,
      action: seq % 2 === 0 ? 'clerk.login' : 'application.submitted',
      target: seq % 2 === 0 ? '100200' : randomUUID(),
      details: { outcome: 'ok', attempt: seq, offline: true },
      prevHash: previous.hash,
    };
    const hash = createHash('sha256').update(auditEntryText(entry)).digest('hex');
    entries.push({ ...entry, hash });
    previous = { seq, hash };
  }
  return entries;
}

export function rehash(entry: Omit<AuditEntry, 'hash'>): AuditEntry {
  return { ...entry, hash: createHash('sha256').update(auditEntryText(entry)).digest('hex') };
}
