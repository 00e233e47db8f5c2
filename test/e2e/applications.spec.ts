import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { PNG } from 'pngjs';
import {
  centralAdmin,
  centralApplications,
  fillApplicant,
  next,
  pdfText,
  readDatabase,
  realEstateUpToDocuments,
  startIdCardApplication,
} from './flows';
import { makeEnrollmentCode, portOf, root, startCentral, startKiosk, tempDir, type Running } from './processes';
import { PORTRAIT, shoot } from './screens';

/**
 * Applications, complete: title documents with two files and three kinds of
 * refused file, the receipt with its lookup code printed as a PDF, the status
 * a clerk of the service sets, checked online and offline; a draft left with
 * a resume code, the kiosk killed, the draft resumed with the code; and a
 * power cut right after a receipt that loses nothing.
 */

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function scanPng(width: number, height: number, shade: number): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i += 1) image.data.set([shade, (i * 7) % 256, 120, 255], i * 4);
  return PNG.sync.write(image);
}

/** A small real PNG whose header then claims 20000×20000 pixels: a decompression bomb. */
function pixelBomb(): Buffer {
  const bomb = Buffer.from(scanPng(8, 8, 10));
  bomb.writeUInt32BE(20_000, 16);
  bomb.writeUInt32BE(20_000, 20);
  return bomb;
}

async function pdf(withScript: boolean): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([300, 400]).drawText('Floor plan', { x: 30, y: 300, size: 14 });
  if (withScript) {
    const action = document.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert(1)') });
    document.catalog.set(PDFName.of('OpenAction'), document.context.register(action));
  }
  return Buffer.from(await document.save());
}

async function openKiosk(page: Page, kiosk: Running): Promise<void> {
  await page.goto(kiosk.url);
  await expect(page.getByTestId('home-catalog')).toBeVisible();
}

/** Picks a file of the scanner's folder for the title documents field. */
async function addScan(page: Page, fileName: string): Promise<void> {
  await page.getByTestId('field-titleDocuments-add-scanner').click();
  await page.getByTestId(`field-titleDocuments-scanner-file-${fileName}`).click();
}

async function checkStatus(page: Page, code: string): Promise<void> {
  await page.getByTestId('home-status').click();
  await page.getByTestId('status-code-input').fill(code);
  // A barcode scanner types the code and presses Enter.
  await page.getByTestId('status-code-input').press('Enter');
}

