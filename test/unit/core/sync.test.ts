import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../../src-central/app';
import { createEnrollmentCode } from '../../../src-central/enrollment/codes';
import { listReceivedApplications } from '../../../src-central/applications/received';
import { createCore, type Core } from '../../../src-main/core/index';
import type { KioskEvent } from '../../../src-shared/contract';
import { fixtureCatalog, tempDir, validAnswers, writeFixtureCatalog } from '../../support/catalog-fixture';

const catalogPath = writeFixtureCatalog();
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A real central service on 127.0.0.1 that the test can stop and start again on the same port. */
async function runCentral(dataDir = tempDir('central-'), port = 0): Promise<{ central: Central; url: string; port: number; dataDir: string }> {
  const central = createCentral({ dbPath: join(dataDir, 'central.sqlite'), catalog: fixtureCatalog });
  await central.app.listen({ port, host: '127.0.0.1' });
  const actual = (central.app.server.address() as AddressInfo).port;
  cleanups.push(() => central.close());
  return { central, url: `http://127.0.0.1:${actual}`, port: actual, dataDir };
}

function kiosk(centralUrl: string, clock: () => Date = () => new Date()): { core: Core; events: KioskEvent[] } {
  const core = createCore({ dataDir: tempDir('kiosk-'), catalogSnapshotPath: catalogPath, centralUrl, clock });
  const events: KioskEvent[] = [];
  core.onEvent((event) => events.push(event));
  cleanups.push(() => core.close());
  return { core, events };
}

async function enroll(core: Core, central: Central): Promise<void> {
  const { code } = createEnrollmentCode(central.db, { officeName: 'Бишкек №1', now: new Date(), randomBytes: (n) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256)) });
  await core.enroll(code);
}

async function submitOne(core: Core): Promise<string> {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: null });
  return (await core.submitApplication({ draftId: draft.id, consent: true })).applicationId;
}

describe('the sync engine against a real central service', () => {
  it('enrolls, sends a submitted application and shows the registration number the service gave', async () => {
    const { central, url } = await runCentral();
    const { core, events } = kiosk(url);
    await enroll(core, central);
    expect(core.isEnrolled()).toBe(true);
    expect((await core.getKioskStatus({})).officeName).toBe('Бишкек №1');

    const id = await submitOne(core);
    const state = await core.syncNow({});
    expect(state).toMatchObject({ enrolled: true, online: true, waiting: 0, offlineSince: null, lastError: null });

    const receipt = await core.getReceipt({ applicationId: id });
    expect(receipt.delivery).toBe('accepted');
    expect(receipt.registrationNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(events).toContainEqual({ type: 'receiptUpdated', applicationId: id });
    const stored = listReceivedApplications(central.db);
    expect(stored.map((a) => a.id)).toEqual([id]);
    expect(stored[0]?.registrationNumber).toBe(receipt.registrationNumber);
  });

  it('keeps applications in the outbox while the service is down and delivers each exactly once when it returns', async () => {
    const first = await runCentral();
    const { core } = kiosk(first.url);
    await enroll(core, first.central);
    await first.central.close();

    const ids = [await submitOne(core), await submitOne(core)];
    const offline = await core.syncNow({});
    expect(offline).toMatchObject({ online: false, waiting: 2, lastError: 'network.unreachable' });
    expect(offline.offlineSince).not.toBeNull();
    expect((await core.getReceipt({ applicationId: ids[0] as string })).delivery).toBe('waiting');

    const again = await runCentral(first.dataDir, first.port);
    const online = await core.syncNow({});
    expect(online).toMatchObject({ online: true, waiting: 0 });
    await core.syncNow({});
    const stored = listReceivedApplications(again.central.db);
    expect(stored.map((a) => a.id).sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await core.getReceipt({ applicationId: id })).registrationNumber).not.toBeNull();
  });

  it('corrects its clock from the service when it is hours off, instead of failing forever', async () => {
    const { central, url } = await runCentral();
    let skewMs = 0;
    const { core } = kiosk(url, () => new Date(Date.now() + skewMs));
    await enroll(core, central);
    // The kiosk's clock jumps three hours ahead after enrollment (a flat CMOS battery, a wrong time zone).
    skewMs = 3 * 60 * 60 * 1000;
    const id = await submitOne(core);
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0 });
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('accepted');
  });

  it('never takes a captive portal page for an acknowledgement', async () => {
    const { central, url } = await runCentral();
    const { core } = kiosk(url);
    await enroll(core, central);
    await central.close();

    // A hotel or office portal answers everything with 200 and a login page.
    const portal = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body><form>Login to Wi-Fi</form></body></html>');
    });
    await listen(portal, Number(new URL(url).port));
    cleanups.push(() => new Promise((resolve) => portal.close(() => resolve())));

    const id = await submitOne(core);
    // The first round may still meet the old kept-alive connection; the next one reaches the portal.
    await core.syncNow({});
    expect(await core.syncNow({})).toMatchObject({ online: false, waiting: 1, lastError: 'response.unsigned' });
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('waiting');
  });

  it('tells a clerk it is not enrolled and keeps everything', async () => {
    const { url } = await runCentral();
    const { core } = kiosk(url);
    await expect(core.enroll('WRNG-CODE-00')).rejects.toMatchObject({ code: 'enroll.codeRefused' });
    const id = await submitOne(core);
    expect(await core.syncNow({})).toMatchObject({ enrolled: false, waiting: 1 });
    expect((await core.getReceipt({ applicationId: id })).delivery).toBe('waiting');
  });
});
