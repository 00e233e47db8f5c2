import { expect, test, type Locator, type Page } from '@playwright/test';
import { makeEnrollmentCode, startCentral, startKiosk, tempDir } from './processes';
import { LANDSCAPE, PORTRAIT, shoot } from './screens';

/**
 * A citizen at a kiosk with no keyboard fills the ID card application with
 * the on-screen keyboard only: Kyrgyz letters for names, the digits pad for
 * the ПИН and the date, the phone pad, a condition that shows a long text
 * field; the field typed into is never under the keyboard.
 */

/** Types with the on-screen keys only: Shift for a capital, the space bar for a space. */
async function tapKeys(page: Page, text: string): Promise<void> {
  for (const char of text) {
    if (char === ' ') {
      await page.getByTestId('osk-space').click();
      continue;
    }
    const lower = char.toLocaleLowerCase('ky');
    if (lower !== char) await page.getByTestId('osk-shift').click();
    await page.getByTestId(`osk-key-${lower}`).click();
  }
}

/** The field is on screen and wholly above the keyboard (and below the sticky header). */
async function expectUncovered(page: Page, field: Locator): Promise<void> {
  await expect(async () => {
    const box = await field.boundingBox();
    const keyboard = await page.getByTestId('osk').boundingBox();
    const header = await page.locator('.header').boundingBox();
    expect(box && keyboard && header).toBeTruthy();
    expect(box!.y + box!.height).toBeLessThanOrEqual(keyboard!.y);
    expect(box!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
  }).toPass({ timeout: 5_000 });
}

/** In both kiosk orientations: the field stays uncovered, and so does Continue. */
async function expectUncoveredInBothOrientations(page: Page, field: Locator): Promise<void> {
  for (const viewport of [LANDSCAPE, PORTRAIT]) {
    await page.setViewportSize(viewport);
    await expect(field).toBeFocused();
    await expectUncovered(page, field);
    await expectUncovered(page, page.getByTestId('continue'));
  }
}

test('a form is filled with the on-screen keyboard only, and the field typed into is never hidden', async ({ browser }) => {
  const centralDir = tempDir('e2e-osk-central-');
  const central = await startCentral(centralDir);
  const kiosk = await startKiosk({ dataDir: tempDir('e2e-osk-kiosk-'), centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  const keyboard = page.getByTestId('osk');

  try {
    await page.goto(kiosk.url);
    await page.getByTestId('category-passports').click();
    await page.getByTestId('service-id-card').click();
    await page.getByTestId('variant-standard').check();
    await page.getByTestId('start-application').click();
    await expect(page.getByTestId('progress')).toContainText('1');

    await test.step('no keyboard until a field is tapped; then the Kyrgyz layout, with Ң Ө Ү of their own', async () => {
      await expect(keyboard).toHaveCount(0);
      await page.getByTestId('field-surname').click();
      await expect(keyboard).toBeVisible();
      await expect(keyboard).toHaveAttribute('role', 'group');
      await expect(keyboard).toHaveAccessibleName('Экрандагы баскычтоп');
      for (const letter of ['ң', 'ө', 'ү', 'й', 'ё']) await expect(page.getByTestId(`osk-key-${letter}`)).toBeVisible();
      await expect(page.getByTestId('osk-backspace')).toHaveAccessibleName('Акыркы белгини өчүрүү');
      await expect(page.getByTestId('osk-done')).toHaveText('Даяр');
      await expect(page.getByTestId('osk-space')).toHaveText('Боштук');
      const keyHeight = (await page.getByTestId('osk-key-ң').boundingBox())?.height ?? 0;
      expect(keyHeight).toBeGreaterThanOrEqual(56);
    });

    await test.step('the surname is typed with Shift for a capital Ү, and the caret stays in the field', async () => {
      await page.getByTestId('osk-shift').click();
      await expect(page.getByTestId('osk-shift')).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByTestId('osk-key-ү')).toHaveText('Ү');
      await page.getByTestId('osk-key-ү').click();
      // Shift was for one letter: the keys are small letters again.
      await expect(page.getByTestId('osk-key-ү')).toHaveText('ү');
      await tapKeys(page, 'сөнова');
      await expect(page.getByTestId('field-surname')).toHaveValue('Үсөнова');
      await expect(page.getByTestId('field-surname')).toBeFocused();
      await expectUncoveredInBothOrientations(page, page.getByTestId('field-surname'));
    });

    await test.step('a mistyped letter is taken back with Backspace', async () => {
      await page.getByTestId('field-givenName').click();
      await expect(keyboard).toHaveAttribute('data-layout', 'ky');
      await tapKeys(page, 'Айгүлл');
      await page.getByTestId('osk-backspace').click();
      await expect(page.getByTestId('field-givenName')).toHaveValue('Айгүл');
      await shoot(page, '23-keyboard-form');
    });

    await test.step('holding Backspace keeps deleting', async () => {
      const patronymic = page.getByTestId('field-patronymic');
      await patronymic.click();
      await tapKeys(page, 'ааааа');
      await expect(patronymic).toHaveValue('ааааа');
      const backspace = await page.getByTestId('osk-backspace').boundingBox();
      await page.mouse.move(backspace!.x + backspace!.width / 2, backspace!.y + backspace!.height / 2);
      await page.mouse.down();
      await expect(patronymic).toHaveValue('');
      await page.mouse.up();
      await expect(patronymic).toBeFocused();
    });

    await test.step('the ПИН gets the digits pad, with no letters', async () => {
      await page.getByTestId('field-pin').click();
      await expect(keyboard).toHaveAttribute('data-layout', 'digits');
      await expect(page.getByTestId('osk-key-7')).toBeVisible();
      await expect(page.getByTestId('osk-key-ң')).toHaveCount(0);
      await expect(page.getByTestId('osk-space')).toHaveCount(0);
      await tapKeys(page, '12505199012345');
      // The field holds 14 digits: one more key changes nothing.
      await tapKeys(page, '9');
      await expect(page.getByTestId('field-pin')).toHaveValue('12505199012345');
      await expectUncoveredInBothOrientations(page, page.getByTestId('field-pin'));
    });

    await test.step('the date of birth, box by box, on the digits pad', async () => {
      for (const [part, digits] of [
        ['day', '25'],
        ['month', '05'],
        ['year', '1990'],
      ] as const) {
        const box = page.getByTestId(`field-birthDate-${part}`);
        await box.click();
        await expect(keyboard).toHaveAttribute('data-layout', 'digits');
        await tapKeys(page, digits);
        await expect(box).toHaveValue(digits);
      }
      await expectUncoveredInBothOrientations(page, page.getByTestId('field-birthDate-year'));
    });

    await test.step('Done puts the keyboard away; Continue is reachable', async () => {
      await page.getByTestId('osk-done').click();
      await expect(keyboard).toHaveCount(0);
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('progress')).toContainText('2');
    });

    await test.step('the phone is typed on the phone pad, with its plus', async () => {
      await page.getByTestId('field-phone').click();
      await expect(keyboard).toHaveAttribute('data-layout', 'tel');
      await expect(page.getByTestId('osk-key-+')).toBeVisible();
      await tapKeys(page, '+996700123456');
      await expect(page.getByTestId('field-phone')).toHaveValue('+996700123456');
      await expectUncoveredInBothOrientations(page, page.getByTestId('field-phone'));
      // Continue straight from the keyboard: the button is under the finger when it lifts.
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('progress')).toContainText('3');
    });

    await test.step('tapping "lost" shows the circumstances field, typed in Kyrgyz', async () => {
      await page.getByTestId('field-reason-lost').click();
      await expect(keyboard).toHaveCount(0);
      const circumstances = page.getByTestId('field-lostCircumstances');
      // On a Russian screen the letters are Russian ЙЦУКЕН with Ё, and the keys speak Russian.
      await page.getByTestId('lang-ru').click();
      await circumstances.click();
      await expect(keyboard).toHaveAttribute('data-layout', 'ru');
      await expect(page.getByTestId('osk-key-ё')).toBeVisible();
      await expect(page.getByTestId('osk-key-ң')).toHaveCount(0);
      await expect(page.getByTestId('osk-done')).toHaveText('Готово');
      await expect(keyboard).toHaveAccessibleName('Экранная клавиатура');
      await page.getByTestId('lang-ky').click();
      await expect(keyboard).toHaveCount(0);
      await circumstances.click();
      await expect(keyboard).toHaveAttribute('data-layout', 'ky');
      // Latin is one key away, and back.
      await page.getByTestId('osk-layout-latin').click();
      await expect(keyboard).toHaveAttribute('data-layout', 'latin');
      await expect(page.getByTestId('osk-key-q')).toBeVisible();
      await page.getByTestId('osk-layout-cyrillic').click();
      await expect(page.getByTestId('osk-key-ң')).toBeVisible();
      await tapKeys(page, 'Базарда жоготуп алдым.');
      await expect(circumstances).toHaveValue('Базарда жоготуп алдым.');
      await expectUncoveredInBothOrientations(page, circumstances);
      await page.getByTestId('osk-done').click();
      await page.getByTestId('continue').click();
    });

    await test.step('review shows what was typed', async () => {
      await expect(page.getByTestId('submit')).toBeVisible();
      const main = page.locator('main');
      await expect(main).toContainText('Үсөнова');
      await expect(main).toContainText('Айгүл');
      await expect(main).toContainText('12505199012345');
      await expect(main).toContainText('25.05.1990');
      await expect(main).toContainText(/\+996\s?700\s?123\s?456/);
      await expect(main).toContainText('Базарда жоготуп алдым.');
    });
  } finally {
    await context.close().catch(() => {});
    await kiosk.stop();
    await central.stop();
  }
});