test('two documents attached, refused files explained, the receipt printed, the status followed online and offline', async ({
  browser,
}) => {
  const centralDir = tempDir('e2e-app-central-');
  const kioskDir = tempDir('e2e-app-kiosk-');
  const scannerDir = tempDir('e2e-app-scanner-');
  const deed = scanPng(120, 160, 40);
  const plan = await pdf(false);
  writeFileSync(join(scannerDir, 'deed.png'), deed);
  writeFileSync(join(scannerDir, 'plan.pdf'), plan);
  // A program renamed to look like a photo, a picture too big to decode, a file over the size limit.
  writeFileSync(join(scannerDir, 'photo.jpg'), Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096, 0x90)]));
  writeFileSync(join(scannerDir, 'huge.png'), pixelBomb());
  writeFileSync(join(scannerDir, 'big.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(11 * 1024 * 1024, 7)]));
  const scriptPdfPath = join(tempDir('e2e-app-chosen-'), 'statement.pdf');
  writeFileSync(scriptPdfPath, await pdf(true));

  let central = await startCentral(centralDir);
  const enrollCode = makeEnrollmentCode(centralDir);
  const kiosk = await startKiosk({ dataDir: kioskDir, centralUrl: central.url, enrollCode, scannerDir });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  let lookupCode = '';
  let registrationNumber = '';
  try {
    await openKiosk(page, kiosk);
    await test.step('the applicant, the property and the basis of the right', async () => {
      await realEstateUpToDocuments(page);
    });

    await test.step('each refused file is explained in Kyrgyz and nothing attached is lost', async () => {
      await addScan(page, 'deed.png');
      await expect(page.getByTestId('field-titleDocuments-item-0')).toContainText('deed.png');
      const error = page.getByTestId('error-titleDocuments');
      await addScan(page, 'photo.jpg');
      await expect(error).toContainText('JPEG, PNG же PDF эмес');
      await addScan(page, 'huge.png');
      await expect(error).toContainText('пикселдери өтө көп');
      await addScan(page, 'big.jpg');
      await expect(error).toContainText('Файл өтө чоң');
      await page.getByTestId('field-titleDocuments-choose').setInputFiles(scriptPdfPath);
      await expect(error).toContainText('JavaScript');
      await expect(page.getByTestId('field-titleDocuments-item-0')).toContainText('deed.png');
      await expect(page.getByTestId('field-titleDocuments-item-1')).toHaveCount(0);
    });

    await test.step('a second document, the plan as a PDF', async () => {
      await addScan(page, 'plan.pdf');
      await expect(page.getByTestId('field-titleDocuments-item-1')).toContainText('plan.pdf');
      await expect(page.getByTestId('error-titleDocuments')).toHaveCount(0);
      await next(page);
      await page.getByTestId('field-phone').fill('0555123456');
      await next(page);
      await expect(page.getByTestId('review-value-titleDocuments')).toContainText('deed.png');
      await expect(page.getByTestId('review-value-titleDocuments')).toContainText('plan.pdf');
      await page.getByTestId('consent').check();
      await page.getByTestId('submit').click();
    });

    await test.step('the receipt: registration number, lookup code and its QR code', async () => {
      await expect(page.getByTestId('receipt-delivery')).toHaveAttribute('data-state', 'accepted', { timeout: 30_000 });
      const [stored] = centralApplications(centralDir);
      expect(stored).toBeDefined();
      registrationNumber = stored!.registration_number;
      lookupCode = stored!.lookup_code;
      await expect(page.getByTestId('receipt-number')).toHaveText(registrationNumber);
      const shown = lookupCode.match(/.{4}/g)!.join('-');
      await expect(page.getByTestId('receipt-lookup-code')).toHaveText(shown);
      await expect(page.getByTestId('receipt-qr')).toBeVisible();
      await expect(page.getByTestId('receipt-status-where')).not.toBeEmpty();
      await shoot(page, '30-receipt-lookup-code');
    });

    await test.step('both files reached the central service byte for byte', async () => {
      const links = readDatabase(join(centralDir, 'central.sqlite'), (db) =>
        db.prepare('SELECT sha256 FROM application_attachments ORDER BY sha256').all(),
      );
      expect(links).toEqual([deed, plan].map(sha256).sort().map((hash) => ({ sha256: hash })));
      expect(readFileSync(join(centralDir, 'attachments', sha256(deed))).equals(deed)).toBe(true);
      expect(readFileSync(join(centralDir, 'attachments', sha256(plan))).equals(plan)).toBe(true);
    });

    await test.step('the printed receipt says the same, in Kyrgyz', async () => {
      // No printer on this kiosk: the printout waits as a PDF for a clerk.
      await page.getByTestId('print-receipt').click();
      await expect(page.getByTestId('print-outcome')).not.toBeEmpty();
      const printouts = readdirSync(join(kioskDir, 'printouts')).filter((name) => name.endsWith('.pdf'));
      expect(printouts).toHaveLength(1);
      const text = pdfText(join(kioskDir, 'printouts', printouts[0]!));
      expect(text).toContain(registrationNumber);
      expect(text).toContain(lookupCode.match(/.{4}/g)!.join('-'));
      expect(text).toContain('Мүлккө укукту каттоо');
    });

    await test.step('the service moves the application; the citizen checks it with the lookup code', async () => {
      centralAdmin(centralDir, ['set-status', registrationNumber, 'inReview']);
      centralAdmin(centralDir, [
        'set-status',
        lookupCode,
        'documentsNeeded',
        '--reason-ky',
        'Сатып алуу-сатуу келишиминин түп нускасын алып келиңиз.',
        '--reason-ru',
        'Принесите оригинал договора купли-продажи.',
      ]);
      await page.getByTestId('done').click();
      await checkStatus(page, lookupCode.toLowerCase());
      const result = page.getByTestId('status-result');
      await expect(result).toHaveAttribute('data-state', 'documentsNeeded');
      await expect(result).toHaveAttribute('data-source', 'central');
      await expect(result).toContainText(registrationNumber);
      await expect(result).toContainText('түп нускасын');
      await expect(page.getByTestId('status-history').locator('li')).toHaveCount(3);
      await shoot(page, '31-status-online');
    });

    await test.step('in Russian the same status reads in Russian', async () => {
      await page.getByTestId('lang-ru').click();
      await expect(page.getByTestId('status-result')).toContainText('оригинал договора');
      await page.getByTestId('lang-ky').click();
    });

    await test.step('offline: the last known state, the time it was known, and a note', async () => {
      // The kiosk learns statuses through the change feed; wait until it has this one.
      await expect
        .poll(
          () =>
            readDatabase(join(kioskDir, 'kiosk', 'kiosk.sqlite'), (db) =>
              db
                .prepare(
                  `SELECT count(*) AS n FROM status_history s JOIN applications a ON a.id = s.application_id
                   WHERE a.lookup_code = ?`,
                )
                .get(lookupCode),
            ),
          { timeout: 30_000 },
        )
        .toEqual({ n: 3 });
      await central.stop();
      await page.getByTestId('exit').click();
      await checkStatus(page, lookupCode);
      const result = page.getByTestId('status-result');
      await expect(result).toHaveAttribute('data-state', 'documentsNeeded');
      await expect(result).toHaveAttribute('data-source', 'kiosk');
      await expect(page.getByTestId('status-offline-note')).toBeVisible();
      await shoot(page, '32-status-offline');
    });

    await test.step('offline, a code this kiosk never saw cannot be checked, and the screen says why', async () => {
      await page.getByTestId('exit').click();
      await checkStatus(page, 'ACDE-FGHJ-KMNP');
      await expect(page.getByTestId('status-error')).toContainText(/.+/);
      await expect(page.getByTestId('status-result')).toHaveCount(0);
      central = await startCentral(centralDir, portOf(central.url));
    });
  } finally {
    await context.close();
    await kiosk.stop();
    await central.stop();
  }
});

