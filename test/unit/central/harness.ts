import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createCentral, type Central, type CentralOptions } from '../../../src-central/app';
import type { ScryptParameters } from '../../../src-central/accounts/passwords';
import type { TermsTexts } from '../../../src-central/terms/terms';
import { createEnrollmentCode } from '../../../src-central/enrollment/codes';
import type { LogFields } from '../../../src-central/effects';
import { Catalog } from '../../../src-shared/catalog/schema';
import { LOOKUP_CODE_LENGTH, randomPlainCode } from '../../../src-shared/codes';
import type { ApplicationEnvelope, ItemResult } from '../../../src-shared/sync/wire';
import { BatchResponse, EnrollResponse, RESPONSE_SIGNATURE_HEADER, responseSigningString } from '../../../src-shared/sync/wire';
import { type KioskKeys, generateKioskKeys, signRequest } from '../../../src-main/core/sync/signer';

const text = (ky: string, ru: string) => ({ ky, ru });

/** A small catalog: one service whose form has a text, a date, a PIN and a conditional field. */
export const testCatalog = Catalog.parse({
  version: 'test-2026.1',
  publishedAt: '2026-01-01T00:00:00Z',
  operator: {
    name: text('Каттоо кызматы', 'Служба регистрации'),
    phone: '+996 312 000000',
    email: 'info@example.kg',
    hours: text('09:00–18:00', '09:00–18:00'),
    address: text('Бишкек', 'Бишкек'),
  },
  categories: [{ id: 'civil', name: text('Жарандык', 'Гражданские'), description: text('Акттар', 'Акты') }],
  services: [
    {
      id: 'birth-registration',
      categoryId: 'civil',
      name: text('Төрөлүүнү каттоо', 'Регистрация рождения'),
      summary: text('Күбөлүк', 'Свидетельство'),
      description: text('Сүрөттөмө', 'Описание'),
      provider: text('ГРС', 'ГРС'),
      variants: [
        { id: 'standard', name: text('Кадимки', 'Обычная'), price: { amount: 0, example: true }, term: { value: 1, unit: 'days', example: true } },
      ],
      documents: [{ name: text('Паспорт', 'Паспорт') }],
      formId: 'birth-form',
      sources: [{ title: 'test', accessed: '2026-01-01' }],
    },
  ],
  forms: [
    {
      id: 'birth-form',
      version: 2,
      title: text('Арыз', 'Заявление'),
      pages: [
        {
          id: 'child',
          title: text('Бала', 'Ребёнок'),
          fields: [
            { id: 'childName', type: 'text', label: text('Аты', 'Имя'), minLength: 2 },
            { id: 'birthDate', type: 'date', label: text('Туулган күнү', 'Дата рождения'), notFuture: true },
            { id: 'applicantPin', type: 'pin', label: text('ПИН', 'ПИН') },
            {
              id: 'delivery',
              type: 'choice',
              label: text('Алуу', 'Получение'),
              options: [
                { value: 'office', label: text('Кеңсе', 'Офис') },
                { value: 'post', label: text('Почта', 'Почта') },
              ],
            },
            { id: 'address', type: 'text', label: text('Дарек', 'Адрес'), showIf: { field: 'delivery', equals: ['post'] } },
          ],
        },
      ],
    },
  ],
});

export const T0 = new Date('2026-03-10T09:00:00.000Z');

/** Small texts of the terms for tests: the bundled ones are the real agreement. */
export const testTerms: TermsTexts = {
  agreement: { ky: 'Колдонуучулук макулдашуу, 1-редакция.', ru: 'Пользовательское соглашение, редакция 1.' },
  privacy: { ky: 'Купуялуулук саясаты, 1-редакция.', ru: 'Политика конфиденциальности, редакция 1.' },
};

/** scrypt at 1 MiB: tests hash hundreds of passwords; one test measures the real parameters. */
export const FAST_SCRYPT: ScryptParameters = { logN: 10, r: 8, p: 1 };

export type TestCentralOptions = Partial<Pick<CentralOptions, 'signatureWindowSeconds' | 'catalog' | 'checkpointWorker' | 'terms' | 'passwordHashing' | 'sessionLimits' | 'maintenanceIntervalMs'>>;

/** A fresh lookup code, as a kiosk makes one at submit. */
export function newLookupCode(): string {
  return randomPlainCode(randomBytes, LOOKUP_CODE_LENGTH);
}

export function validEnvelope(overrides: Partial<ApplicationEnvelope> = {}): ApplicationEnvelope {
  return {
    id: randomUUID(),
    localNumber: 'K1-000001',
    lookupCode: newLookupCode(),
    serviceId: 'birth-registration',
    variantId: 'standard',
    formId: 'birth-form',
    formVersion: 2,
    catalogVersion: testCatalog.version,
    language: 'ky',
    answers: { childName: 'Айбек', birthDate: '2026-03-01', applicantPin: '21503199012345', delivery: 'office' },
    price: { amount: 0, example: true },
    term: { value: 1, unit: 'days', example: true },
    submittedAt: '2026-03-10T08:55:00.000Z',
    ...overrides,
  };
}

export interface LogLine {
  event: string;
  fields: LogFields;
}

/** A central service on a real SQLite file in a temp dir, with a clock the test moves. */
export class TestCentral {
  readonly dir = mkdtempSync(join(tmpdir(), 'central-test-'));
  readonly dbPath = join(this.dir, 'central.sqlite');
  nowMs = T0.getTime();
  readonly logs: LogLine[] = [];
  central: Central;

  constructor(options: TestCentralOptions = {}) {
    this.central = this.open(options);
  }

