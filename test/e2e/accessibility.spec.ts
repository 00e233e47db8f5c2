import AxeBuilder from '@axe-core/playwright';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  centralAdmin,
  fillApplicant,
  next,
  openKioskAtHome,
  registerAccount,
  signIn,
  startIdCardApplication,
  submitIdCardApplication,
  type AccountDetails,
  type KioskAtHome,
} from './flows';
import { tempDir } from './processes';
import { LANDSCAPE, PORTRAIT } from './screens';

/**
 * Every citizen screen and dialog, checked by axe-core in Kyrgyz and Russian,
 * portrait and landscape, and once more with the largest text and high
 * contrast on: no serious or critical violation anywhere. One central
 * service and one kiosk for the whole file; each screen is reached once and
 * then shown in each language, orientation and display on the same page.
 */

type Language = 'ky' | 'ru';
type Orientation = 'portrait' | 'landscape';
interface Look {
  language: Language;
  orientation: Orientation;
  enlarged: boolean;
}

const VIEWPORTS = { portrait: PORTRAIT, landscape: LANDSCAPE };

/** Ordered so that each step changes one thing; the last alternates orientation from screen to screen. */
function looksFor(screenIndex: number): Look[] {
  return [
    { language: 'ky', orientation: 'portrait', enlarged: false },
    { language: 'ru', orientation: 'portrait', enlarged: false },
    { language: 'ru', orientation: 'landscape', enlarged: false },
    { language: 'ky', orientation: 'landscape', enlarged: false },
    { language: 'ky', orientation: screenIndex % 2 === 0 ? 'portrait' : 'landscape', enlarged: true },
  ];
}

/**
 * `meta-viewport` is off on purpose: a kiosk must not be pinch-zoomed past
 * its layout (a zoomed screen hides the header, with its exit and help, from
 * the next person), so the viewport forbids it; larger text is the kiosk's
 * own setting instead, in the header of every screen, reflowing the layout
 * up to 150 %. Every other rule runs.
 */
const RULES_WRONG_FOR_A_KIOSK = ['meta-viewport'];

const BLOCKING = new Set(['serious', 'critical']);

const citizen: AccountDetails = {
  login: 'nurlan.a11y',
  password: 'Ала-Тоо 2026 күз',
  fullName: 'Абдыкадыров Нурлан Маратович',
  pin: '21203198554321',
  phone: '0700 111 222',
};

let kioskAtHome: KioskAtHome;
let centralDir: string;
let page: Page;
let screensScanned = 0;

// Each screen is checked in five looks: give a test of several screens room on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 360_000 });

test.beforeAll(async ({ browser }) => {
  kioskAtHome = await openKioskAtHome(browser, 'a11y');
  ({ centralDir, page } = kioskAtHome);
});

test.afterAll(async () => {
  await kioskAtHome?.close();
});

