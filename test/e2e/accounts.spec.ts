import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  centralAdmin,
  expectNothingOfTheLastPerson,
  startIdCardApplication,
  registerAccount,
  signIn,
  submitIdCardApplication,
  type AccountDetails,
} from './flows';
import { makeEnrollmentCode, setCentralClockOffset, startCentral, startKiosk, tempDir, type Running } from './processes';
import { PORTRAIT, shoot } from './screens';

/**
 * Accounts as citizens live them, in Kyrgyz, against a real central
 * service: register with the terms read and accepted, exit and sign in
 * again, an application submitted while signed in found in the cabinet, a
 * new edition of the terms that must be accepted, deleting the account,
 * restoring it within the month, the purge after it and the login taken by
 * someone else; and after exit or the idle timeout the next person at the
 * kiosk finds nothing of the last one.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

const aigul: AccountDetails = {
  login: 'aigul.asanova',
  password: 'Тоо-суу 2026 жаз',
  fullName: 'Асанова Айгүл Бакытовна',
  pin: '12505199012345',
  phone: '0555 123 456',
};

/** Someone else, a month later, who wants the login the first owner let go. */
const bakyt: AccountDetails = {
  login: 'aigul.asanova',
  password: 'Ысык-Көл 1999 кыш',
  fullName: 'Токтогулов Бакыт Эркинович',
  pin: '21203198554321',
  phone: '+996 700 987 654',
};

let centralDir: string;
let clockFile: string;
let central: Running;
let kiosk: Running;
let context: BrowserContext;
let page: Page;
/** A second kiosk with a short idle timeout; stopped in afterAll too, should its test time out. */
let idleKiosk: Running | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  centralDir = tempDir('e2e-accounts-central-');
  clockFile = join(tempDir('e2e-accounts-clock-'), 'offset-ms');
  writeFileSync(clockFile, '0');
  central = await startCentral(centralDir, 0, { clockFile });
  kiosk = await startKiosk({ dataDir: tempDir('e2e-accounts-kiosk-'), centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  page = await context.newPage();
  await page.goto(kiosk.url);
  await expect(page.getByTestId('home-catalog')).toBeVisible();
});

test.afterAll(async () => {
  await idleKiosk?.stop();
  await context?.close();
  await kiosk?.stop();
  await central?.stop();
});

/** "Чыгуу" in the header, from wherever the citizen is. */
async function exit(): Promise<void> {
  await page.getByTestId('exit').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
}

/** A new edition of the terms, published by the operator with the admin CLI from a folder of the four texts. */
function publishTerms(edition: string): void {
  const dir = tempDir('e2e-accounts-terms-');
  const texts: Record<string, string> = {
    'agreement.ky.txt': `Колдонуучулук макулдашуу\n\n 1. Жалпы жоболор\n\n  1. Колдонуучулук макулдашуунун ${edition} редакциясы.\n 2. Колдонуучуну каттоо\n\n  1. Колдонуучу өзү тууралуу анык маалымат берет.`,
    'agreement.ru.txt': `Пользовательское соглашение\n\n 1. Общие положения\n\n  1. Редакция соглашения: ${edition}.`,
    'privacy.ky.txt': `Купуялуулук саясаты\n\n 1. Жеке маалыматтар\n\n  1. Купуялуулук саясатынын ${edition} редакциясы.`,
    'privacy.ru.txt': `Политика конфиденциальности\n\n 1. Персональные данные\n\n  1. Редакция политики: ${edition}.`,
  };
  for (const [name, text] of Object.entries(texts)) writeFileSync(join(dir, name), text);
  centralAdmin(centralDir, ['publish-terms', '--dir', dir, '--clock-file', clockFile]);
}

