/**
 * A date answer as typed ("YYYY-MM-DD" of the raw boxes) shown as dd.MM.yyyy,
 * without going through Date, so a half-typed date shows as typed.
 */
export function formatDateAnswer(value: string): string {
  const [year = '', month = '', day = ''] = value.split('-');
  const pad = (part: string) => (/^\d$/.test(part) ? `0${part}` : part);
  return [pad(day), pad(month), year].join('.');
}
