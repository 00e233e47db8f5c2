import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../../src-central/app';
import { createEnrollmentCode } from '../../../src-central/enrollment/codes';
import { createCore, type Core } from '../../../src-main/core/index';
import { signRequest } from '../../../src-main/core/sync/signer';
import { fixtureCatalogWithLastPageFields, tempDir, validAnswers, writeFixtureCatalog } from '../../support/catalog-fixture';
import { PNG } from 'pngjs';
import { ATTACHMENT_CHUNK_BYTES } from '../../../src-shared/sync/wire';
import { makePdf, makePng } from './files';

/** The fixture catalog with an optional file field on the id-card form's last page. */
const catalog = fixtureCatalogWithLastPageFields([
  { id: 'scans', type: 'file', label: { ky: 'Скан', ru: 'Скан' }, optional: true, maxItems: 3 },
  { id: 'proofs', type: 'file', label: { ky: 'Далил', ru: 'Подтверждение' }, optional: true, maxItems: 3 },
]);
const catalogPath = writeFixtureCatalog(catalog);
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function runCentral(): Promise<{ central: Central; url: string; dataDir: string }> {
  const dataDir = tempDir('central-');
  const central = createCentral({ dbPath: join(dataDir, 'central.sqlite'), catalog });
  await central.app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => central.close());
  return { central, url: `http://127.0.0.1:${(central.app.server.address() as AddressInfo).port}`, dataDir };
}

interface Kiosk {
  core: Core;
  dataDir: string;
  scannerDir: string;
  requests: string[];
}

function kiosk(centralUrl: string | null, through: typeof fetch = fetch): Kiosk {
  const dataDir = tempDir('kiosk-');
  const scannerDir = tempDir('scanner-');
  const requests: string[] = [];
  const fetchCounting: typeof fetch = (input, init) => {
    requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
    return through(input, init);
  };
  const core = createCore({ dataDir, catalogSnapshotPath: catalogPath, centralUrl, scannerDir, fetch: fetchCounting });
  cleanups.push(() => core.close());
  return { core, dataDir, scannerDir, requests };
}

async function enroll(core: Core, central: Central): Promise<void> {
  const { code } = createEnrollmentCode(central.db, { officeName: 'Бишкек №1', now: new Date(), randomBytes: (n) => randomBytes(n) });
  await core.enroll(code);
}

async function draftWithAnswers(core: Core): Promise<string> {
  const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
  await core.saveDraft({ id: draft.id, answers: validAnswers, pageId: null });
  return draft.id;
}

