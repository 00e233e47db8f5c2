import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { next, realEstateUpToDocuments } from './flows';
import { makeEnrollmentCode, startCentral, startKiosk, tempDir } from './processes';
import { PORTRAIT, shoot } from './screens';

/**
 * Title documents for a real-estate registration, in Kyrgyz: a scan picked
 * from the scanner's folder (its thumbnail shown), a fake "photo" refused
 * with a message and nothing lost, a file chosen through the browser's file
 * chooser, one removed and one replaced; the application and the remaining file's exact bytes
 * reach the central service.
 */
function png(width: number, height: number, shade: number): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i += 1) image.data.set([shade, (i * 7) % 256, 120, 255], i * 4);
  return PNG.sync.write(image);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('a citizen attaches scans of title documents, a fake file is refused, and the bytes reach the central service', async ({ browser }) => {
  const centralDir = tempDir('e2e-att-central-');
  const scannerDir = tempDir('e2e-att-scanner-');
  const scan = png(120, 160, 40);
  writeFileSync(join(scannerDir, 'deed-page-1.png'), scan);
  writeFileSync(join(scannerDir, 'photo.jpg'), 'this is text, not a photograph');
  const chosen = png(90, 60, 200);
  const chosenPath = join(tempDir('e2e-att-chosen-'), 'contract.png');
  writeFileSync(chosenPath, chosen);

  const central = await startCentral(centralDir);
  const enrollCode = makeEnrollmentCode(centralDir);
  const kiosk = await startKiosk({ dataDir: tempDir('e2e-att-kiosk-'), centralUrl: central.url, enrollCode, scannerDir });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  try {
    await page.goto(kiosk.url);
    await test.step('the applicant, the property and the basis of the right', async () => {
      await realEstateUpToDocuments(page);
    });

    await test.step('no file yet: the field asks for one', async () => {
      await next(page);
      await expect(page.getByTestId('error-titleDocuments')).toContainText('Кеминде 1 файл кошуңуз');
    });

    await test.step('a scan from the scanner folder, with its thumbnail', async () => {
      await page.getByTestId('field-titleDocuments-add-scanner').click();
      await page.getByTestId('field-titleDocuments-scanner-file-deed-page-1.png').click();
      const item = page.getByTestId('field-titleDocuments-item-0');
      await expect(item).toContainText('deed-page-1.png');
      await expect(item.getByTestId('file-thumbnail')).toHaveAttribute('src', /^data:image\/png;base64,/);
    });

    await test.step('a text file named .jpg is refused with a message, and the scan stays', async () => {
      await page.getByTestId('field-titleDocuments-add-scanner').click();
      await page.getByTestId('field-titleDocuments-scanner-file-photo.jpg').click();
      await expect(page.getByTestId('error-titleDocuments')).toContainText('JPEG, PNG же PDF эмес');
      await expect(page.getByTestId('field-titleDocuments-item-0')).toContainText('deed-page-1.png');
      await expect(page.getByTestId('field-titleDocuments-item-1')).toHaveCount(0);
    });

    await test.step('a file through the file chooser, then the scan removed', async () => {
      await page.getByTestId('field-titleDocuments-choose').setInputFiles(chosenPath);
      await expect(page.getByTestId('field-titleDocuments-item-1')).toContainText('contract.png');
      await expect(page.getByTestId('error-titleDocuments')).toHaveCount(0);
      await shoot(page, '26-attachments');
      await page.getByTestId('field-titleDocuments-remove-0').click();
      await expect(page.getByTestId('field-titleDocuments-item-0')).toContainText('contract.png');
      await expect(page.getByTestId('field-titleDocuments-item-1')).toHaveCount(0);
    });

    await test.step('the chosen file replaced by the scan again', async () => {
      await page.getByTestId('field-titleDocuments-replace-0').click();
      await page.getByTestId('field-titleDocuments-add-scanner').click();
      await page.getByTestId('field-titleDocuments-scanner-file-deed-page-1.png').click();
      await expect(page.getByTestId('field-titleDocuments-item-0')).toContainText('deed-page-1.png');
      await expect(page.getByTestId('field-titleDocuments-item-1')).toHaveCount(0);
      await next(page);
    });

    await test.step('contacts, the review shows the file, submit', async () => {
      await page.getByTestId('field-phone').fill('0555123456');
      await next(page);
      await expect(page.getByTestId('review-value-titleDocuments')).toHaveText('deed-page-1.png');
      await page.getByTestId('consent').check();
      await page.getByTestId('submit').click();
      await expect(page.getByTestId('receipt-delivery')).toHaveAttribute('data-state', 'accepted', { timeout: 30_000 });
    });

    await test.step('the central service holds the application and the file, byte for byte', async () => {
      const db = new Database(join(centralDir, 'central.sqlite'), { readonly: true, fileMustExist: true });
      try {
        const links = db.prepare('SELECT sha256 FROM application_attachments').all() as Array<{ sha256: string }>;
        expect(links).toEqual([{ sha256: sha256(scan) }]);
      } finally {
        db.close();
      }
      expect(readFileSync(join(centralDir, 'attachments', sha256(scan))).equals(scan)).toBe(true);
    });
  } finally {
    await context.close();
    await kiosk.stop();
    await central.stop();
  }
});
