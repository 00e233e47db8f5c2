import { expect, test, type Browser, type Page } from '@playwright/test';
import { centralApplications, fillApplicant, startIdCardApplication } from './flows';
import { makeEnrollmentCode, portOf, startCentral, startKiosk, tempDir, type Running } from './processes';
import { PORTRAIT, shoot } from './screens';

/**
 * The walking skeleton as a citizen lives it, in Kyrgyz: catalog, service,
 * a form saved on every change, a real kiosk restart mid-form, review,
 * submit, the registration number from the central service; then an outage
 * of the central service with the application waiting and delivered once.
 */
async function open(browser: Browser, kiosk: Running): Promise<Page> {
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  await page.goto(kiosk.url);
  return page;
}

test('a citizen applies in Kyrgyz, survives a kiosk restart, and the application reaches the central service once', async ({ browser }) => {
  const centralDir = tempDir('e2e-central-');
  const kioskDir = tempDir('e2e-kiosk-');
  let central = await startCentral(centralDir);
  const enrollCode = makeEnrollmentCode(centralDir);
  let kiosk = await startKiosk({ dataDir: kioskDir, centralUrl: central.url, enrollCode });
  let page = await open(browser, kiosk);

  try {
    await test.step('the home screen is in Kyrgyz, with Russian one tap away', async () => {
      await expect(page.locator('html')).toHaveAttribute('lang', 'ky');
      await expect(page.getByTestId('lang-ky')).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByTestId('lang-ru')).toHaveAttribute('aria-pressed', 'false');
      // The browser must not offer to machine-translate the page over the language switch.
      await expect(page.locator('html')).toHaveAttribute('translate', 'no');
      await expect(page.locator('meta[name="google"]')).toHaveAttribute('content', 'notranslate');
      await expect(page.getByTestId('category-passports')).toBeVisible();
      expect(await page.evaluate(() => document.fonts.check('24px "Noto Sans"', 'ҢҮӨңүө'))).toBe(true);
      await shoot(page, '01-home');
    });

    await test.step('the catalog shows the service with its price, term and documents', async () => {
      await expect(page.getByTestId('category-passports')).toContainText('Паспорт жана ID-карта');
      await page.getByTestId('category-passports').click();
      await expect(page.getByTestId('service-id-card')).toContainText('ID-карта алуу');
      await shoot(page, '03-services');
      await page.getByTestId('service-id-card').click();
      const main = page.locator('main');
      await expect(main).toContainText(/510\s*сом/);
      await expect(main).toContainText(/1\s300\s*сом/);
      await expect(main).toContainText(/12\s*иш күнү/);
      await expect(main).toContainText('Туулгандыгы тууралуу күбөлүк');
      // The office's phone and hours are on every service page.
      await expect(page.getByTestId('operator-contacts')).toContainText('9:00–18:00');
      await shoot(page, '04-service');
    });

    await test.step('the form is rendered from its definition; a wrong ПИН is explained in Kyrgyz and kept', async () => {
      await page.getByTestId('variant-standard').check();
      await page.getByTestId('start-application').click();
      await expect(page.getByTestId('progress')).toContainText('1');
      await expect(page.locator('main')).toContainText('Фамилиясы');
      await fillApplicant(page, '32505199012345');
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('error-summary')).toBeVisible();
      await expect(page.getByTestId('error-summary')).toBeFocused();
      await expect(page.getByTestId('error-pin')).toBeVisible();
      await expect(page.getByTestId('field-pin')).toHaveValue('32505199012345');
      await shoot(page, '05-form-error');
    });

    await test.step('switching to Russian mid-form changes the language in place and keeps what was typed', async () => {
      await page.getByTestId('lang-ru').click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
      await expect(page.locator('main')).toContainText('Фамилия');
      await expect(page.locator('main')).not.toContainText('Фамилиясы');
      await expect(page.getByTestId('field-surname')).toHaveValue('Асанова');
      await expect(page.getByTestId('field-givenName')).toHaveValue('Айгүл');
      await expect(page.getByTestId('field-pin')).toHaveValue('32505199012345');
      await shoot(page, '06-form-russian');
      await page.getByTestId('lang-ky').click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'ky');
      await expect(page.getByTestId('field-surname')).toHaveValue('Асанова');
    });

    await test.step('every change is saved as a draft at once', async () => {
      await page.getByTestId('field-pin').fill('12505199012345');
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('progress')).toContainText('2');
      await page.getByTestId('field-phone').fill('0555 123 456');
      await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
      await shoot(page, '07-form-contacts');
    });

    await test.step('the kiosk process is killed mid-form and started again: the draft is there', async () => {
      await page.context().close();
      await kiosk.stop('SIGKILL');
      kiosk = await startKiosk({ dataDir: kioskDir, centralUrl: central.url });
      page = await open(browser, kiosk);
      await expect(page.getByTestId('restored-notice')).toBeVisible();
      await expect(page.getByTestId('progress')).toContainText('2');
      await expect(page.getByTestId('field-phone')).toHaveValue('0555 123 456');
      await shoot(page, '08-restored');
    });

    await test.step('review lists every answer; a change returns to review', async () => {
      await page.getByTestId('continue').click();
      await page.getByTestId('field-reason-first').check();
      await page.getByTestId('continue').click();
      const main = page.locator('main');
      await expect(main).toContainText('Асанова');
      await expect(main).toContainText('12505199012345');
      await expect(main).toContainText('25.05.1990');
      await page.getByTestId('review-change-surname').click();
      await page.getByTestId('field-surname').fill('Асанбекова');
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('submit')).toBeVisible();
      await expect(main).toContainText('Асанбекова');
      await shoot(page, '09-review');
    });

    await test.step('submit: the receipt shows the local number, then the registration number from the central service', async () => {
      await page.getByTestId('consent').check();
      await page.getByTestId('submit').click();
      await expect(page.getByTestId('receipt-local-number')).toContainText(/[A-Z0-9]{4}-000001/);
      await expect(page.getByTestId('receipt-delivery')).toHaveAttribute('data-state', 'accepted');
      const stored = centralApplications(centralDir);
      expect(stored).toHaveLength(1);
      await expect(page.getByTestId('receipt-number')).toContainText(stored[0]!.registration_number);
      await shoot(page, '10-receipt');
    });

    await test.step('done ends the session: the next person starts clean, in Kyrgyz', async () => {
      await page.getByTestId('done').click();
      await expect(page.getByTestId('home-catalog')).toBeVisible();
      await startIdCardApplication(page);
      await expect(page.getByTestId('field-surname')).toHaveValue('');
      await expect(page.getByTestId('restored-notice')).toHaveCount(0);
    });

    await test.step('with the central service stopped, the application waits in the outbox and the screen says so', async () => {
      await central.stop();
      await fillApplicant(page, '22902200000001');
      await page.getByTestId('continue').click();
      await page.getByTestId('field-phone').fill('+996 700 123 456');
      await page.getByTestId('continue').click();
      await page.getByTestId('field-reason-lost').check();
      await page.getByTestId('field-lostCircumstances').fill('Базарда жоготуп алдым.');
      await page.getByTestId('continue').click();
      await page.getByTestId('consent').check();
      await page.getByTestId('submit').click();
      await expect(page.getByTestId('receipt-local-number')).toContainText(/-000002/);
      await expect(page.getByTestId('receipt-delivery')).toHaveAttribute('data-state', 'waiting');
      await expect(page.getByTestId('sync-state')).toHaveAttribute('data-online', 'false');
      await expect(page.getByTestId('sync-state')).toContainText('1');
      await shoot(page, '11-receipt-offline');
    });

    await test.step('when the service is back the application arrives exactly once and the kiosk shows its number', async () => {
      central = await startCentral(centralDir, portOf(central.url));
      await expect(page.getByTestId('receipt-delivery')).toHaveAttribute('data-state', 'accepted', { timeout: 30_000 });
      await expect(page.getByTestId('sync-state')).toHaveAttribute('data-online', 'true');
      const stored = centralApplications(centralDir);
      expect(stored).toHaveLength(2);
      expect(new Set(stored.map((a) => a.id)).size).toBe(2);
      await expect(page.getByTestId('receipt-number')).toContainText(stored[1]!.registration_number);
      await shoot(page, '12-receipt-delivered');
    });
  } finally {
    await page.context().close().catch(() => {});
    await kiosk.stop();
    await central.stop();
  }
});
