import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { makeEnrollmentCode, startCentral, startKiosk, tempDir } from './processes';
import { LANDSCAPE, PORTRAIT } from './screens';

const seed = readFileSync('/work/shared/seed/user-agreement.ky.txt', 'utf8');
const terms = { version: 2, effectiveAt: '2026-11-01T00:00:00+06:00', agreement: { ky: seed, ru: 'Пользовательское соглашение\n\n 1. Общие положения\n\n  1. Текст.' }, privacy: { ky: ' 1. Жеке маалыматтар\n\n  1. МКК маалыматтарды сактайт.\n   • ПИН\n   • телефон', ru: ' 1. Персональные данные\n\n  1. Текст.' } };
const account = { login: 'aigul.asanova', fullName: 'Асанова Айгүл Бакытовна', pin: '12505199012345', phone: '+996555123456', createdAt: '2026-11-20T10:00:00+06:00', verified: false, termsVersion: 2 };
let state: unknown = { status: 'signedOut' };
const cabinet = {
  account,
  applications: [
    { applicationId: '11111111-1111-4111-8111-111111111111', lookupCode: 'ABCDEFGHJKMN', registrationNumber: 'МКК-2026-000123', serviceId: 'id-card', variantId: 'standard', submittedAt: '2026-11-21T11:00:00+06:00', state: 'documentsNeeded', history: [
      { state: 'received', at: '2026-11-21T11:05:00+06:00', reason: null },
      { state: 'documentsNeeded', at: '2026-11-22T09:00:00+06:00', reason: { ky: 'Туулгандыгы тууралуу күбөлүктүн түп нускасын алып келиңиз.', ru: 'Принесите оригинал свидетельства о рождении.' } }] },
    { applicationId: '22222222-2222-4222-8222-222222222222', lookupCode: 'PQRSTUVWXYZ2', registrationNumber: null, serviceId: 'real-estate-rights', variantId: 'individual', submittedAt: '2026-11-24T15:00:00+06:00', state: 'notReceived', history: [] },
  ],
  drafts: [{ id: '33333333-3333-4333-8333-333333333333', serviceId: 'id-card', variantId: 'standard', formId: 'id-card', formVersion: 1, answers: {}, pageId: null, language: 'ky', updatedAt: '2026-11-23T10:00:00+06:00' }],
  notices: [{ id: '44444444-4444-4444-8444-444444444444', sentAt: '2026-11-22T10:00:00+06:00', title: { ky: 'Арызыңыз боюнча кошумча документ керек', ru: 'Нужен дополнительный документ' }, body: { ky: 'Кеңсеге туулгандыгы тууралуу күбөлүктүн түп нускасын алып келиңиз.', ru: 'Принесите в офис оригинал свидетельства о рождении.' }, readAt: null }],
};

async function fake(page: Page) {
  await page.route('**/api/*', async (route) => {
    const method = new URL(route.request().url()).pathname.split('/').pop();
    const ok = (value: unknown) => route.fulfill({ json: { ok: true, value } });
    switch (method) {
      case 'getAccountState': return ok(state);
      case 'getTerms': return ok(terms);
      case 'login': case 'register': case 'restoreAccount': state = { status: 'signedIn', account }; return ok(state);
      case 'getCabinet': return ok(cabinet);
      case 'logout': state = { status: 'signedOut' }; return ok(state);
      default: return route.continue();
    }
  });
}

test('scratch', async ({ browser }) => {
  const centralDir = tempDir('e2e-scratch-central-');
  const central = await startCentral(centralDir);
  const kiosk = await startKiosk({ dataDir: tempDir('e2e-scratch-kiosk-'), centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  const context = await browser.newContext({ viewport: PORTRAIT });
  const page = await context.newPage();
  await fake(page);
  const snap = async (name: string, full = false) => {
    for (const [o, v] of [['p', PORTRAIT], ['l', LANDSCAPE]] as const) {
      await page.setViewportSize(v);
      await page.screenshot({ path: `/tmp/shots/${name}-${o}.png`, fullPage: full });
    }
    await page.setViewportSize(PORTRAIT);
  };
  try {
    await page.goto(kiosk.url);
    await expect(page.getByTestId('home-catalog')).toBeVisible();
    await snap('home');
    await page.getByTestId('home-register').click();
    await expect(page.getByTestId('terms-text')).toBeVisible();
    await snap('terms');
    await page.getByTestId('terms-continue').click();
    await snap('terms-error');
    await page.getByTestId('terms-accept').check();
    await page.getByTestId('terms-continue').click();
    await page.getByTestId('register-login').fill('1a');
    await page.getByTestId('register-password').fill('aaaa');
    await snap('register-typing');
    await page.getByTestId('register-submit').click();
    await snap('register-errors');
    await page.getByTestId('register-login').fill('aigul.asanova');
    await page.getByTestId('register-password').fill('Тоо-суу 2026 жаз');
    await page.getByTestId('register-fullName').fill('Асанова Айгүл Бакытовна');
    await page.getByTestId('register-pin').fill('12505199012345');
    await page.getByTestId('register-phone').fill('0555123456');
    await page.getByTestId('register-password-show').click();
    await snap('register-filled');
    await page.getByTestId('register-submit').click();
    await expect(page.getByTestId('cabinet')).toBeVisible();
    await snap('cabinet');
    await snap('cabinet-full', true);
    await page.getByTestId('cabinet-application-ABCDEFGHJKMN').click();
    await snap('cabinet-app');
    await page.getByTestId('back-to-cabinet').click();
    await page.getByTestId('go-delete-account').click();
    await snap('delete');
    await page.getByTestId('delete-cancel').click();
    await page.getByTestId('go-report-misuse').click();
    await snap('misuse');
    await page.getByTestId('misuse-cancel').click();
    await page.getByTestId('go-change-password').click();
    await page.getByTestId('new-password').fill('abc');
    await snap('change-password');
  } finally {
    await context.close();
    await kiosk.stop();
    await central.stop();
  }
});
