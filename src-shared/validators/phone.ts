import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Kyrgyz phone numbers through libphonenumber's metadata: +996 and nine
 * digits, or the domestic form with a leading 0. Returns E.164 or null.
 */
export function normalizeKyrgyzPhone(value: string): string | null {
  const phone = parsePhoneNumberFromString(value.trim(), 'KG');
  if (!phone || phone.country !== 'KG' || !phone.isValid()) return null;
  return phone.number;
}

export function isKyrgyzPhone(value: string): boolean {
  return normalizeKyrgyzPhone(value) !== null;
}
