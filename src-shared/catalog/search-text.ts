/**
 * Text as search compares it: lower case, the letters people type
 * interchangeably folded together (Ё/Е, and Kyrgyz Ң/Н, Ө/О, Ү/У, which a
 * Russian keyboard does not have), cut into words at anything that is not a
 * letter or a digit (spaces, punctuation, hyphens: "ID-карта" is "id" "карта").
 * Each word keeps where it stands in the original text, so a match is
 * highlighted in what the citizen reads, not in the folded copy.
 */

const FOLDED: Readonly<Record<string, string>> = { ё: 'е', ң: 'н', ө: 'о', ү: 'у' };
const COMBINING_BREVE = '\u0306';
const WORD_CHAR = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;

export interface Word {
  /** The folded word. */
  text: string;
  /** Where the word starts and ends in the original text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  /** For each folded character, the original offset just after it: `ends[k]` ends a prefix of k+1 folded letters. */
  ends: number[];
}

function foldChar(char: string): string {
  const lower = char.toLowerCase();
  // A few letters lower-case into two (İ → i̇): keep the base letter so offsets stay one to one.
  const single = [...lower].length === 1 ? lower : (lower[0] ?? char);
  return FOLDED[single] ?? single;
}

/**
 * The folded words of a text with their original positions. Combining marks
 * are dropped (a decomposed "ё" is "е"), except the breve that makes "и" a
 * "й" when the text arrives decomposed.
 */
export function wordsOf(original: string): Word[] {
  const words: Word[] = [];
  let current: Word | null = null;
  let offset = 0;
  for (const char of original) {
    const next = offset + char.length;
    if (current && MARK.test(char)) {
      // Any other mark (a diaeresis over "е" included): the letter it sits on is all that counts.
      if (char === COMBINING_BREVE && current.text.endsWith('и')) current.text = `${current.text.slice(0, -1)}й`;
      current.end = next;
      current.ends[current.ends.length - 1] = next;
    } else if (WORD_CHAR.test(char)) {
      if (!current) {
        current = { text: '', start: offset, end: offset, ends: [] };
        words.push(current);
      }
      current.text += foldChar(char);
      current.end = next;
      current.ends.push(next);
    } else {
      current = null;
    }
    offset = next;
  }
  return words;
}

/** Where a match of the first `length` folded letters of a word ends in the original text. */
export function originalEnd(word: Word, length: number): number {
  if (length <= 0) return word.start;
  return word.ends[Math.min(length, word.ends.length) - 1] ?? word.end;
}

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

export function hasLatin(text: string): boolean {
  return LATIN.test(text);
}

export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}
