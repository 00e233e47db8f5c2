/**
 * Codes people read off a screen or a slip and type back: resume codes of
 * drafts and lookup codes of applications. One alphabet of letters and
 * digits nobody confuses (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), typed on a Latin
 * or a Cyrillic keyboard alike.
 */
export const PLAIN_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

/** A resume code: 8 characters, about 37 bits; entry is rate limited on the kiosk. */
export const RESUME_CODE_LENGTH = 8;
/** A lookup code: 12 characters, about 56 bits; made offline by the kiosk, unique in the central service. */
export const LOOKUP_CODE_LENGTH = 12;

/** The largest byte value that keeps `byte % 25` unbiased (250 = 25 × 10). */
const UNBIASED_LIMIT = 256 - (256 % PLAIN_ALPHABET.length);

/** A random code of `length` characters; bytes come from the caller (tests inject them). */
export function randomPlainCode(randomBytes: (size: number) => Uint8Array, length: number): string {
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      code += PLAIN_ALPHABET[byte % PLAIN_ALPHABET.length];
      if (code.length === length) break;
    }
  }
  return code;
}

/** Cyrillic capitals that look like the Latin letters of the alphabet: a citizen may type either. */
const CYRILLIC_LOOKALIKES: Record<string, string> = {
  А: 'A',
  С: 'C',
  Е: 'E',
  Н: 'H',
  К: 'K',
  М: 'M',
  Р: 'P',
  Т: 'T',
  Х: 'X',
  У: 'Y',
};

/**
 * What a person typed or a scanner read, as the bare code: upper case,
 * Cyrillic look-alikes made Latin, spaces and dashes dropped. Null when
 * something else is left (a character the alphabet never uses, a wrong length).
 */
export function normalizePlainCode(input: string, length: number): string | null {
  let code = '';
  for (const char of input.toUpperCase()) {
    if (char === ' ' || char === '-' || char === '\u2011' || char === '\u2013') continue;
    const latin = CYRILLIC_LOOKALIKES[char] ?? char;
    if (!PLAIN_ALPHABET.includes(latin)) return null;
    code += latin;
  }
  return code.length === length ? code : null;
}

/** Groups of four with a dash, as printed and shown: `ACDE-FGHJ`. */
export function formatPlainCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}