test('a person is added to a repeatable group with the on-screen keyboard', async ({ browser }) => {
  const centralDir = tempDir('e2e-osk-central-');
  const central = await startCentral(centralDir);
  const kiosk = await startKiosk({ dataDir: tempDir('e2e-osk-kiosk-'), centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  const keyboard = page.getByTestId('osk');

  try {
    await page.goto(kiosk.url);
    await page.getByTestId('category-address').click();
    await page.getByTestId('service-address-registration').click();
    // One variant only: it is shown, not chosen.
    await page.getByTestId('start-application').click();

    await test.step('the pages before the group (the applicant is not what this test is about)', async () => {
      await page.getByTestId('field-surname').fill('Үсөнова');
      await page.getByTestId('field-givenName').fill('Айгүл');
      await page.getByTestId('field-pin').fill('12505199012345');
      await page.getByTestId('field-birthDate-day').fill('25');
      await page.getByTestId('field-birthDate-month').fill('05');
      await page.getByTestId('field-birthDate-year').fill('1990');
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('progress')).toContainText('2');
    });

    await test.step('a document number opens the Latin layout in capitals', async () => {
      await page.getByTestId('field-idDocumentNumber').click();
      await expect(page.getByTestId('osk-shift')).toHaveAttribute('data-state', 'caps');
      await expect(page.getByTestId('osk-layout-cyrillic')).toBeVisible();
      await expect(page.getByTestId('osk-key-i')).toHaveText('I');
      // Caps stays on: each key types its capital.
      for (const key of 'id1234567') await page.getByTestId(`osk-key-${key}`).click();
      await expect(page.getByTestId('field-idDocumentNumber')).toHaveValue('ID1234567');
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('progress')).toContainText('3');
    });

    await test.step('the address is chosen from lists; the keyboard is not in the way of a list', async () => {
      for (const part of ['region', 'district', 'settlement'] as const) {
        const list = page.getByTestId(`field-registrationAddress-${part}`);
        await expect(list).toBeEnabled();
        if ((await list.inputValue()) === '') await list.selectOption({ index: 1 });
      }
      await expect(keyboard).toHaveCount(0);
      await page.getByTestId('field-registrationAddress-street').click();
      await expect(keyboard).toHaveAttribute('data-layout', 'ky');
      await tapKeys(page, 'Токтогул 1');
      await expect(page.getByTestId('field-registrationAddress-street')).toHaveValue('Токтогул 1');
      await page.getByTestId('continue').click();
      await page.getByTestId('field-othersRegister-yes').click();
      await page.getByTestId('continue').click();
    });

    await test.step('"add a person" opens the new card with the keyboard on its first question', async () => {
      await page.getByTestId('field-familyMembers-add').click();
      const surname = page.getByTestId('field-familyMembers-0-surname');
      await expect(surname).toBeFocused();
      await expect(keyboard).toHaveAttribute('data-layout', 'ky');
      await tapKeys(page, 'Үсөнов');
      await page.getByTestId('field-familyMembers-0-givenName').click();
      await tapKeys(page, 'Бакыт');
      for (const [part, digits] of [
        ['day', '01'],
        ['month', '02'],
        ['year', '2015'],
      ] as const) {
        await page.getByTestId(`field-familyMembers-0-birthDate-${part}`).click();
        await expect(keyboard).toHaveAttribute('data-layout', 'digits');
        await tapKeys(page, digits);
      }
      const pin = page.getByTestId('field-familyMembers-0-pin');
      await pin.click();
      await expect(keyboard).toHaveAttribute('data-layout', 'digits');
      await tapKeys(page, '20102201500001');
      await expectUncoveredInBothOrientations(page, pin);
      // A tap on a list puts the keyboard away: there is nothing to type.
      const relation = page.getByTestId('field-familyMembers-0-relation');
      await relation.click();
      await expect(keyboard).toHaveCount(0);
      await relation.selectOption('child');
      await expect(page.getByTestId('field-familyMembers-0-surname')).toHaveValue('Үсөнов');
      await expect(page.getByTestId('field-familyMembers-0-givenName')).toHaveValue('Бакыт');
      await page.getByTestId('continue').click();
    });

    await test.step('the rest of the form, and review lists the person as typed', async () => {
      await page.getByTestId('field-housingBasis-owner').click();
      await page.getByTestId('continue').click();
      await page.getByTestId('field-militaryLiable-no').click();
      await page.getByTestId('continue').click();
      await page.getByTestId('field-phone').click();
      await tapKeys(page, '+996700123456');
      await page.getByTestId('continue').click();
      await expect(page.getByTestId('submit')).toBeVisible();
      const main = page.locator('main');
      await expect(main).toContainText('Үсөнов');
      await expect(main).toContainText('Бакыт');
      await expect(main).toContainText('20102201500001');
      await expect(main).toContainText('ID1234567');
      await expect(main).toContainText('Токтогул 1');
    });
  } finally {
    await context.close().catch(() => {});
    await kiosk.stop();
    await central.stop();
  }
});