test('a citizen registers in Kyrgyz, exits, signs in again and finds an application in the cabinet', async () => {
  const historyAtStart = await page.evaluate(() => history.length);

  await test.step('the home screen offers the cabinet, and says applying needs no account', async () => {
    await expect(page.getByTestId('home-account')).toContainText('Жеке кабинет');
    await expect(page.getByTestId('home-account')).toContainText('милдеттүү эмес');
  });

  await test.step('the terms in full, in Kyrgyz, accepted only by ticking the box', async () => {
    await page.getByTestId('home-register').click();
    const terms = page.getByTestId('terms-text');
    await expect(terms).toBeVisible();
    await expect(page.getByTestId('terms-agreement').locator('h3').first()).toBeVisible();
    await expect(page.getByTestId('terms-privacy')).toContainText('Купуялуулук саясаты');
    await expect(page.getByTestId('terms-accept')).toBeEnabled();
    await expect(page.getByTestId('terms-accept')).not.toBeChecked();
    await shoot(page, '40-register-terms');
    await page.getByTestId('terms-continue').click();
    await expect(page.getByTestId('error-summary')).toContainText('кабыл алганыңызды белгилеңиз');
    await page.getByTestId('terms-accept').check();
    await page.getByTestId('terms-continue').click();
  });

  await test.step('the rules show before typing and are ticked off as the citizen types', async () => {
    const rules = page.getByTestId('password-rules');
    await expect(rules.locator('[data-state="pending"]')).toHaveCount(3);
    await page.getByTestId('register-login').fill('1aigul');
    await expect(page.getByTestId('login-rules').locator('[data-rule="start"]')).toHaveAttribute('data-state', 'unmet');
    await page.getByTestId('register-login').fill(aigul.login);
    await expect(page.getByTestId('login-rules').locator('[data-state="met"]')).toHaveCount(3);
    await page.getByTestId('register-password').fill('1234567890');
    await expect(rules.locator('[data-rule="simple"]')).toHaveAttribute('data-state', 'unmet');
    await page.getByTestId('register-submit').click();
    await expect(page.getByTestId('error-summary')).toContainText('табуу оңой');
    await expect(page.getByTestId('register-fullName-error')).toContainText('атыңызды');
    await page.getByTestId('register-password').fill(aigul.password);
    await expect(page.getByTestId('register-password-error')).toHaveCount(0);
    await page.getByTestId('register-password-show').click();
    await expect(page.getByTestId('register-password')).toHaveAttribute('type', 'text');
    await page.getByTestId('register-password-show').click();
    await expect(page.getByTestId('register-password')).toHaveAttribute('type', 'password');
    await page.getByTestId('register-fullName').fill(aigul.fullName);
    await page.getByTestId('register-pin').fill(aigul.pin);
    await page.getByTestId('register-phone').fill(aigul.phone);
    await page.getByTestId('register-phone').blur();
    await expect(page.getByTestId('osk')).toHaveCount(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, '41-register-details');
  });

  await test.step('registered and signed in: the cabinet, "Чыгуу" in the header', async () => {
    await page.getByTestId('register-submit').click();
    await expect(page.getByTestId('cabinet-message')).toHaveAttribute('data-message', 'registered');
    await expect(page.getByTestId('my-data-login')).toHaveText(aigul.login);
    await expect(page.getByTestId('my-data-pin')).toHaveText('••••••••••2345');
    await expect(page.getByTestId('my-data-verified')).toHaveAttribute('data-verified', 'false');
    await expect(page.getByTestId('header-cabinet')).toContainText(aigul.login);
    await expect(page.getByTestId('exit')).toBeVisible();
    // Russian one tap away, here too.
    await page.getByTestId('lang-ru').click();
    await expect(page.locator('h1')).toHaveText('Личный кабинет');
    await expect(page.getByTestId('my-data')).toContainText('Личность пока не подтверждена');
    await page.getByTestId('lang-ky').click();
    await expect(page.locator('h1')).toHaveText('Жеке кабинет');
  });

  await test.step('"Чыгуу" leaves nothing of the citizen behind', async () => {
    await exit();
    await expectNothingOfTheLastPerson(page, historyAtStart, [aigul.login, aigul.fullName]);
  });

  await test.step('the service\'s own answers land beside the login: taken, then forbidden', async () => {
    await registerAccount(page, { ...bakyt, login: aigul.login });
    await expect(page.getByTestId('register-login-error')).toContainText('башка бирөө колдонот');
    await expect(page.getByTestId('error-summary')).toContainText('башка бирөө колдонот');
    // What was typed stays; the message goes as soon as the login changes.
    await expect(page.getByTestId('register-fullName')).toHaveValue(bakyt.fullName);
    await page.getByTestId('register-login').fill('admin.bakyt');
    await expect(page.getByTestId('register-login-error')).toHaveCount(0);
    await page.getByTestId('register-submit').click();
    await expect(page.getByTestId('register-login-error')).toContainText('Мындай логинди колдонууга болбойт');
    await page.getByTestId('back').click();
    await page.getByTestId('back').click();
    await expect(page.getByTestId('home-catalog')).toBeVisible();
  });

  await test.step('a wrong password is refused without saying whether the login exists', async () => {
    await signIn(page, aigul.login, 'not-her-password-1');
    await expect(page.getByTestId('error-summary')).toContainText('Логин же сырсөз туура эмес');
    await expect(page.getByTestId('login-password')).toHaveValue('');
    await expect(page.getByTestId('osk')).toHaveCount(0);
    await shoot(page, '42-login');
    await page.getByTestId('login-login').fill('nobody.here');
    await page.getByTestId('login-password').fill('not-her-password-1');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('error-summary')).toContainText('Логин же сырсөз туура эмес');
    await page.getByTestId('login-login').fill(aigul.login);
    await page.getByTestId('login-password').fill(aigul.password);
    // The password is typed on the Latin layout of the on-screen keyboard.
    await expect(page.getByTestId('osk')).toHaveAttribute('data-layout', 'latin');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('cabinet-message')).toHaveAttribute('data-message', 'signedIn');
  });

  await test.step('an application submitted while signed in is in the cabinet', async () => {
    await page.getByTestId('cabinet-new-application').click();
    await expect(page.getByTestId('home-cabinet')).toBeVisible();
    await submitIdCardApplication(page, aigul.pin);
    await expect(page.getByTestId('receipt-in-cabinet')).toBeVisible();
    const lookupCode = (await page.getByTestId('receipt-lookup-code').innerText()).replace(/-/g, '');
    await page.getByTestId('receipt-cabinet').click();
    const card = page.getByTestId(`cabinet-application-${lookupCode}`);
    await expect(card).toBeVisible();
    await expect(card).toContainText('ID-карта');
    await shoot(page, '43-cabinet');
    await card.click();
    await expect(page.getByTestId('cabinet-application')).toBeVisible();
    await expect(page.getByTestId('status-state')).not.toBeEmpty();
    await page.getByTestId('back-to-cabinet').click();
  });

  await test.step('"Continue later" can keep an application in the account, beside the resume code', async () => {
    await page.getByTestId('cabinet-new-application').click();
    await startIdCardApplication(page);
    await page.getByTestId('field-surname').fill('Асанова');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
    await expect(page.getByTestId('continue-later')).toBeVisible();
    await page.getByTestId('save-to-account').click();
    await expect(page.getByTestId('draft-saved-to-account')).toContainText('Бүтпөгөн арыздар');
    await page.getByTestId('go-cabinet').click();
    await page.getByTestId('cabinet-draft-id-card').getByTestId('cabinet-draft-open').click();
    await expect(page.getByTestId('field-surname')).toHaveValue('Асанова');
    await page.getByTestId('field-givenName').fill('Айгүл');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  });

  await test.step('exit with the application open offers to keep it in the account, then signs out', async () => {
    await page.getByTestId('exit').click();
    await expect(page.getByTestId('leave-dialog')).toBeVisible();
    await page.getByTestId('leave-save-account').click();
    await expect(page.getByTestId('home-catalog')).toBeVisible();
    await expect(page.getByTestId('home-login')).toBeVisible();
    await expect(page.locator('body')).not.toContainText(aigul.login);
  });
});