  /** Another connection to the same file, as a second server process would have. */
  open(options: TestCentralOptions = {}): Central {
    return createCentral({
      dbPath: this.dbPath,
      catalog: testCatalog,
      clock: () => new Date(this.nowMs),
      log: (event, fields = {}) => this.logs.push({ event, fields }),
      terms: testTerms,
      passwordHashing: FAST_SCRYPT,
      maintenanceIntervalMs: 0,
      ...options,
    });
  }

  get app() {
    return this.central.app;
  }

  get db() {
    return this.central.db;
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  /** The accounts' hourly maintenance, now, on the test's clock. */
  runMaintenance() {
    return this.central.runMaintenance();
  }

  newCode(office = 'Bishkek, Office 1', ttlHours?: number): string {
    return createEnrollmentCode(this.db, { officeName: office, ttlHours, now: this.now(), randomBytes }).code;
  }

  async enroll(keys: KioskKeys = generateKioskKeys()): Promise<TestKiosk> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/v1/enroll',
      payload: { code: this.newCode(), publicKey: keys.publicKey, terminalName: 'Terminal 1' },
    });
    if (response.statusCode !== 200) throw new Error(`enroll failed: ${response.body}`);
    const enrolled = EnrollResponse.parse(response.json());
    return { id: enrolled.kioskId, keys, servicePublicKey: enrolled.servicePublicKey };
  }

  /** Signed headers for any request of a kiosk, with the nonce given back so an answer can be checked against it. */
  signedHeaders(kiosk: TestKiosk, request: { method: string; path: string; body?: string | Uint8Array; nonce?: string }) {
    const nonce = request.nonce ?? randomUUID();
    const headers = signRequest({
      kioskId: kiosk.id,
      privateKey: kiosk.keys.privateKey,
      method: request.method,
      path: request.path,
      body: request.body ?? '',
      time: this.now(),
      nonce,
    });
    return { headers, nonce };
  }

  /** PUTs raw bytes (a chunk, or a whole file without `offset`) signed by a kiosk. */
  putSigned(kiosk: TestKiosk, path: string, bytes: Buffer, headers: Record<string, string> = {}) {
    const signed = this.signedHeaders(kiosk, { method: 'PUT', path, body: bytes });
    return this.app.inject({
      method: 'PUT',
      url: path,
      headers: { 'content-type': 'application/octet-stream', ...signed.headers, ...headers },
      payload: bytes,
    });
  }

  /** Starts the real HTTP server on a free port of the loopback and answers its base URL. */
  async listen(app: Central['app'] = this.app): Promise<string> {
    await app.listen({ port: 0, host: '127.0.0.1' });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }

  /** POSTs a body signed by a kiosk; every part of the signing can be bent by a test. */
  postSigned(kiosk: TestKiosk, body: string, bend: SigningBend = {}) {
    const path = bend.path ?? '/v1/applications/batch';
    const headers = signRequest({
      kioskId: kiosk.id,
      privateKey: (bend.keys ?? kiosk.keys).privateKey,
      method: 'POST',
      path,
      body: bend.signedBody ?? body,
      time: bend.time ?? this.now(),
      nonce: bend.nonce ?? randomUUID(),
    });
    return (bend.via ?? this.app).inject({
      method: 'POST',
      url: bend.url ?? path,
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
  }

  /** GETs a target signed by a kiosk (empty body); `signedTarget` signs another one than is sent. */
  getSigned(kiosk: TestKiosk, target: string, signedTarget = target) {
    const headers = signRequest({
      kioskId: kiosk.id,
      privateKey: kiosk.keys.privateKey,
      method: 'GET',
      path: signedTarget,
      body: '',
      time: this.now(),
      nonce: randomUUID(),
    });
    return this.app.inject({ method: 'GET', url: target, headers });
  }

  /** POSTs a JSON value to an account route, signed by a kiosk (a string is sent as is). */
  postAccount(kiosk: TestKiosk, path: string, body: unknown) {
    return this.postSigned(kiosk, typeof body === 'string' ? body : JSON.stringify(body), { path });
  }

  /** Sends envelopes as one signed batch (to another server on the same file with `via`) and answers the per-item results. */
  async sendBatch(kiosk: TestKiosk, items: unknown[], via?: Central['app']): Promise<ItemResult[]> {
    const response = await this.postSigned(kiosk, JSON.stringify({ items }), { via });
    if (response.statusCode !== 200) throw new Error(`batch failed: ${response.body}`);
    return BatchResponse.parse(response.json()).results;
  }

  async close(): Promise<void> {
    await this.central.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface TestKiosk {
  id: string;
  keys: KioskKeys;
  /** What the enrollment answer gave to pin. */
  servicePublicKey?: string;
}

/** What a kiosk knows of the request an answer claims to answer. */
export interface AskedRequest {
  kioskId: string;
  method: string;
  path: string;
  nonce: string;
}

/**
 * Whether an answer carries the service's signature, made with the pinned
 * key, over this request, the answer's status and its exact body bytes.
 */
export function answerVerifies(
  servicePublicKey: string,
  asked: AskedRequest,
  answer: { status: number; headers: Record<string, unknown>; body: Uint8Array },
): boolean {
  const signature = answer.headers[RESPONSE_SIGNATURE_HEADER];
  if (typeof signature !== 'string') return false;
  const message = responseSigningString({
    ...asked,
    status: answer.status,
    bodySha256Hex: createHash('sha256').update(answer.body).digest('hex'),
  });
  const key = createPublicKey({ key: Buffer.from(servicePublicKey, 'base64'), format: 'der', type: 'spki' });
  return verify(null, Buffer.from(message), key, Buffer.from(signature, 'base64'));
}

export interface SigningBend {
  /** Another server on the same database. */
  via?: Central['app'];
  path?: string;
  url?: string;
  keys?: KioskKeys;
  signedBody?: string;
  time?: Date;
  nonce?: string;
}