/** A real PNG of noise, so it does not compress: about 4·width·height bytes, several upload chunks. */
function noisePng(width: number, height: number, seed: number): Buffer {
  const png = new PNG({ width, height });
  let state = seed >>> 0 || 1;
  for (let i = 0; i < png.data.length; i += 1) {
    // xorshift32: the same bytes on every run.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    png.data[i] = i % 4 === 3 ? 255 : state & 0xff;
  }
  return PNG.sync.write(png, { deflateLevel: 0 });
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const blobs = (dir: string) => (existsSync(join(dir, 'attachments')) ? readdirSync(join(dir, 'attachments')).filter((n) => !n.startsWith('.')) : []);

describe('attachments on the kiosk', () => {
  it('attaches a scan by its content, lists the scanner folder newest first and refuses names with paths', async () => {
    const { core, scannerDir } = kiosk(null);
    writeFileSync(join(scannerDir, 'old.png'), makePng(20, 20, 1));
    writeFileSync(join(scannerDir, 'fake.jpg'), 'just text');
    const { files } = await core.listScannerFiles({});
    expect(files.map((f) => f.fileName).sort()).toEqual(['fake.jpg', 'old.png']);
    const draftId = await draftWithAnswers(core);

    const result = await core.attachScannedFile({ draftId, fieldId: 'scans', fileName: 'old.png' });
    expect(result.attached).toMatchObject({ fileName: 'old.png', mediaType: 'image/png' });
    expect((await core.loadDraft({ id: draftId })).answers.scans).toEqual(result.value);
    const thumb = await core.attachmentThumbnail({ sha256: result.attached?.sha256 ?? '' });
    expect(thumb.dataUrl).toMatch(/^data:image\/png;base64,/);

    await expect(core.attachScannedFile({ draftId, fieldId: 'scans', fileName: 'fake.jpg' })).rejects.toMatchObject({ code: 'attachment.type' });
    await expect(core.attachScannedFile({ draftId, fieldId: 'scans', fileName: '../etc/passwd' })).rejects.toMatchObject({ code: 'input.invalid' });
    await expect(core.attachScannedFile({ draftId, fieldId: 'surname', fileName: 'old.png' })).rejects.toMatchObject({ code: 'input.invalid' });
    // The refusal lost nothing.
    expect((await core.loadDraft({ id: draftId })).answers.scans).toEqual(result.value);
  });

  it('keeps one blob for the same file attached twice, and removes it only when nothing refers to it', async () => {
    const { core, dataDir } = kiosk(null);
    const png = makePng(30, 30, 2).toString('base64');
    const first = await draftWithAnswers(core);
    const a = await core.attachUploadedFile({ draftId: first, fieldId: 'scans', fileName: 'a.png', dataBase64: png });
    await expect(core.attachUploadedFile({ draftId: first, fieldId: 'scans', fileName: 'a.png', dataBase64: png })).rejects.toMatchObject({ code: 'attachment.twice' });
    // The first citizen leaves the draft for later; the next one attaches the same file to theirs.
    const { code } = await core.suspendDraft({ id: first });
    const second = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId: second, fieldId: 'scans', fileName: 'b.png', dataBase64: png });
    expect(blobs(dataDir)).toEqual([a.attached?.sha256]);

    const sha256 = a.attached?.sha256 ?? '';
    expect((await core.removeAttachment({ draftId: second, fieldId: 'scans', sha256 })).value).toEqual([]);
    expect(blobs(dataDir)).toEqual([sha256]);
    // Back to the first draft (the second, never given a code, is deleted; it held nothing any more).
    expect((await core.resumeDraft({ code })).answers.scans).toEqual(a.value);
    expect(blobs(dataDir)).toEqual([sha256]);
    expect((await core.removeAttachment({ draftId: first, fieldId: 'scans', sha256 })).value).toEqual([]);
    expect(blobs(dataDir)).toEqual([]);
  });

  it('keeps the files attached when a late autosave still carries the answers from before', async () => {
    const { core } = kiosk(null);
    const draftId = await draftWithAnswers(core);
    const attached = await core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'a.png', dataBase64: makePng().toString('base64') });
    await core.saveDraft({ id: draftId, answers: { ...validAnswers, surname: 'Асанов' }, pageId: null });
    expect((await core.loadDraft({ id: draftId })).answers).toMatchObject({ surname: 'Асанов', scans: attached.value });
    await core.removeAttachment({ draftId, fieldId: 'scans', sha256: attached.attached?.sha256 ?? '' });
    await core.saveDraft({ id: draftId, answers: { ...validAnswers, scans: attached.value }, pageId: null });
    expect((await core.loadDraft({ id: draftId })).answers.scans).toEqual([]);
  });

  it('never lets a renderer put another draft\'s file into a draft by naming its hash', async () => {
    const { core, dataDir } = kiosk(null);
    const other = await draftWithAnswers(core);
    const attached = await core.attachUploadedFile({ draftId: other, fieldId: 'scans', fileName: 'a.png', dataBase64: makePng().toString('base64') });
    // Suspended, so the other draft and its file are still on the kiosk.
    await core.suspendDraft({ id: other });
    const draftId = await draftWithAnswers(core);
    await core.saveDraft({ id: draftId, answers: { ...validAnswers, scans: attached.value }, pageId: null });
    expect((await core.loadDraft({ id: draftId })).answers.scans).toBeUndefined();
    expect(blobs(dataDir)).toEqual([attached.attached?.sha256]);
    const receipt = await core.submitApplication({ draftId, consent: true });
    expect(receipt.delivery).toBe('waiting');
  });
});

