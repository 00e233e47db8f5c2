import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startCentral, startKiosk, tempDir, type Running } from './processes';
import { PORTRAIT, shoot } from './screens';

/**
 * A citizen reads the blank application form of a service on screen and
 * prints it; this kiosk has no printer, so the PDF is saved for a clerk in
 * <data>/printouts/, where poppler reads the service name and page count.
 */
function pdfFacts(path: string): { text: string; pages: number; title: string } {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' });
  return {
    text: text.replace(/\s+/g, ' '),
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    title: /^Title:\s+(.*)$/m.exec(info)?.[1]?.trim() ?? '',
  };
}

function savedPrintout(dataDir: string, suffix: string): string {
  const dir = join(dataDir, 'printouts');
  const found = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(suffix)) : [];
  expect(found, `printouts in ${dir}`).toHaveLength(1);
  return join(dir, found[0]!);
}

/** The page count the core gives for the same form, through the contract. */
async function pageCountOf(page: Page, serviceId: string, language: 'ky' | 'ru'): Promise<number> {
  return page.evaluate(async (input) => {
    const response = await fetch('/api/sampleForm', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const result = (await response.json()) as { ok: boolean; value: { pageCount: number } };
    return result.value.pageCount;
  }, { serviceId, language });
}

test('a citizen views the sample form of a service and prints it, in Kyrgyz and in Russian', async ({ browser }) => {
  const centralDir = tempDir('e2e-central-');
  const kioskDir = tempDir('e2e-kiosk-');
  const central: Running = await startCentral(centralDir);
  const kiosk: Running = await startKiosk({ dataDir: kioskDir, centralUrl: central.url });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();

  try {
    await page.goto(kiosk.url);

    await test.step('the service page opens the blank form, shown as a sheet', async () => {
      await page.getByTestId('category-passports').click();
      await page.getByTestId('service-id-card').click();
      await page.getByTestId('sample-form').click();
      const paper = page.getByTestId('sample-form-paper');
      await expect(paper).toContainText('ID-карта алуу');
      await expect(paper).toContainText('Толтуруу үлгүсү');
      await expect(paper.getByRole('heading', { level: 3 })).toHaveText([
        '1. Арызды ким берип жатат?',
        '2. Сиз менен кантип байланышсак болот?',
        '3. ID-картаны эмне үчүн алып жатасыз?',
      ]);
      await expect(page.getByTestId('sample-field-pin').locator('.blank-cell')).toHaveCount(14);
      await expect(page.getByTestId('sample-field-reason').locator('.blank-check')).toHaveCount(5);
      await expect(page.getByTestId('sample-field-lostCircumstances')).toContainText('«Жоголду же уурдалды»');
      // No PDF viewer on screen: the sheet is HTML.
      await expect(page.locator('embed, object, iframe')).toHaveCount(0);
      await shoot(page, '24-sample-form');
    });

    await test.step('printing without a printer saves the PDF and says to ask a clerk', async () => {
      await page.getByTestId('print-sample-form').click();
      await expect(page.getByTestId('print-outcome')).toContainText('принтер орнотулган эмес');
      const facts = pdfFacts(savedPrintout(kioskDir, '-id-card-ky.pdf'));
      expect(facts.text).toContain('ID-карта алуу');
      expect(facts.text).toContain('Арызды ким берип жатат?');
      expect(facts.title).toContain('ID-карта алуу');
      expect(facts.pages).toBe(await pageCountOf(page, 'id-card', 'ky'));
      await shoot(page, '25-sample-form-saved');
    });

    await test.step('back on the service page, the same in Russian', async () => {
      await page.getByTestId('back').click();
      await expect(page.getByTestId('start-application')).toBeVisible();
      await page.getByTestId('lang-ru').click();
      await page.getByTestId('sample-form').click();
      await expect(page.getByTestId('sample-form-paper')).toContainText('Получение ID-карты');
      await expect(page.getByTestId('sample-form-paper')).toContainText('Кто подаёт заявление?');
      await page.getByTestId('print-sample-form').click();
      await expect(page.getByTestId('print-outcome')).toContainText('Обратитесь к сотруднику');
      const facts = pdfFacts(savedPrintout(kioskDir, '-id-card-ru.pdf'));
      expect(facts.text).toContain('Получение ID-карты');
      expect(facts.text).toContain('Образец для заполнения');
      expect(facts.pages).toBe(await pageCountOf(page, 'id-card', 'ru'));
    });
  } finally {
    await context.close();
    await kiosk.stop();
    await central.stop();
  }
});
