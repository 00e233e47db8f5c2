/**
 * What "My data" shows of numbers a passer-by must not read off a kiosk's
 * screen. A ПИН carries the sex and the date of birth in its first nine
 * digits, so only its last four are shown (enough to recognise one's own);
 * a phone keeps its country code and last three digits.
 */
const HIDDEN = '•';

export function maskPin(pin: string): string {
  const digits = pin.replace(/\D/g, '');
  if (digits.length <= 4) return HIDDEN.repeat(digits.length);
  return HIDDEN.repeat(digits.length - 4) + digits.slice(-4);
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return HIDDEN.repeat(digits.length);
  const kyrgyz = digits.length === 12 && digits.startsWith('996');
  const national = kyrgyz ? digits.slice(3) : digits;
  const masked = HIDDEN.repeat(national.length - 3) + national.slice(-3);
  // Groups of three from the end, as the number is spoken: "••• ••• 456".
  const groups = masked.match(/.{1,3}(?=(.{3})*$)/g) ?? [masked];
  return kyrgyz ? `+996 ${groups.join(' ')}` : groups.join(' ');
}
