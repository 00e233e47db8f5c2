import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { makeEnrollmentCode, startCentral, startKiosk, tempDir, type Running } from './processes';
import { PORTRAIT, shoot } from './screens';

/**
 * The next person at the kiosk sees nothing of the last: the idle timer
 * warns, extends on one tap as often as needed, and at the end wipes the
 * session like the exit button does.
 */
let central: Running;
let kiosk: Running;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  const centralDir = tempDir('e2e-central-');
  central = await startCentral(centralDir);
  kiosk = await startKiosk({
    dataDir: tempDir('e2e-kiosk-'),
    centralUrl: central.url,
    enrollCode: makeEnrollmentCode(centralDir),
    idleSeconds: 3,
    idleWarningSeconds: 20,
  });
  // One kiosk screen: the launch address opens it once, and every test uses that page.
  context = await browser.newContext({ viewport: PORTRAIT });
  page = await context.newPage();
  await page.goto(kiosk.url);
});

test.afterAll(async () => {
  await context?.close();
  await kiosk?.stop();
  await central?.stop();
});

async function beginApplicationInRussian(): Promise<void> {
  await page.getByTestId('lang-ru').click();
  await page.getByTestId('category-passports').click();
  await page.getByTestId('service-id-card').click();
  await page.getByTestId('variant-standard').check();
  await page.getByTestId('start-application').click();
  await page.getByTestId('field-surname').fill('Токтогулова');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

async function expectNothingOfTheLastPerson(historyAtStart: number): Promise<void> {
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ky');
  await expect(page.getByTestId('exit')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('Токтогулова');
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
  // No screen of the last person is in the history for a back gesture to reach.
  expect(await page.evaluate(() => history.length)).toBe(historyAtStart);
  // Nor does a reload bring their draft back.
  await page.reload();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await expect(page.getByTestId('restored-notice')).toHaveCount(0);
}

test('the idle warning extends on one tap, any number of times, then wipes the session', async () => {
  const historyAtStart = await page.evaluate(() => history.length);
  await beginApplicationInRussian();

  for (let extension = 0; extension < 2; extension += 1) {
    await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('idle-continue')).toBeFocused();
    if (extension === 0) await shoot(page, '13-idle-warning');
    await page.getByTestId('idle-continue').click();
    await expect(page.getByTestId('idle-warning')).toHaveCount(0);
    await expect(page.getByTestId('field-surname')).toHaveValue('Токтогулова');
  }

  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 10_000 });
  // Nobody answers: at least 20 seconds of warning, then the session ends.
  await expect(page.getByTestId('home-catalog')).toBeVisible({ timeout: 40_000 });
  await expectNothingOfTheLastPerson(historyAtStart);
});

test('exit mid-form asks what to do with the answers; "delete" ends the session at once', async () => {
  const historyAtStart = await page.evaluate(() => history.length);
  await beginApplicationInRussian();
  await page.getByTestId('exit').click();
  const dialog = page.getByTestId('leave-dialog');
  await expect(dialog).toBeVisible();
  await shoot(page, '14-leave-dialog');
  // "Back to the form" keeps everything as it was.
  await page.getByTestId('leave-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('field-surname')).toHaveValue('Токтогулова');
  await page.getByTestId('exit').click();
  await page.getByTestId('leave-delete').click();
  await expectNothingOfTheLastPerson(historyAtStart);
});
