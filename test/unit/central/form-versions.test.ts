import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishCatalog } from '../../../src-central/catalog/versions';
import type { Catalog } from '../../../src-shared/catalog/schema';
import { TestCentral, type TestKiosk, testCatalog, validEnvelope } from './harness';

/** The test catalog with its one form at `formVersion`, published as `version`. */
function catalogWithForm(version: string, publishedAt: string, formVersion: number): Catalog {
  return { ...testCatalog, version, publishedAt, forms: testCatalog.forms.map((form) => ({ ...form, version: formVersion })) };
}

const C1 = catalogWithForm('forms-1', '2026-01-01T00:00:00Z', 1);
const C2 = catalogWithForm('forms-2', '2026-02-01T00:00:00Z', 2);
const C3 = catalogWithForm('forms-3', '2026-03-01T00:00:00Z', 3);

let central: TestCentral;
let kiosk: TestKiosk;
beforeEach(async () => {
  // The first version carries form version 1; the next two move the form on.
  central = new TestCentral({ catalog: C1 });
  kiosk = await central.enroll();
  expect(publishCatalog(central.db, C2, central.now())).toMatchObject({ ok: true });
});
afterEach(async () => {
  await central.close();
});

const filledOn = (formVersion: number, catalogVersion: string) => validEnvelope({ formVersion, catalogVersion });
const outcomes = async (...envelopes: ReturnType<typeof validEnvelope>[]) =>
  (await central.sendBatch(kiosk, envelopes)).map((r) => r.reason ?? r.outcome);

describe('the form-version window (the current version and the one before)', () => {
  it('accepts a form filled on version 1 when the catalog the kiosk names is at 2', async () => {
    expect(await outcomes(filledOn(1, 'forms-1'), filledOn(1, 'forms-2'), filledOn(2, 'forms-2'))).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
  });

  it('rejects version 1 with form.versionRetired against a catalog at 3, and keeps judging by the catalog named', async () => {
    expect(publishCatalog(central.db, C3, central.now())).toMatchObject({ ok: true });
    expect(
      await outcomes(filledOn(1, 'forms-3'), filledOn(2, 'forms-3'), filledOn(3, 'forms-3'), filledOn(1, 'forms-2')),
    ).toEqual(['form.versionRetired', 'accepted', 'accepted', 'accepted']);
  });

  it('judges an unknown catalog version by the latest', async () => {
    expect(await outcomes(filledOn(1, 'no-such-catalog'))).toEqual(['accepted']);
    expect(publishCatalog(central.db, C3, central.now())).toMatchObject({ ok: true });
    expect(await outcomes(filledOn(1, 'no-such-catalog'), filledOn(2, 'no-such-catalog'))).toEqual([
      'form.versionRetired',
      'accepted',
    ]);
  });

  it('still answers duplicate for an application accepted before its version was retired', async () => {
    const early = filledOn(1, 'no-such-catalog');
    const [first] = await central.sendBatch(kiosk, [early]);
    expect(first).toMatchObject({ outcome: 'accepted' });
    expect(publishCatalog(central.db, C3, central.now())).toMatchObject({ ok: true });
    expect(await central.sendBatch(kiosk, [early])).toEqual([
      { id: early.id, outcome: 'duplicate', registrationNumber: first!.registrationNumber },
    ]);
    // A new one just like it is refused, and writes no step.
    expect(await outcomes(filledOn(1, 'no-such-catalog'))).toEqual(['form.versionRetired']);
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM application_status_steps').get()).toEqual({ n: 1 });
  });

  it('leaves a version no catalog published to form.unknownVersion', async () => {
    expect(await outcomes(filledOn(3, 'forms-2'))).toEqual(['form.unknownVersion']);
  });
});