async function press(testId: string): Promise<void> {
  const button = page.getByTestId(testId);
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

async function show(look: Look): Promise<void> {
  await press(`lang-${look.language}`);
  await expect(page.locator('html')).toHaveAttribute('lang', look.language);
  await press(look.enlarged ? 'text-largest' : 'text-normal');
  const contrast = page.getByTestId('high-contrast');
  if ((await contrast.getAttribute('aria-pressed')) !== String(look.enlarged)) await contrast.click();
  await page.setViewportSize(VIEWPORTS[look.orientation]);
  await page.evaluate(() => document.fonts.ready);
}

function describeViolations(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  return violations
    .map((v) =>
      [
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`),
      ].join('\n'),
    )
    .join('\n');
}

/** A dialog is opened over its screen after the look is set (the header behind it is inert), and closed before the next. */
interface Dialog {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Checks what is on screen now in every look, then puts the kiosk back to
 * Kyrgyz, normal text and portrait for the next step.
 */
async function scan(name: string, dialog?: Dialog): Promise<void> {
  const looks = looksFor(screensScanned++);
  for (const look of looks) {
    await show(look);
    if (dialog) await dialog.open();
    const results = await new AxeBuilder({ page }).disableRules(RULES_WRONG_FOR_A_KIOSK).analyze();
    const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
    const where = `${name} · ${look.language} · ${look.orientation}${look.enlarged ? ' · largest text, high contrast' : ''}`;
    expect.soft(blocking.map((v) => v.id), `${where}\n${describeViolations(blocking)}`).toEqual([]);
    if (dialog) await dialog.close();
  }
  await show({ language: 'ky', orientation: 'portrait', enlarged: false });
}

const helpDialog: Dialog = {
  open: async () => {
    await page.getByTestId('help').click();
    await expect(page.getByTestId('help-dialog')).toBeVisible();
  },
  close: async () => {
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('help-dialog')).toHaveCount(0);
    await expect(page.getByTestId('help')).toBeFocused();
  },
};

test('home, its help and the sync details', async () => {
  await scan('home');
  await scan('help dialog', helpDialog);
  await scan('sync details', {
    open: async () => {
      await page.getByTestId('sync-state').click();
      await expect(page.getByTestId('sync-details')).toBeVisible();
    },
    close: async () => {
      await page.getByTestId('sync-details-close').click();
      await expect(page.getByTestId('sync-details')).toHaveCount(0);
    },
  });
});

test('the catalog: a category, a service, its sample form', async () => {
  await page.getByTestId('category-passports').click();
  await scan('services');
  await page.getByTestId('service-id-card').click();
  await scan('service');
  await page.getByTestId('sample-form').click();
  await expect(page.getByTestId('sample-form-paper')).toBeVisible();
  await scan('sample form');
  await page.getByTestId('back').click();
});

test('an application: its pages, its errors, the leave dialog, the review and the receipt', async () => {
  await page.getByTestId('variant-standard').check();
  await page.getByTestId('start-application').click();
  await next(page);
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await scan('form page with errors');
  await fillApplicant(page);
  await scan('form page filled in');
  await scan('help dialog over a form', helpDialog);
  await scan('leave dialog', {
    open: async () => {
      await page.getByTestId('exit').click();
      await expect(page.getByTestId('leave-dialog')).toBeVisible();
    },
    close: async () => {
      await page.getByTestId('leave-cancel').click();
      await expect(page.getByTestId('leave-dialog')).toHaveCount(0);
    },
  });
  await next(page);
  await page.getByTestId('field-phone').fill('0555 123 456');
  await scan('form contacts page');
  await next(page);
  await page.getByTestId('field-reason-lost').check();
  await page.getByTestId('field-lostCircumstances').fill('Базарда жоготуп алдым.');
  await scan('form reason page');
  await next(page);
  await scan('review');
  await page.getByTestId('consent').check();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('receipt-delivery')).toBeVisible();
  await scan('receipt');
});

test('the status of an application by its lookup code', async () => {
  const lookupCode = await page.getByTestId('receipt-lookup-code').innerText();
  await page.getByTestId('done').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await page.getByTestId('home-status').click();
  await scan('status');
  await page.getByTestId('status-code-input').fill('0000');
  await page.getByTestId('status-submit').click();
  await expect(page.getByTestId('status-error')).toBeVisible();
  await scan('status with a wrong code');
  await page.getByTestId('status-code-input').fill(lookupCode);
  await page.getByTestId('status-submit').click();
  await expect(page.getByTestId('status-result')).toBeVisible();
  await scan('status result');
  await page.getByTestId('exit').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
});

test('continue later: the resume ticket, then the resume screen', async () => {
  await startIdCardApplication(page);
  await page.getByTestId('field-surname').fill('Асанова');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.getByTestId('continue-later').click();
  await expect(page.getByTestId('resume-code')).toBeVisible();
  await scan('resume ticket');
  await page.getByTestId('resume-done').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await page.getByTestId('home-resume').click();
  await scan('resume');
  await page.getByTestId('resume-code-input').fill('ABCD');
  await page.getByTestId('resume-submit').click();
  await expect(page.getByTestId('resume-error')).toBeVisible();
  await scan('resume with a wrong code');
  await page.getByTestId('exit').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
});

test('the idle warning', async () => {
  await page.getByTestId('category-passports').click();
  await scan('idle warning', {
    open: async () => {
      await page.clock.fastForward('02:00');
      await expect(page.getByTestId('idle-warning')).toBeVisible();
    },
    close: async () => {
      await page.getByTestId('idle-continue').click();
      await expect(page.getByTestId('idle-warning')).toHaveCount(0);
    },
  });
  await page.getByTestId('exit').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
});

test('accounts: register, the cabinet and its screens, the restore screen, sign in to a new edition of the terms', async () => {
  await page.getByTestId('home-register').click();
  await expect(page.getByTestId('terms-text')).toBeVisible();
  await scan('register: terms');
  await page.getByTestId('terms-accept').check();
  await page.getByTestId('terms-continue').click();
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await scan('register: details with errors');
  await page.getByTestId('back').click();
  await page.getByTestId('back').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await registerAccount(page, citizen);
  await expect(page.getByTestId('cabinet')).toBeVisible();
  await scan('cabinet');
  await scan('help dialog in the cabinet', helpDialog);
  await page.getByTestId('go-change-password').click();
  await scan('change password');
  await page.getByTestId('back').click();
  await page.getByTestId('go-report-misuse').click();
  await scan('report misuse');
  await page.getByTestId('misuse-cancel').click();
  await page.getByTestId('go-delete-account').click();
  await scan('delete account');
  await page.getByTestId('delete-cancel').click();
  await page.getByTestId('exit').click();
  await expect(page.getByTestId('home-login')).toBeVisible();
  await page.getByTestId('home-login').click();
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await scan('login with errors');
  await page.getByTestId('go-restore').click();
  await expect(page.getByTestId('go-login')).toBeVisible();
  await scan('restore account');
  await page.getByTestId('go-login').click();
  // A second edition of the terms, published with the admin CLI: the next sign-in must accept it first.
  const termsDir = tempDir('e2e-a11y-terms-');
  const secondEdition: Record<string, string> = {
    'agreement.ky.txt': 'Колдонуучулук макулдашуу\n\n 1. Жалпы жоболор\n\n  1. Экинчи редакция.',
    'agreement.ru.txt': 'Пользовательское соглашение\n\n 1. Общие положения\n\n  1. Вторая редакция.',
    'privacy.ky.txt': 'Купуялуулук саясаты\n\n 1. Жеке маалыматтар\n\n  1. Экинчи редакция.',
    'privacy.ru.txt': 'Политика конфиденциальности\n\n 1. Персональные данные\n\n  1. Вторая редакция.',
  };
  for (const [name, text] of Object.entries(secondEdition)) writeFileSync(join(termsDir, name), text);
  centralAdmin(centralDir, ['publish-terms', '--dir', termsDir]);
  await page.getByTestId('login-login').fill(citizen.login);
  await page.getByTestId('login-password').fill(citizen.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('new-terms')).toBeVisible();
  await scan('new terms');
  await page.getByTestId('terms-accept').check();
  await page.getByTestId('new-terms-accept').click();
  await expect(page.getByTestId('cabinet')).toBeVisible();
});

test('accounts: an application in the cabinet, a draft kept there, deleting, restoring, reporting misuse', async () => {
  await page.getByTestId('cabinet-new-application').click();
  await submitIdCardApplication(page, citizen.pin);
  await page.getByTestId('receipt-cabinet').click();
  await page.locator('[data-testid^="cabinet-application-"]').first().click();
  await expect(page.getByTestId('cabinet-application')).toBeVisible();
  await scan('cabinet application');
  await page.getByTestId('back-to-cabinet').click();
  await page.getByTestId('cabinet-new-application').click();
  await startIdCardApplication(page);
  await page.getByTestId('field-surname').fill('Абдыкадыров');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.getByTestId('save-to-account').click();
  await expect(page.getByTestId('draft-saved-to-account')).toBeVisible();
  await scan('draft saved to the account');
  await page.getByTestId('go-cabinet').click();
  await page.getByTestId('go-delete-account').click();
  await page.getByTestId('delete-password').fill(citizen.password);
  await page.getByTestId('delete-confirm').click();
  await expect(page.getByTestId('account-deleted')).toBeVisible();
  await scan('account deleted');
  await page.getByTestId('account-done').click();
  await expect(page.getByTestId('home-login')).toBeVisible();
  await signIn(page, citizen.login, citizen.password);
  await expect(page.getByTestId('login-deleted')).toBeVisible();
  await scan('login: the account can be restored');
  await page.getByTestId('login-restore').click();
  await expect(page.getByTestId('cabinet')).toBeVisible();
  await page.getByTestId('go-report-misuse').click();
  await page.getByTestId('misuse-confirm').click();
  await expect(page.getByTestId('misuse-reported')).toBeVisible();
  await scan('misuse reported');
});
