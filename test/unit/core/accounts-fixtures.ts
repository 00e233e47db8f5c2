import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCentral, type Central } from '../../../src-central/app';
import type { AccountsContext } from '../../../src-central/accounts/store';
import { publishTerms, type TermsTexts } from '../../../src-central/terms/terms';
import type { CoreOptions } from '../../../src-main/core/index';
import { signRequest } from '../../../src-main/core/sync/signer';
import type { MethodInput } from '../../../src-shared/contract';
import { tempDir } from '../../support/catalog-fixture';
import { catalogWithFiles, CoreHarness } from './fixtures';

export const TERMS_V1: TermsTexts = {
  agreement: { ky: 'Колдонуучу келишими, 1-редакция.', ru: 'Пользовательское соглашение, редакция 1.' },
  privacy: { ky: 'Жеке маалыматтар саясаты, 1-редакция.', ru: 'Политика персональных данных, редакция 1.' },
};

/** Another edition: the texts differ, so the service takes it as new. */
export function termsEdition(n: number): TermsTexts {
  return {
    agreement: { ky: `Колдонуучу келишими, ${n}-редакция.`, ru: `Пользовательское соглашение, редакция ${n}.` },
    privacy: { ky: `Жеке маалыматтар саясаты, ${n}-редакция.`, ru: `Политика персональных данных, редакция ${n}.` },
  };
}

/** A registration the rules accept; the terms version is filled in from the service. */
export const registration: Omit<MethodInput<'register'>, 'termsVersion'> = {
  login: 'aigul.asanova',
  password: 'тоо-көл-2026-жаз',
  fullName: 'Асанова Айгүл Бакытовна',
  pin: '12505199012345',
  phone: '0555 123 456',
  acceptTerms: true,
};

/**
 * Central services with accounts (terms published, cheap password hashing,
 * no background maintenance) and kiosks enrolled with them, all on
 * 127.0.0.1 and real SQLite files, closed after each test.
 */
export class AccountsHarness {
  readonly kiosks = new CoreHarness();
  private readonly centrals: Central[] = [];

  async central(): Promise<{ central: Central; url: string }> {
    const central = createCentral({
      dbPath: join(tempDir('central-'), 'central.sqlite'),
      catalog: catalogWithFiles,
      terms: TERMS_V1,
      passwordHashing: { logN: 10, r: 8, p: 1 },
      maintenanceIntervalMs: 0,
    });
    this.centrals.push(central);
    await central.app.listen({ port: 0, host: '127.0.0.1' });
    return { central, url: `http://127.0.0.1:${(central.app.server.address() as AddressInfo).port}` };
  }

  /** A kiosk enrolled with `central`, whose every session token and log line the test sees (`options.fetch` is passed through). */
  async kiosk(central: { central: Central; url: string }, options: Partial<CoreOptions> = {}) {
    const tokens: string[] = [];
    const logs: Array<{ event: string; fields: Record<string, unknown> }> = [];
    const through = options.fetch ?? globalThis.fetch;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await through(input, init);
      const answer = (await response
        .clone()
        .json()
        .catch(() => null)) as { session?: { token?: unknown } } | null;
      if (typeof answer?.session?.token === 'string') tokens.push(answer.session.token);
      return response;
    };
    const kiosk = this.kiosks.kiosk({ ...options, centralUrl: central.url, fetch, log: (event, fields = {}) => logs.push({ event, fields }) });
    await this.kiosks.enroll(kiosk.core, central.central);
    return { ...kiosk, tokens, logs };
  }

  /** Publishes a new edition of the terms, in force at once. */
  publishTerms(central: Central, edition: number): number {
    const outcome = publishTerms(central.db, { texts: termsEdition(edition), effectiveAt: new Date(), by: 'test' }, new Date());
    if (!outcome.ok) throw new Error(`terms not published: ${outcome.code}`);
    return outcome.version;
  }

  context(central: Central): AccountsContext {
    return { db: central.db, clock: () => new Date(), randomBytes, log: () => {} };
  }

  async close(): Promise<void> {
    await this.kiosks.close();
    for (const central of this.centrals.splice(0)) await central.close().catch(() => {});
  }
}

/**
 * A signed request made with a kiosk's own key, as if by that kiosk, with a
 * token of the test's choosing: what the service answers a token the kiosk
 * has let go of.
 */
export async function askAsKiosk(dataDir: string, url: string, path: string, body: unknown): Promise<{ status: number; error: unknown }> {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
  const identity = db.prepare('SELECT kiosk_id AS kioskId, private_key AS privateKey FROM kiosk_identity').get() as {
    kioskId: string;
    privateKey: string;
  };
  db.close();
  const bytes = Buffer.from(JSON.stringify(body));
  const headers = signRequest({ ...identity, method: 'POST', path, body: bytes, time: new Date(), nonce: randomUUID() });
  const response = await fetch(new URL(path, url), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: bytes });
  const answer = (await response.json()) as { error?: unknown };
  return { status: response.status, error: answer.error };
}

export interface Failure {
  code: string;
  fields?: Array<{ field: string; code: string }>;
  params?: Record<string, string | number>;
}

/** What a call failed with, as the contract carries it (or `resolved`). */
export async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  return promise.then(
    () => ({ code: 'resolved' }),
    (error: Failure) => ({ code: error.code, ...(error.fields ? { fields: error.fields } : {}), ...(error.params ? { params: error.params } : {}) }),
  );
}