test('a new edition of the terms must be accepted at the next sign-in; declining signs out', async () => {
  publishTerms('экинчи');
  await test.step('after sign-in the new edition in full, nothing else until it is answered', async () => {
    await signIn(page, aigul.login, aigul.password);
    await expect(page.getByTestId('new-terms')).toBeVisible();
    await expect(page.getByTestId('terms-agreement')).toContainText('экинчи редакциясы');
    await shoot(page, '44-new-terms');
    await page.getByTestId('new-terms-accept').click();
    await expect(page.getByTestId('error-summary')).toBeVisible();
    await page.getByTestId('terms-accept').check();
    await page.getByTestId('new-terms-accept').click();
    await expect(page.getByTestId('cabinet-message')).toHaveAttribute('data-message', 'termsAccepted');
    // The application kept in the account at the last exit waits here, with both names typed.
    await page.getByTestId('cabinet-draft-id-card').getByTestId('cabinet-draft-open').click();
    await expect(page.getByTestId('field-givenName')).toHaveValue('Айгүл');
    await page.getByTestId('exit').click();
    await page.getByTestId('leave-delete').click();
    await expect(page.getByTestId('home-login')).toBeVisible();
  });

  publishTerms('үчүнчү');
  await test.step('declining the next edition signs out and returns home', async () => {
    await signIn(page, aigul.login, aigul.password);
    await expect(page.getByTestId('new-terms')).toBeVisible();
    await page.getByTestId('new-terms-decline').click();
    await expect(page.getByTestId('home-catalog')).toBeVisible();
    await expect(page.getByTestId('home-login')).toBeVisible();
    await expect(page.getByTestId('header-cabinet')).toHaveCount(0);
  });

  await test.step('accepted at the sign-in after', async () => {
    await signIn(page, aigul.login, aigul.password);
    await page.getByTestId('terms-accept').check();
    await page.getByTestId('new-terms-accept').click();
    await expect(page.getByTestId('cabinet')).toBeVisible();
    await exit();
  });
});