test('a draft left with a resume code survives a kiosk kill; a receipt survives a power cut', async ({ browser }) => {
  const centralDir = tempDir('e2e-resume-central-');
  const kioskDir = tempDir('e2e-resume-kiosk-');
  let central = await startCentral(centralDir);
  const enrollCode = makeEnrollmentCode(centralDir);
  let kiosk = await startKiosk({ dataDir: kioskDir, centralUrl: central.url, enrollCode });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  let code = '';
  try {
    await openKiosk(page, kiosk);

    await test.step('a citizen fills part of the form and leaves with a code', async () => {
      await startIdCardApplication(page);
      await fillApplicant(page);
      await next(page);
      await page.getByTestId('field-phone').fill('+996 700 123 456');
      await page.getByTestId('continue-later').click();
      code = (await page.getByTestId('resume-code').innerText()).trim();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await expect(page.getByTestId('resume-expires')).not.toBeEmpty();
      await page.getByTestId('print-resume-slip').click();
      await expect(page.getByTestId('print-outcome')).not.toBeEmpty();
      const slips = readdirSync(join(kioskDir, 'printouts')).filter((name) => name.endsWith('.pdf'));
      expect(pdfText(join(kioskDir, 'printouts', slips[0]!))).toContain(code);
      await shoot(page, '33-resume-code');
    });

    await test.step('the kiosk process is killed and started again', async () => {
      await kiosk.stop('SIGKILL');
      kiosk = await startKiosk({ dataDir: kioskDir, centralUrl: central.url });
      await openKiosk(page, kiosk);
      // The draft was let go of: the next person does not find it open.
      await expect(page.getByTestId('home-catalog')).toBeVisible();
    });

    await test.step('a wrong code is refused with a message', async () => {
      await page.getByTestId('home-resume').click();
      await page.getByTestId('resume-code-input').fill('AAAA-AAAA');
      await page.getByTestId('resume-submit').click();
      await expect(page.getByTestId('resume-error')).toContainText(/.+/);
      await shoot(page, '34-resume-wrong-code');
    });

    await test.step('the right code, typed in lower case, opens the draft where it was left', async () => {
      await page.getByTestId('resume-code-input').fill(code.toLowerCase());
      await page.getByTestId('resume-submit').click();
      await expect(page.getByTestId('field-phone')).toHaveValue('+996 700 123 456');
      await page.getByTestId('back').click();
      await expect(page.getByTestId('field-surname')).toHaveValue('Асанова');
      await next(page);
      await next(page);
      await page.getByTestId('field-reason-lost').check();
      await page.getByTestId('field-lostCircumstances').fill('Базарда жоготуп алдым.');
      await next(page);
    });

    await test.step('the central service is out of reach; the receipt appears and the power goes at once', async () => {
      await central.stop();
      await page.getByTestId('consent').check();
      await page.getByTestId('submit').click();
      await expect(page.getByTestId('receipt-delivery')).toHaveAttribute('data-state', 'waiting');
      await kiosk.stop('SIGKILL');
    });

    await test.step('power back, link back: the application arrives exactly once', async () => {
      central = await startCentral(centralDir, portOf(central.url));
      kiosk = await startKiosk({ dataDir: kioskDir, centralUrl: central.url });
      await expect.poll(() => centralApplications(centralDir).length, { timeout: 30_000 }).toBe(1);
      await openKiosk(page, kiosk);
      // The code was used up: it opens nothing now.
      await page.getByTestId('home-resume').click();
      await page.getByTestId('resume-code-input').fill(code);
      await page.getByTestId('resume-submit').click();
      await expect(page.getByTestId('resume-error')).toContainText(/.+/);
      expect(centralApplications(centralDir)).toHaveLength(1);
    });
  } finally {
    await context.close();
    await kiosk.stop();
    await central.stop();
  }
});