describe('attachments through the sync, against a real central service', () => {
  it('uploads each file once before the application, skips one the service holds, and the bytes arrive unchanged', async () => {
    const { central, url, dataDir: centralDir } = await runCentral();
    const { core, requests } = kiosk(url);
    await enroll(core, central);
    const png = makePng(50, 40, 3);
    const pdf = await makePdf();

    const draftId = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'photo.png', dataBase64: png.toString('base64') });
    await core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'deed.pdf', dataBase64: pdf.toString('base64') });
    const { applicationId } = await core.submitApplication({ draftId, consent: true });
    requests.length = 0;
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0, lastError: null });
    expect((await core.getReceipt({ applicationId })).delivery).toBe('accepted');
    expect(requests.filter((r) => r.startsWith('PUT'))).toHaveLength(2);

    for (const bytes of [png, pdf]) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(readFileSync(join(centralDir, 'attachments', sha256)).equals(bytes)).toBe(true);
      expect(central.db.prepare('SELECT sha256 FROM application_attachments WHERE application_id = ? AND sha256 = ?').get(applicationId, sha256)).toBeTruthy();
    }

    // A second application with the same photo: the service already holds it, nothing is uploaded again.
    const again = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId: again, fieldId: 'scans', fileName: 'photo.png', dataBase64: png.toString('base64') });
    const second = await core.submitApplication({ draftId: again, consent: true });
    requests.length = 0;
    await core.syncNow({});
    expect((await core.getReceipt({ applicationId: second.applicationId })).delivery).toBe('accepted');
    expect(requests.filter((r) => r.startsWith('PUT'))).toEqual([]);

    // Another kiosk that never uploaded it asks first, and is told the service has it.
    const other = kiosk(url);
    await enroll(other.core, central);
    const third = await draftWithAnswers(other.core);
    await other.core.attachUploadedFile({ draftId: third, fieldId: 'scans', fileName: 'p.png', dataBase64: png.toString('base64') });
    const thirdReceipt = await other.core.submitApplication({ draftId: third, consent: true });
    other.requests.length = 0;
    await other.core.syncNow({});
    expect((await other.core.getReceipt({ applicationId: thirdReceipt.applicationId })).delivery).toBe('accepted');
    expect(other.requests).toContain('POST /v1/attachments/check');
    expect(other.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);
  });

  it('refuses bytes that do not match their hash, and an item whose attachment it does not hold', async () => {
    const { central, url } = await runCentral();
    const { core, dataDir } = kiosk(url);
    await enroll(core, central);
    const reader = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
    const keys = reader.prepare('SELECT kiosk_id AS kioskId, private_key AS privateKey FROM kiosk_identity').get() as { kioskId: string; privateKey: string };
    reader.close();

    const bytes = makePng(10, 10, 9);
    const wrong = 'a'.repeat(64);
    const path = `/v1/attachments/${wrong}`;
    const headers = signRequest({ ...keys, method: 'PUT', path, body: bytes, time: new Date(), nonce: 'nonce-mismatch-1' });
    const response = await fetch(`${url}${path}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'attachment.hashMismatch' });
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM attachments').get()).toEqual({ n: 0 });

    // An application naming a file the service never received is rejected with a reason.
    const draftId = await draftWithAnswers(core);
    const attached = await core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'x.png', dataBase64: bytes.toString('base64') });
    const { applicationId } = await core.submitApplication({ draftId, consent: true });
    const sha256 = attached.attached?.sha256 ?? '';
    // The kiosk believes the file is there already (as after a lost service database), so it does not upload it.
    const db = new Database(join(dataDir, 'kiosk.sqlite'));
    db.prepare('UPDATE attachments SET uploaded_at = ? WHERE sha256 = ?').run(new Date().toISOString(), sha256);
    db.close();
    await core.syncNow({});
    const receipt = await core.getReceipt({ applicationId });
    expect(receipt.delivery).toBe('rejected');
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM applications').get()).toEqual({ n: 0 });
    const check = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
    const row = check.prepare('SELECT delivery_detail_json AS detail FROM applications WHERE id = ?').get(applicationId) as { detail: string };
    check.close();
    expect(JSON.parse(row.detail)).toMatchObject({ reason: 'attachment.missing' });
  });
});

describe('attachments through a link that breaks', () => {
  it('resumes a broken upload from what the service already holds, never from the start', async () => {
    const { central, url, dataDir: centralDir } = await runCentral();
    const puts: number[] = [];
    let breakSecondChunk = true;
    const breaking: typeof fetch = async (input, init) => {
      const target = new URL(String(input));
      if (init?.method === 'PUT') {
        const offset = Number(target.searchParams.get('offset'));
        puts.push(offset);
        // The link drops as the second chunk leaves: the service has the first one only.
        if (breakSecondChunk && offset === ATTACHMENT_CHUNK_BYTES) {
          breakSecondChunk = false;
          throw new TypeError('fetch failed');
        }
      }
      return fetch(input, init);
    };
    const { core } = kiosk(url, breaking);
    await enroll(core, central);
    const big = noisePng(760, 760, 7);
    expect(big.length).toBeGreaterThan(2 * ATTACHMENT_CHUNK_BYTES);
    expect(big.length).toBeLessThan(3 * ATTACHMENT_CHUNK_BYTES);
    const draftId = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'scan.png', dataBase64: big.toString('base64') });
    const { applicationId } = await core.submitApplication({ draftId, consent: true });

    expect(await core.syncNow({})).toMatchObject({ online: false, waiting: 1, lastError: 'network.unreachable' });
    expect(puts).toEqual([0, ATTACHMENT_CHUNK_BYTES]);
    expect((await core.getReceipt({ applicationId })).delivery).toBe('waiting');

    puts.length = 0;
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0, lastError: null });
    // From the second chunk on: the first was never sent again.
    expect(puts).toEqual([ATTACHMENT_CHUNK_BYTES, 2 * ATTACHMENT_CHUNK_BYTES]);
    expect((await core.getReceipt({ applicationId })).delivery).toBe('accepted');
    expect(readFileSync(join(centralDir, 'attachments', sha256Of(big))).equals(big)).toBe(true);
  });

  it('sends nothing again when only the answer to the last chunk was lost', async () => {
    const { central, url, dataDir: centralDir } = await runCentral();
    const puts: number[] = [];
    let loseLastAnswer = true;
    const big = noisePng(600, 600, 3);
    const lastOffset = Math.floor(big.length / ATTACHMENT_CHUNK_BYTES) * ATTACHMENT_CHUNK_BYTES;
    const losing: typeof fetch = async (input, init) => {
      const target = new URL(String(input));
      if (init?.method !== 'PUT') return fetch(input, init);
      const offset = Number(target.searchParams.get('offset'));
      puts.push(offset);
      const response = await fetch(input, init);
      if (loseLastAnswer && offset === lastOffset) {
        loseLastAnswer = false;
        // The service took the chunk; its answer never reached the kiosk.
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const { core } = kiosk(url, losing);
    await enroll(core, central);
    const draftId = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId, fieldId: 'scans', fileName: 'scan.png', dataBase64: big.toString('base64') });
    const { applicationId } = await core.submitApplication({ draftId, consent: true });
    expect(await core.syncNow({})).toMatchObject({ online: false, lastError: 'network.unreachable' });
    puts.length = 0;
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0 });
    expect(puts).toEqual([]);
    expect((await core.getReceipt({ applicationId })).delivery).toBe('accepted');
    expect(readFileSync(join(centralDir, 'attachments', sha256Of(big))).equals(big)).toBe(true);
  });

  it('sends a file once for an application naming it twice and another sharing it', async () => {
    const { central, url } = await runCentral();
    const { core, requests } = kiosk(url);
    await enroll(core, central);
    const png = makePng(60, 40, 5);
    const sha256 = sha256Of(png);
    const first = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId: first, fieldId: 'scans', fileName: 'a.png', dataBase64: png.toString('base64') });
    await core.attachUploadedFile({ draftId: first, fieldId: 'proofs', fileName: 'a-again.png', dataBase64: png.toString('base64') });
    const one = await core.submitApplication({ draftId: first, consent: true });
    const second = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId: second, fieldId: 'scans', fileName: 'b.png', dataBase64: png.toString('base64') });
    const two = await core.submitApplication({ draftId: second, consent: true });

    requests.length = 0;
    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 0, lastError: null });
    expect(requests.filter((r) => r.startsWith('PUT'))).toEqual([`PUT /v1/attachments/${sha256}`]);
    for (const { applicationId } of [one, two]) {
      expect((await core.getReceipt({ applicationId })).delivery).toBe('accepted');
      expect(central.db.prepare('SELECT COUNT(*) AS n FROM application_attachments WHERE application_id = ?').get(applicationId)).toEqual({ n: 1 });
    }
  });

  it('lets the others go when one application\'s file cannot be read here, and sends it once the file is back', async () => {
    const { central, url } = await runCentral();
    const { core, dataDir } = kiosk(url);
    await enroll(core, central);
    const lost = makePng(30, 30, 11);
    const kept = makePng(30, 30, 12);
    const broken = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId: broken, fieldId: 'scans', fileName: 'lost.png', dataBase64: lost.toString('base64') });
    const poisoned = await core.submitApplication({ draftId: broken, consent: true });
    const plain = await core.submitApplication({ draftId: await draftWithAnswers(core), consent: true });
    const withFile = await draftWithAnswers(core);
    await core.attachUploadedFile({ draftId: withFile, fieldId: 'scans', fileName: 'kept.png', dataBase64: kept.toString('base64') });
    const healthy = await core.submitApplication({ draftId: withFile, consent: true });
    // The disk lost one blob.
    const blobPath = join(dataDir, 'attachments', sha256Of(lost));
    rmSync(blobPath);

    expect(await core.syncNow({})).toMatchObject({ online: true, waiting: 1, flagged: 0, lastError: null });
    expect((await core.getReceipt({ applicationId: plain.applicationId })).delivery).toBe('accepted');
    expect((await core.getReceipt({ applicationId: healthy.applicationId })).delivery).toBe('accepted');
    const [item] = core.outbox().items;
    expect(item).toMatchObject({ applicationId: poisoned.applicationId, delivery: 'waiting', attempts: 1, lastError: 'attachment.unreadable' });
    expect(Date.parse(item?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
    expect(central.db.prepare('SELECT COUNT(*) AS n FROM applications').get()).toEqual({ n: 2 });

    // A technician puts the file back; the clerk offers the application again.
    writeFileSync(blobPath, lost);
    expect(core.offerAgain(poisoned.applicationId)).toMatchObject({ delivery: 'waiting', lastError: null });
    await core.syncNow({});
    expect((await core.getReceipt({ applicationId: poisoned.applicationId })).delivery).toBe('accepted');
    expect(core.outbox()).toEqual({ items: [] });
  });
});