test('after the idle timeout the next person sees nothing of the last, not even with the back button', async ({ browser }) => {
  idleKiosk = await startKiosk({
    dataDir: tempDir('e2e-accounts-idle-kiosk-'),
    centralUrl: central.url,
    enrollCode: makeEnrollmentCode(centralDir),
    // Long enough for a sign-in and a few taps, short enough to wait out.
    idleSeconds: 8,
    idleWarningSeconds: 20,
  });
  const idleContext = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const idlePage = await idleContext.newPage();
  try {
    await idlePage.goto(idleKiosk.url);
    await expect(idlePage.getByTestId('home-catalog')).toBeVisible();
    // A kiosk enrolled a moment ago: accounts need it to have reached the service once.
    await expect(idlePage.getByTestId('sync-state')).toHaveAttribute('data-online', 'true', { timeout: 30_000 });
    const historyAtStart = await idlePage.evaluate(() => history.length);
    await signIn(idlePage, aigul.login, aigul.password);
    await expect(idlePage.getByTestId('my-data-name')).toHaveText(aigul.fullName);
    await idlePage.getByTestId('go-change-password').click();
    await idlePage.getByTestId('current-password').fill(aigul.password);
    // Nobody answers the warning: at least 20 seconds, then the session is wiped.
    await expect(idlePage.getByTestId('idle-warning')).toBeVisible({ timeout: 20_000 });
    await expect(idlePage.getByTestId('home-catalog')).toBeVisible({ timeout: 40_000 });
    await expectNothingOfTheLastPerson(idlePage, historyAtStart, [aigul.login, aigul.fullName]);
    await expect(idlePage.locator('input[type="password"]')).toHaveCount(0);

    // The back button leads to nothing of theirs either, and forward again to a clean home screen.
    await idlePage.goBack();
    await expect(idlePage.locator('body')).not.toContainText(aigul.fullName);
    await idlePage.goForward();
    await expect(idlePage.getByTestId('home-catalog')).toBeVisible();
    await expect(idlePage.getByTestId('header-cabinet')).toHaveCount(0);
    await expect(idlePage.locator('body')).not.toContainText(aigul.login);

    // The core has signed out too: the cabinet asks for a sign-in.
    await idlePage.getByTestId('home-login').click();
    await expect(idlePage.getByTestId('login-login')).toHaveValue('');
  } finally {
    await idleContext.close();
    await idleKiosk.stop();
    idleKiosk = undefined;
  }
});

