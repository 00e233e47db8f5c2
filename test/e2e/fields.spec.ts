import { expect, test, type Page } from '@playwright/test';
import { startKiosk, tempDir, type Running } from './processes';
import { PORTRAIT, shoot } from './screens';

/**
 * The richer field types as a citizen meets them, in Kyrgyz: the address as
 * three cascading lists and a street line, and family members as a group of
 * person cards — added, removed, a wrong ПИН explained inside its card — and
 * all of it read back on the review page.
 */
async function next(page: Page): Promise<void> {
  await page.getByTestId('continue').click();
}

async function fillPerson(page: Page, index: number, person: { surname: string; name: string; day: string; month: string; year: string; pin: string; relation: string }) {
  const field = (sub: string) => page.getByTestId(`field-familyMembers-${index}-${sub}`);
  await field('surname').fill(person.surname);
  await field('givenName').fill(person.name);
  await field('birthDate-day').fill(person.day);
  await field('birthDate-month').fill(person.month);
  await field('birthDate-year').fill(person.year);
  await field('pin').fill(person.pin);
  await field('relation').selectOption(person.relation);
}

test('a citizen registers at an address chosen from the lists, with family members added as person cards', async ({ browser }) => {
  // No central service: the form works the same offline.
  const kiosk: Running = await startKiosk({ dataDir: tempDir('e2e-fields-kiosk-'), centralUrl: 'http://127.0.0.1:9' });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  try {
    await page.goto(kiosk.url);
    await page.getByTestId('category-address').click();
    await page.getByTestId('service-address-registration').click();
    await page.getByTestId('start-application').click();

    await test.step('the applicant and the passport', async () => {
      await page.getByTestId('field-surname').fill('Асанова');
      await page.getByTestId('field-givenName').fill('Айгүл');
      await page.getByTestId('field-pin').fill('12505199012345');
      await page.getByTestId('field-birthDate-day').fill('25');
      await page.getByTestId('field-birthDate-month').fill('05');
      await page.getByTestId('field-birthDate-year').fill('1990');
      await next(page);
      await page.getByTestId('field-idDocumentNumber').fill('ID1234567');
      await next(page);
    });

    await test.step('the address: region, then its districts, then their settlements', async () => {
      const district = page.getByTestId('field-registrationAddress-district');
      await expect(district).toBeDisabled();
      await page.getByTestId('field-registrationAddress-region').selectOption('chuy');
      await expect(district.locator('option')).toContainText(['Тандаңыз', 'Аламүдүн району', 'Кемин району', 'Токмок шаары']);
      await expect(district.locator('option', { hasText: 'Ноокат району' })).toHaveCount(0);
      await next(page);
      await expect(page.getByTestId('error-summary')).toBeFocused();
      await expect(page.getByTestId('error-registrationAddress')).toContainText('Районду тандаңыз');
      await page.getByTestId('error-summary').getByRole('link').first().click();
      await expect(district).toBeFocused();

      await district.selectOption('kemin-district');
      await page.getByTestId('field-registrationAddress-settlement').selectOption('orlovka');
      await page.getByTestId('field-registrationAddress-street').fill('Ленин көчөсү, 5, 12-батир');
      await expect(page.getByTestId('error-registrationAddress')).toHaveCount(0);
      await shoot(page, '22-address');
      await next(page);
    });

    await test.step('others register too: the group page opens', async () => {
      await page.getByTestId('field-othersRegister-yes').check();
      await next(page);
      await expect(page.locator('h1')).toContainText('үй-бүлө мүчөлөрү');
    });

    await test.step('three persons added, one removed, a ПИН that disagrees with the birth date explained in its card', async () => {
      await next(page);
      await expect(page.getByTestId('error-familyMembers')).toContainText('Кеминде 1 адамды кошуңуз');

      await page.getByTestId('field-familyMembers-add').click();
      await expect(page.getByTestId('field-familyMembers-0-surname')).toBeFocused();
      await fillPerson(page, 0, { surname: 'Асанов', name: 'Бекзат', day: '12', month: '03', year: '1988', pin: '21203198800011', relation: 'spouse' });
      await page.getByTestId('field-familyMembers-add').click();
      await fillPerson(page, 1, { surname: 'Асанова', name: 'Жаныл', day: '01', month: '01', year: '2000', pin: '10101200000022', relation: 'sibling' });
      await page.getByTestId('field-familyMembers-add').click();
      await fillPerson(page, 2, { surname: 'Асанов', name: 'Айбек', day: '12', month: '03', year: '2015', pin: '21203201600033', relation: 'child' });

      await page.getByTestId('field-familyMembers-remove-1').click();
      await expect(page.getByTestId('field-familyMembers-add')).toBeFocused();
      await expect(page.locator('.person-card')).toHaveCount(2);
      await expect(page.getByTestId('field-familyMembers-1-givenName')).toHaveValue('Айбек');

      await next(page);
      await expect(page.getByTestId('error-summary')).toBeFocused();
      await expect(page.getByTestId('error-summary')).toContainText('2-адам');
      await expect(page.getByTestId('error-familyMembers-1-pin')).toContainText('ПИНдеги туулган күн');
      await expect(page.getByTestId('error-familyMembers-0-pin')).toHaveCount(0);
      await page.getByTestId('error-summary').getByRole('link').first().click();
      await expect(page.getByTestId('field-familyMembers-1-pin')).toBeFocused();
      await shoot(page, '21-person-group');

      await page.getByTestId('field-familyMembers-1-pin').fill('21203201500033');
      await expect(page.getByTestId('error-familyMembers-1-pin')).toHaveCount(0);
      await next(page);
    });

    await test.step('the rest of the form', async () => {
      await page.getByTestId('field-housingBasis-owner').check();
      await next(page);
      await page.getByTestId('field-militaryLiable-no').check();
      await next(page);
      await page.getByTestId('field-phone').fill('0555 123 456');
      await next(page);
    });

    await test.step('the review reads the address in words and lists both persons', async () => {
      await expect(page.getByTestId('review-value-registrationAddress')).toHaveText('Чүй облусу, Кемин району, Орловка, Ленин көчөсү, 5, 12-батир');
      const persons = page.getByTestId('review-value-familyMembers').locator('li');
      await expect(persons).toHaveCount(2);
      await expect(persons.nth(0)).toContainText('Бекзат');
      await expect(persons.nth(0)).toContainText('12.03.1988');
      await expect(persons.nth(0)).toContainText('Жубайым');
      await expect(persons.nth(1)).toContainText('Айбек');
      await expect(persons.nth(1)).toContainText('21203201500033');
      await expect(page.getByTestId('review-value-familyMembers')).not.toContainText('Жаныл');
    });
  } finally {
    await context.close();
    await kiosk.stop();
  }
});
