import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { makeEnrollmentCode, root, startCentral, startKiosk, tempDir, type Running } from './processes';
import { PORTRAIT } from './screens';

/** What citizens do in several tests, said once. */

export async function next(page: Page): Promise<void> {
  await page.getByTestId('continue').click();
}

export async function fillApplicant(page: Page, pin = '12505199012345'): Promise<void> {
  await page.getByTestId('field-surname').fill('Асанова');
  await page.getByTestId('field-givenName').fill('Айгүл');
  await page.getByTestId('field-pin').fill(pin);
  await page.getByTestId('field-birthDate-day').fill('25');
  await page.getByTestId('field-birthDate-month').fill('05');
  await page.getByTestId('field-birthDate-year').fill('1990');
}

export async function startIdCardApplication(page: Page): Promise<void> {
  await page.getByTestId('category-passports').click();
  await page.getByTestId('service-id-card').click();
  await page.getByTestId('variant-standard').check();
  await page.getByTestId('start-application').click();
}

/** A real-estate registration up to its title documents page: applicant, property, basis of the right. */
export async function realEstateUpToDocuments(page: Page): Promise<void> {
  await page.getByTestId('category-real-estate').click();
  await page.getByTestId('service-real-estate-rights').click();
  await page.getByTestId('variant-individual').check();
  await page.getByTestId('start-application').click();
  await page.getByTestId('field-applicantType-individual').check();
  await next(page);
  await fillApplicant(page);
  await next(page);
  await page.getByTestId('field-propertyType-apartment').check();
  await page.getByTestId('field-propertyAddress').fill('Бишкек, Чүй проспекти, 10, 5-батир');
  await next(page);
  await page.getByTestId('field-rightBasis-purchase').check();
  await next(page);
}

/** Reads a SQLite file of a running process without disturbing it. */
export function readDatabase<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function centralApplications(centralDir: string): Array<{ id: string; registration_number: string; lookup_code: string }> {
  return readDatabase(join(centralDir, 'central.sqlite'), (db) =>
    db.prepare('SELECT id, registration_number, lookup_code FROM applications ORDER BY registration_number').all(),
  ) as Array<{ id: string; registration_number: string; lookup_code: string }>;
}

/** The central service's admin CLI, as an operator runs it. */
export function centralAdmin(centralDir: string, args: string[]): string {
  const result = spawnSync(process.execPath, [join(root, 'dist', 'central', 'cli.js'), ...args, '--data', centralDir], {
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

/** The text of a PDF, as poppler's pdftotext reads it (the layout kept). */
export function pdfText(file: string): string {
  const result = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout;
}

/** A citizen's account as the register screen asks it. */
export interface AccountDetails {
  login: string;
  password: string;
  fullName: string;
  pin: string;
  phone: string;
}

/** From the home screen: the terms read and accepted, the details typed, "Катталуу"; ends in the cabinet. */
export async function registerAccount(page: Page, account: AccountDetails): Promise<void> {
  await page.getByTestId('home-register').click();
  await expect(page.getByTestId('terms-text')).toBeVisible();
  await page.getByTestId('terms-accept').check();
  await page.getByTestId('terms-continue').click();
  await page.getByTestId('register-login').fill(account.login);
  await page.getByTestId('register-password').fill(account.password);
  await page.getByTestId('register-fullName').fill(account.fullName);
  await page.getByTestId('register-pin').fill(account.pin);
  await page.getByTestId('register-phone').fill(account.phone);
  await page.getByTestId('register-submit').click();
}

/** From any screen with "Кирүү" (the home screen's panel or the header). */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  const fromHome = page.getByTestId('home-login');
  if (await fromHome.isVisible()) await fromHome.click();
  else await page.getByTestId('header-login').click();
  await page.getByTestId('login-login').fill(login);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** An ID card application from the home screen to its receipt. */
export async function submitIdCardApplication(page: Page, pin = '12505199012345'): Promise<void> {
  await startIdCardApplication(page);
  await fillApplicant(page, pin);
  await next(page);
  await page.getByTestId('field-phone').fill('0555 123 456');
  await next(page);
  await page.getByTestId('field-reason-lost').check();
  await page.getByTestId('field-lostCircumstances').fill('Базарда жоготуп алдым.');
  await next(page);
  await page.getByTestId('consent').check();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('receipt-delivery')).toBeVisible();
}

/**
 * The next person finds the home screen in Kyrgyz and nothing of the last
 * one: no account, no words of theirs on screen, no storage, no history a
 * back gesture could reach, and nothing after a reload either.
 */
export async function expectNothingOfTheLastPerson(page: Page, historyAtStart: number, traces: string[]): Promise<void> {
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ky');
  await expect(page.getByTestId('exit')).toHaveCount(0);
  await expect(page.getByTestId('header-cabinet')).toHaveCount(0);
  await expect(page.getByTestId('home-login')).toBeVisible();
  for (const trace of traces) await expect(page.locator('body')).not.toContainText(trace);
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
  expect(await page.evaluate(() => history.length)).toBe(historyAtStart);
  await page.reload();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await expect(page.getByTestId('home-login')).toBeVisible();
  for (const trace of traces) await expect(page.locator('body')).not.toContainText(trace);
}

/** A central service, an enrolled kiosk and one page on its home screen, with the page's clock under the test's hand. */
export interface KioskAtHome {
  centralDir: string;
  central: Running;
  kiosk: Running;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openKioskAtHome(browser: Browser, name: string): Promise<KioskAtHome> {
  const centralDir = tempDir(`e2e-${name}-central-`);
  const central = await startCentral(centralDir);
  const kiosk = await startKiosk({ dataDir: tempDir(`e2e-${name}-kiosk-`), centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  const context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  const page = await context.newPage();
  // The idle timeout is reached by moving the page's clock, not by waiting for it.
  await page.clock.install();
  await page.goto(kiosk.url);
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  return {
    centralDir,
    central,
    kiosk,
    context,
    page,
    async close() {
      await context.close();
      await kiosk.stop();
      await central.stop();
    },
  };
}
