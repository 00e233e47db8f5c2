import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishCatalogFile } from '../../../src-central/catalog/publish-file';
import { sha256Hex } from '../../../src-central/hashing';
import { latestCatalogVersion, publishCatalog } from '../../../src-central/catalog/versions';
import { signRequest } from '../../../src-main/core/sync/signer';
import { Catalog } from '../../../src-shared/catalog/schema';
import { CatalogChange, ChangesResponse, canonicalJson, catalogPath, changesPath } from '../../../src-shared/sync/wire';
import { tempDir } from '../../support/catalog-fixture';
import { TestCentral, type TestKiosk, testCatalog } from '../central/harness';

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
});
afterEach(async () => {
  await central.close();
});

const later = (version: string, publishedAt: string) => ({ ...testCatalog, version, publishedAt });

function writeJson(value: unknown): string {
  const path = join(tempDir('publish-'), 'catalog.json');
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

function signedGet(target: string, signedTarget = target) {
  const headers = signRequest({
    kioskId: kiosk.id,
    privateKey: kiosk.keys.privateKey,
    method: 'GET',
    path: signedTarget,
    body: '',
    time: central.now(),
    nonce: randomUUID(),
  });
  return central.app.inject({ method: 'GET', url: target, headers });
}

describe('publishing catalog versions on the central service', () => {
  it('publishes its embedded default catalog as the first version of an empty database, once', () => {
    expect(latestCatalogVersion(central.db)).toMatchObject({ version: testCatalog.version, feedSeq: 1 });
    const again = central.open();
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM catalog_versions').get()).toEqual({ n: 1 });
    return again.close();
  });

  it('publishes a valid, newer file and refuses one that is not valid, not JSON, older or equal', () => {
    const now = central.now();
    expect(publishCatalogFile(central.db, writeJson(later('test-2026.2', '2026-02-01T00:00:00Z')), now)).toMatchObject({
      ok: true,
      version: 'test-2026.2',
      feedSeq: 2,
    });

    const noForm = { ...later('test-2026.3', '2026-03-01T00:00:00Z'), forms: [{ ...testCatalog.forms[0], id: 'other-form' }] };
    expect(publishCatalogFile(central.db, writeJson(noForm), now)).toMatchObject({
      ok: false,
      code: 'catalog.invalid',
      issues: expect.arrayContaining([expect.stringContaining('unknown form birth-form')]),
    });

    expect(publishCatalogFile(central.db, writeJson('{"version": "test-2026.3", '), now)).toMatchObject({
      ok: false,
      code: 'catalog.unreadable',
    });
    expect(publishCatalogFile(central.db, join(tempDir('publish-'), 'missing.json'), now)).toMatchObject({
      ok: false,
      code: 'catalog.unreadable',
    });
    expect(publishCatalogFile(central.db, writeJson(later('test-2026.0', '2026-01-15T00:00:00Z')), now)).toEqual({
      ok: false,
      code: 'catalog.notNewer',
      latest: 'test-2026.2',
    });
    // The same instant decides by the version string; the same version is never published twice.
    expect(publishCatalog(central.db, later('test-2026.1b', '2026-02-01T00:00:00Z'), now)).toMatchObject({
      ok: false,
      code: 'catalog.notNewer',
    });
    expect(publishCatalog(central.db, later('test-2026.2', '2026-02-01T00:00:00Z'), now)).toMatchObject({ ok: false });
    expect(publishCatalog(central.db, later('test-2026.2z', '2026-02-01T00:00:00Z'), now)).toMatchObject({ ok: true });
    expect(central.db.prepare('SELECT version FROM catalog_versions ORDER BY feed_seq').all()).toEqual([
      { version: 'test-2026.1' },
      { version: 'test-2026.2' },
      { version: 'test-2026.2z' },
    ]);
  });
});

describe('GET /v1/changes and GET /v1/catalogs/<version>', () => {
  it('lists catalog versions after a cursor, signed over the path and query string as sent', async () => {
    publishCatalog(central.db, later('test-2026.2', '2026-02-01T00:00:00Z'), central.now());
    const all = await signedGet(changesPath(0));
    expect(all.statusCode).toBe(200);
    const body = ChangesResponse.parse(all.json());
    expect(body.cursor).toBe(2);
    expect(body.changes).toEqual([
      expect.objectContaining({ seq: 1, kind: 'catalog', version: 'test-2026.1', publishedAt: testCatalog.publishedAt }),
      expect.objectContaining({ seq: 2, kind: 'catalog', version: 'test-2026.2' }),
    ]);
    expect(ChangesResponse.parse((await signedGet(changesPath(1))).json()).changes.map((c) => c.seq)).toEqual([2]);
    expect(ChangesResponse.parse((await signedGet(changesPath(2))).json())).toEqual({ changes: [], cursor: 2 });

    // A query string changed after signing is a different request.
    const bent = await signedGet(changesPath(0), changesPath(1));
    expect(bent.statusCode).toBe(401);
    expect(bent.json()).toEqual({ error: 'auth.badSignature' });
    expect((await central.app.inject({ method: 'GET', url: changesPath(0) })).json()).toEqual({ error: 'auth.missing' });
    expect((await signedGet('/v1/changes?after=-1')).statusCode).toBe(400);
  });

  it('serves a version exactly as published: its canonical JSON, hashing to what the feed announced', async () => {
    const response = await signedGet(catalogPath(testCatalog.version));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const [change] = ChangesResponse.parse((await signedGet(changesPath(0))).json()).changes;
    expect(sha256Hex(response.body)).toBe(CatalogChange.parse(change).sha256);
    expect(response.body).toBe(canonicalJson(testCatalog));
    expect(Catalog.parse(JSON.parse(response.body))).toEqual(testCatalog);

    const missing = await signedGet(catalogPath('no such version'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'catalog.notFound' });
  });
});
