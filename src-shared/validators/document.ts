/**
 * Passport / ID card number: two Latin letters and seven digits ("ID" for the
 * biometric card, "AN" for the 2004 card). Citizens type on a touch keyboard,
 * so spaces and lower case are forgiven before the check.
 */
export function normalizeDocumentNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function isDocumentNumber(value: string): boolean {
  return /^[A-Z]{2}\d{7}$/.test(normalizeDocumentNumber(value));
}