test('deleted, restored within the month, purged after it, and the login registered by someone else', async () => {
  await test.step('what deleting does is said first; the password confirms it', async () => {
    await signIn(page, aigul.login, aigul.password);
    await page.getByTestId('go-delete-account').click();
    await expect(page.getByTestId('delete-consequences')).toContainText('Бир айдын ичинде');
    await expect(page.getByTestId('delete-consequences')).toContainText('логиниңизди башка адам ала алат');
    await shoot(page, '45-delete-confirm');
    await page.getByTestId('delete-password').fill('not-her-password-1');
    await page.getByTestId('delete-confirm').click();
    await expect(page.getByTestId('delete-password-error')).toContainText('Сырсөз туура эмес');
    await page.getByTestId('delete-password').fill(aigul.password);
    await page.getByTestId('delete-confirm').click();
    await expect(page.getByTestId('account-deleted')).toBeVisible();
    await expect(page.getByTestId('restore-until')).toContainText(/\d{2}\.\d{2}\.\d{4}/);
    await expect(page.getByTestId('header-cabinet')).toHaveCount(0);
    await page.getByTestId('account-done').click();
    await expect(page.getByTestId('home-login')).toBeVisible();
  });

  await test.step('signing in to it says it can be restored, and restoring brings everything back', async () => {
    await signIn(page, aigul.login, aigul.password);
    await expect(page.getByTestId('login-deleted')).toBeVisible();
    await page.getByTestId('login-restore').click();
    await expect(page.getByTestId('cabinet-message')).toHaveAttribute('data-message', 'restored');
    await expect(page.getByTestId('cabinet-applications').locator('[data-testid^="cabinet-application-"]')).toHaveCount(1);
  });

  await test.step('deleted again and the month passes: the purge leaves nothing to restore', async () => {
    await page.getByTestId('go-delete-account').click();
    await page.getByTestId('delete-password').fill(aigul.password);
    await page.getByTestId('delete-confirm').click();
    await expect(page.getByTestId('account-deleted')).toBeVisible();
    await page.getByTestId('account-done').click();
    // A month and a day later the account's content is purged (the service notices the new time at
    // once; the operator's CLI runs the same maintenance), and the login is as unknown as any other.
    setCentralClockOffset(clockFile, 32 * DAY_MS);
    centralAdmin(centralDir, ['purge-accounts', '--clock-file', clockFile]);
    expect(centralAdmin(centralDir, ['accounts', '--state', 'deleted', '--clock-file', clockFile])).not.toContain(aigul.login);
    await page.getByTestId('home-login').click();
    await page.getByTestId('go-restore').click();
    await page.getByTestId('login-login').fill(aigul.login);
    await page.getByTestId('login-password').fill(aigul.password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('error-summary')).toContainText('Логин же сырсөз туура эмес');
  });

  await test.step('the login is free: someone else registers it', async () => {
    await page.getByTestId('exit').click();
    await registerAccount(page, bakyt);
    await expect(page.getByTestId('cabinet-message')).toHaveAttribute('data-message', 'registered');
    await expect(page.getByTestId('my-data-name')).toHaveText(bakyt.fullName);
    await expect(page.getByTestId('cabinet-applications').locator('[data-testid^="cabinet-application-"]')).toHaveCount(0);
    await exit();
  });
});

test('without a connection the account screens say so and offer to go on as a guest', async () => {
  await central.stop();
  await page.getByTestId('home-login').click();
  await page.getByTestId('login-login').fill(bakyt.login);
  await page.getByTestId('login-password').fill(bakyt.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('account-offline')).toContainText('байланыш');
  await shoot(page, '46-account-offline');
  await page.getByTestId('continue-as-guest').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await page.getByTestId('home-register').click();
  await expect(page.getByTestId('account-offline')).toBeVisible();
});
