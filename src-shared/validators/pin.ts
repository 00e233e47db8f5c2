/**
 * ПИН (personal identification number): 14 digits, the first 1 (female) or 2
 * (male), then the date of birth as DDMMYYYY, then a 5-digit serial. No
 * checksum is published, so the serial is never judged: a real person must
 * never be refused for it.
 */
export type PinProblem = 'pin.length' | 'pin.digits' | 'pin.gender' | 'pin.date';

export interface PinFacts {
  sex: 'female' | 'male';
  birthDate: { year: number; month: number; day: number };
}

export function checkPin(value: string, today: Date = new Date()): PinProblem | null {
  if (!/^\d*$/.test(value)) return 'pin.digits';
  if (value.length !== 14) return 'pin.length';
  if (value[0] !== '1' && value[0] !== '2') return 'pin.gender';
  const day = Number(value.slice(1, 3));
  const month = Number(value.slice(3, 5));
  const year = Number(value.slice(5, 9));
  if (!isRealDate(year, month, day) || year < 1900) return 'pin.date';
  if (Date.UTC(year, month - 1, day) > today.getTime()) return 'pin.date';
  return null;
}

export function pinFacts(value: string): PinFacts | null {
  if (checkPin(value) !== null) return null;
  return {
    sex: value[0] === '1' ? 'female' : 'male',
    birthDate: {
      day: Number(value.slice(1, 3)),
      month: Number(value.slice(3, 5)),
      year: Number(value.slice(5, 9)),
    },
  };
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
