import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { type AdminIo, runAdminCli } from '../../../src-central/admin/commands';
import {
  ACCOUNT_PATHS,
  AccountErrorResponse,
  CabinetResponse,
  type RegisterRequest,
  SessionResponse,
} from '../../../src-shared/accounts/wire';
import { FAST_SCRYPT, type TestCentral, type TestKiosk, answerVerifies } from './harness';

/** What a citizen registers with, unless a test says otherwise: born 15 March 1990. */
export function registration(overrides: Partial<RegisterRequest> = {}): RegisterRequest {
  return {
    login: 'aibek.uulu',
    password: 'Toolor-Jyldyz-Kel',
    fullName: 'Айбек Токтогулов',
    pin: '21503199012345',
    phone: '+996 555 123 456',
    termsVersion: 1,
    language: 'ky',
    ...overrides,
  };
}

export interface Answer {
  status: number;
  json: unknown;
}

/** Posts to an account route and checks the service's signature on the answer, as the kiosk will. */
export async function post(central: TestCentral, kiosk: TestKiosk, path: string, body: unknown): Promise<Answer> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const { headers, nonce } = central.signedHeaders(kiosk, { method: 'POST', path, body: raw });
  const response = await central.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', ...headers }, payload: raw });
  expect(
    answerVerifies(kiosk.servicePublicKey ?? '', { kioskId: kiosk.id, method: 'POST', path, nonce }, {
      status: response.statusCode,
      headers: response.headers,
      body: response.rawPayload,
    }),
  ).toBe(true);
  return { status: response.statusCode, json: response.json() };
}

/** The refusal an answer carries, checked against the wire's schema. */
export function refusal(answer: Answer): AccountErrorResponse {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  return AccountErrorResponse.parse(answer.json);
}

export function session(answer: Answer): SessionResponse {
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return SessionResponse.parse(answer.json);
}

export async function register(central: TestCentral, kiosk: TestKiosk, overrides: Partial<RegisterRequest> = {}): Promise<SessionResponse> {
  return session(await post(central, kiosk, ACCOUNT_PATHS.register, registration(overrides)));
}

export async function login(central: TestCentral, kiosk: TestKiosk, loginName = 'aibek.uulu', password = 'Toolor-Jyldyz-Kel'): Promise<Answer> {
  return post(central, kiosk, ACCOUNT_PATHS.login, { login: loginName, password });
}

export async function cabinet(central: TestCentral, kiosk: TestKiosk, token: string): Promise<CabinetResponse> {
  const answer = await post(central, kiosk, ACCOUNT_PATHS.cabinet, { token });
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return CabinetResponse.parse(answer.json);
}

export function count(central: TestCentral, table: string): number {
  return (central.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** One run of the admin CLI on the test service's data, with the test's clock and what `io` adds (stdin, hashing). */
export function runCli(central: TestCentral, io: Pick<AdminIo, 'stdin' | 'passwordHashing'>, argv: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const [command, ...rest] = argv;
  const code = runAdminCli([command ?? '', '--data', central.dir, ...rest], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    clock: () => central.now(),
    randomBytes,
    ...io,
  });
  return { code, stdout, stderr };
}

/** One run of the admin CLI with fast password hashing. */
export function cli(central: TestCentral, ...argv: string[]): CliRun {
  return runCli(central, { passwordHashing: FAST_SCRYPT }, argv);
}

export const DAY_MS = 24 * 3600_000;
