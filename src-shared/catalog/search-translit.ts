/**
 * Latin letters read as Cyrillic, for a citizen who types "pasport" or
 * "propiska" on a Latin layout. Words are already folded (lower case, Ң → Н…),
 * so the readings produce folded Cyrillic. Two readings are tried: the
 * Russian habit (y → ы, c → ц) and the Kyrgyz/Turkic one (y → й, c → ч);
 * Cyrillic letters in a mixed word ("никe") pass through unchanged.
 */

type Reading = ReadonlyArray<readonly [latin: string, cyrillic: string]>;

/** Longest first: "shch" before "sh" before "s". */
const COMMON: Reading = [
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ya', 'я'],
  ['yu', 'ю'],
  ['yo', 'е'],
  ['ye', 'е'],
  ['ja', 'я'],
  ['ju', 'ю'],
  ['ng', 'нг'],
  ['a', 'а'],
  ['b', 'б'],
  ['d', 'д'],
  ['e', 'е'],
  ['f', 'ф'],
  ['g', 'г'],
  ['h', 'х'],
  ['i', 'и'],
  ['j', 'ж'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['q', 'к'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['v', 'в'],
  ['w', 'в'],
  ['x', 'кс'],
  ['z', 'з'],
  // Turkic Latin letters, already folded where Cyrillic folds them.
  ['ö', 'о'],
  ['ü', 'у'],
  ['ñ', 'н'],
  ['ŋ', 'н'],
  ['ı', 'ы'],
  ['ş', 'ш'],
  ['ç', 'ч'],
  ['ğ', 'г'],
];

const RUSSIAN: Reading = [...COMMON, ['c', 'ц'], ['y', 'ы']];
const KYRGYZ: Reading = [['ng', 'н'], ...COMMON, ['c', 'ч'], ['y', 'й']];
const VOWELS = new Set(['а', 'е', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я']);

function read(word: string, reading: Reading, yAfterVowel: string | null): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const rule = reading.find(([latin]) => word.startsWith(latin, i));
    if (!rule) {
      out += word[i];
      i += 1;
      continue;
    }
    const [latin, cyrillic] = rule;
    // Russian "iy", "ay", "oy": the y after a vowel is "й", not "ы".
    const afterVowel = latin === 'y' && yAfterVowel !== null && VOWELS.has(out.at(-1) ?? '');
    out += afterVowel ? yAfterVowel : cyrillic;
    i += latin.length;
  }
  return out;
}

/** The Cyrillic readings of a folded word that has Latin letters, without repeats; none if it has none. */
export function cyrillicReadings(word: string): string[] {
  if (!/[a-zöüñŋışçğ]/.test(word)) return [];
  const readings = new Set([read(word, RUSSIAN, 'й'), read(word, KYRGYZ, null)]);
  readings.delete(word);
  return [...readings];
}
