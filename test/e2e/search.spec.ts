import { expect, test, type Page } from '@playwright/test';
import { makeEnrollmentCode, startCentral, startKiosk, tempDir } from './processes';
import { PORTRAIT, shoot } from './screens';

/**
 * A citizen who does not know which category holds what types a word on the
 * home screen: in Kyrgyz, in Russian, or in Latin letters; the matching
 * services appear as they type, best first, with the matched words marked.
 */
const results = (page: Page) => page.locator('[data-testid^="search-result-"]');

test('a citizen finds a service by typing, in Kyrgyz, in Latin letters and in Russian', async ({ browser }) => {
  const centralDir = tempDir('e2e-central-');
  const central = await startCentral(centralDir);
  const kiosk = await startKiosk({ dataDir: tempDir('e2e-kiosk-'), centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  await page.goto(kiosk.url);

  try {
    await test.step('the search box is above the categories, labelled in Kyrgyz', async () => {
      const input = page.getByTestId('search-input');
      await expect(input).toBeVisible();
      await expect(page.getByLabel('Кызматты издөө')).toBeVisible();
      await expect(page.getByTestId('category-passports')).toBeVisible();
      const boxTop = (await input.boundingBox())!.y;
      const tilesTop = (await page.getByTestId('home-catalog').boundingBox())!.y;
      expect(boxTop).toBeLessThan(tilesTop);
      await expect(page.getByTestId('search-clear')).toHaveCount(0);
    });

    await test.step('a Kyrgyz word typed with О for Ө finds the service, its match marked, in place of the tiles', async () => {
      await page.getByTestId('search-input').fill('никени каттоо');
      await expect(results(page).first()).toHaveAttribute('data-testid', 'search-result-marriage-registration');
      await expect(page.getByTestId('home-catalog')).toHaveCount(0);
      const first = results(page).first();
      await expect(first).toContainText('Никени каттоо');
      await expect(first.locator('mark').first()).toHaveText('Никени');
      await expect(page.getByTestId('search-results')).toContainText(/\d+ кызмат табылды/);

      await page.getByTestId('search-input').fill('торолуу');
      await expect(results(page).first()).toHaveAttribute('data-testid', 'search-result-birth-registration');
      await expect(results(page).first().locator('mark').first()).toHaveText('Төрөлүү');
      // Enter ("Даяр") puts the keyboard away, so the results fill the screen.
      await page.getByTestId('search-input').press('Enter');
      await expect(page.getByTestId('search-input')).not.toBeFocused();
      await expect(page.getByTestId('search-input')).toHaveValue('торолуу');
      await shoot(page, '20-search');
    });

    await test.step('clearing the box brings the categories back', async () => {
      await page.getByTestId('search-clear').click();
      await expect(page.getByTestId('search-input')).toHaveValue('');
      await expect(page.getByTestId('search-input')).toBeFocused();
      await expect(page.getByTestId('category-passports')).toBeVisible();
      await expect(results(page)).toHaveCount(0);
    });

    await test.step('a word nobody wrote says so and offers the categories', async () => {
      await page.getByTestId('search-input').fill('жжжжжж');
      await expect(page.getByTestId('search-nothing-found')).toContainText('«жжжжжж» боюнча эч нерсе табылган жок.');
      await expect(page.getByTestId('search-nothing-found')).toContainText('бөлүмдөрдүн бирин тандаңыз');
      await expect(page.getByTestId('category-passports')).toBeVisible();
    });

    await test.step('Latin "pasport" finds the passport; a tap opens the service', async () => {
      await page.getByTestId('search-input').fill('pasport');
      await expect(results(page).first()).toHaveAttribute('data-testid', 'search-result-foreign-passport');
      await expect(results(page).first().locator('mark').first()).toHaveText('паспорт');
      await expect(page.getByTestId('search-result-id-card')).toBeVisible();
      await results(page).first().click();
      await expect(page.locator('h1')).toHaveText('Чет өлкөгө чыгуучу паспорт');
      await expect(page.locator('main')).toContainText(/885\s*сом/);
    });

    await test.step('exit forgets the search: the next person sees an empty box and the categories', async () => {
      await page.getByTestId('exit').click();
      await expect(page.getByTestId('home-catalog')).toBeVisible();
      await expect(page.getByTestId('search-input')).toHaveValue('');
      await expect(results(page)).toHaveCount(0);
    });

    await test.step('in Russian, the results read in Russian with the Russian word marked', async () => {
      await page.getByTestId('lang-ru').click();
      await expect(page.getByLabel('Поиск услуги')).toBeVisible();
      await page.getByTestId('search-input').fill('брак');
      const first = results(page).first();
      await expect(first).toHaveAttribute('data-testid', 'search-result-marriage-registration');
      await expect(first).toContainText('Регистрация брака');
      await expect(first.locator('mark').first()).toHaveText('брак');
      await expect(page.getByTestId('search-results')).toContainText(/Найден[аоы]? \d+ услуг/);
    });

    await test.step('a very long input is cut short and the screen stays usable', async () => {
      await page.getByTestId('search-input').fill('паспорт '.repeat(70));
      expect((await page.getByTestId('search-input').inputValue()).length).toBeLessThanOrEqual(100);
      await expect(results(page).first()).toHaveAttribute('data-testid', 'search-result-foreign-passport');
    });
  } finally {
    await context.close().catch(() => {});
    await kiosk.stop();
    await central.stop();
  }
});
