import type { Localized } from '../../src-shared/language';
import { pinFacts } from '../../src-shared/validators/pin';
import { type CentralDatabase, prepared } from '../database';

/**
 * Categories of users the operator may restrict (agreement 3.1), each with
 * the reason a citizen of it is shown. A restricted citizen can neither
 * register nor sign in, and an open session ends at its next request.
 *
 * - `minors`: under MINOR_AGE_YEARS by the date of birth in the ПИН, on the
 *   day asked. Full legal capacity comes at 18 (Civil Code of the Kyrgyz
 *   Republic, art. 56), and the agreement binds the user as a party (9.1).
 * - `all`: every citizen: the accounts part of the service is suspended
 *   (applications without an account go on).
 *
 * Nothing is restricted until the operator says so.
 */
export const RESTRICTION_CATEGORIES = ['minors', 'all'] as const;
export type RestrictionCategory = (typeof RESTRICTION_CATEGORIES)[number];

export const MINOR_AGE_YEARS = 18;

export function isRestrictionCategory(text: string): text is RestrictionCategory {
  return (RESTRICTION_CATEGORIES as readonly string[]).includes(text);
}

export interface Restriction {
  category: RestrictionCategory;
  reason: Localized;
  setAt: string;
  setBy: string;
}

interface RestrictionRow {
  category: RestrictionCategory;
  reasonKy: string;
  reasonRu: string;
  setAt: string;
  setBy: string;
}

export function listRestrictions(db: CentralDatabase): Restriction[] {
  return prepared<RestrictionRow>(
    db,
    'SELECT category, reason_ky AS reasonKy, reason_ru AS reasonRu, set_at AS setAt, set_by AS setBy FROM account_restrictions ORDER BY category',
  )
    .all()
    .map((row) => ({ category: row.category, reason: { ky: row.reasonKy, ru: row.reasonRu }, setAt: row.setAt, setBy: row.setBy }));
}

export function setRestriction(db: CentralDatabase, restriction: { category: RestrictionCategory; reason: Localized; by: string }, now: Date): void {
  prepared(
    db,
    `INSERT INTO account_restrictions (category, reason_ky, reason_ru, set_at, set_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (category) DO UPDATE SET reason_ky = excluded.reason_ky, reason_ru = excluded.reason_ru,
       set_at = excluded.set_at, set_by = excluded.set_by`,
  ).run(restriction.category, restriction.reason.ky, restriction.reason.ru, now.toISOString(), restriction.by);
}

export function liftRestriction(db: CentralDatabase, category: RestrictionCategory): boolean {
  return prepared(db, 'DELETE FROM account_restrictions WHERE category = ?').run(category).changes === 1;
}

/** Whole years of age on `now` (UTC) of the person a ПИН names, or null for a ПИН without a real date. */
export function ageFromPin(pin: string, now: Date): number | null {
  const facts = pinFacts(pin);
  if (!facts) return null;
  const { year, month, day } = facts.birthDate;
  let age = now.getUTCFullYear() - year;
  const beforeBirthday = now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

function inCategory(category: RestrictionCategory, pin: string, now: Date): boolean {
  switch (category) {
    case 'all':
      return true;
    case 'minors': {
      const age = ageFromPin(pin, now);
      return age !== null && age < MINOR_AGE_YEARS;
    }
  }
}

/** The restriction that applies to the holder of this ПИН now, or null. */
export function restrictionFor(db: CentralDatabase, pin: string, now: Date): Restriction | null {
  return listRestrictions(db).find((restriction) => inCategory(restriction.category, pin, now)) ?? null;
}
