import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { root } from './processes';

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