/**
 * The operator's next catalog: the ID-card form two versions on (the
 * service accepts the current and the one before), without "patronymic"
 * and with a new required "place of birth".
 */
function catalogWithNewIdCardForm(): string {
  const catalog = JSON.parse(readFileSync(join(root, 'assets', 'catalog', 'catalog.json'), 'utf8'));
  catalog.version = '2026-11-25.1';
  catalog.publishedAt = '2026-11-25T09:00:00+06:00';
  const form = catalog.forms.find((f: { id: string }) => f.id === 'id-card');
  form.version += 2;
  const applicant = form.pages.find((p: { id: string }) => p.id === 'applicant');
  applicant.fields = applicant.fields.filter((field: { id: string }) => field.id !== 'patronymic');
  applicant.fields.splice(2, 0, {
    id: 'birthPlace',
    type: 'text',
    label: { ky: 'Туулган жери', ru: 'Место рождения' },
    maxLength: 100,
  });
  const file = join(tempDir('e2e-catalog-'), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalog));
  return file;
}

test('a draft on a form the service has moved past is brought to the new form, and the citizen is told what changed', async ({
  browser,
}) => {
  const centralDir = tempDir('e2e-migrate-central-');
  const kioskDir = tempDir('e2e-migrate-kiosk-');
  const central = await startCentral(centralDir);
  const kiosk = await startKiosk({ dataDir: kioskDir, centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  try {
    await openKiosk(page, kiosk);
    let code = '';
    await test.step('a citizen leaves the ID-card form half filled, with a code', async () => {
      await startIdCardApplication(page);
      await fillApplicant(page);
      await page.getByTestId('continue-later').click();
      code = (await page.getByTestId('resume-code').innerText()).trim();
      await page.getByTestId('resume-done').click();
    });

    await test.step('the operator publishes a catalog whose ID-card form is two versions newer; the kiosk takes it', async () => {
      centralAdmin(centralDir, ['publish-catalog', '--file', catalogWithNewIdCardForm()]);
      await expect
        .poll(
          () =>
            readDatabase(join(kioskDir, 'kiosk', 'kiosk.sqlite'), (db) =>
              db.prepare('SELECT version FROM catalog_versions WHERE active = 1').pluck().get(),
            ),
          { timeout: 30_000 },
        )
        .toBe('2026-11-25.1');
    });

    await test.step('the code opens the draft on the new form, and a notice says what changed', async () => {
      await page.getByTestId('home-resume').click();
      await page.getByTestId('resume-code-input').fill(code);
      await page.getByTestId('resume-submit').click();
      await expect(page.getByTestId('migration-notice')).toBeVisible();
      await expect(page.getByTestId('migration-added-birthPlace')).toContainText('Туулган жери');
      await expect(page.getByTestId('migration-removed-patronymic')).toContainText('Атасынын аты');
      await expect(page.getByTestId('field-surname')).toHaveValue('Асанова');
      await shoot(page, '35-form-changed');
      await page.getByTestId('migration-dismiss').click();
      await expect(page.getByTestId('migration-notice')).toHaveCount(0);
    });

    await test.step('the citizen answers the new question and the application goes through on the new form', async () => {
      await page.getByTestId('field-birthPlace').fill('Нарын шаары');
      await next(page);
      await page.getByTestId('field-phone').fill('+996 700 123 456');
      await next(page);
      await page.getByTestId('field-reason-lost').check();
      await page.getByTestId('field-lostCircumstances').fill('Базарда жоготуп алдым.');
      await next(page);
      await page.getByTestId('consent').check();
      await page.getByTestId('submit').click();
      await expect(page.getByTestId('receipt-delivery')).toHaveAttribute('data-state', 'accepted', { timeout: 30_000 });
      const stored = readDatabase(join(centralDir, 'central.sqlite'), (db) =>
        db.prepare('SELECT form_version AS formVersion, catalog_version AS catalogVersion FROM applications').all(),
      );
      expect(stored).toEqual([{ formVersion: 3, catalogVersion: '2026-11-25.1' }]);
    });
  } finally {
    await context.close();
    await kiosk.stop();
    await central.stop();
  }
});
