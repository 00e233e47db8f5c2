function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

function toDate(value: Date | string): Date {
  return typeof value === 'string' ? new Date(value) : value;
}

/**
 * dd.MM.yyyy in both languages, in the kiosk's local time (what forms and
 * receipts use; CLDR's Kyrgyz short date is not).
 */
export function formatDate(value: Date | string): string {
  const date = toDate(value);
  return `${twoDigits(date.getDate())}.${twoDigits(date.getMonth() + 1)}.${date.getFullYear()}`;
}

/** HH:mm, 24-hour, local time. */
export function formatTime(value: Date | string): string {
  const date = toDate(value);
  return `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}

/**
 * A date answer as typed ("YYYY-MM-DD" of the raw boxes) shown as dd.MM.yyyy,
 * without going through Date, so a half-typed date shows as typed.
 */
export function formatDateAnswer(value: string): string {
  const [year = '', month = '', day = ''] = value.split('-');
  const pad = (part: string) => (/^\d$/.test(part) ? `0${part}` : part);
  return [pad(day), pad(month), year].join('.');
}
