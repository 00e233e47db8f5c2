import { describe, expect, it } from 'vitest';
import { charactersOf, LAYOUTS, nextShift, shiftAfterTyping, typedCharacter, type Key, type Layout } from '../../../src-renderer/keyboard/layouts';

const kinds = (layout: Layout) => layout.rows.flat().map((key) => key.kind);
const RUSSIAN_LETTERS = [...'абвгдеёжзийклмнопрстуфхцчшщъыьэюя'];

describe('keyboard layouts', () => {
  it('Kyrgyz has the 33 Russian letters and Ң Ө Ү, each once, the three marked to be found', () => {
    const chars = charactersOf(LAYOUTS.ky);
    for (const letter of [...RUSSIAN_LETTERS, 'ң', 'ө', 'ү']) expect(chars.filter((c) => c === letter), letter).toHaveLength(1);
    const national = LAYOUTS.ky.rows.flat().filter((key): key is Extract<Key, { kind: 'char' }> => key.kind === 'char' && key.national === true);
    expect(national.map((key) => key.char).sort()).toEqual(['ң', 'ө', 'ү'].sort());
  });

  it('Kyrgyz puts Ө and Ң right of the digits and Ү at the end of the Й row, as the kg layout does', () => {
    const [digitsRow, firstLetters] = LAYOUTS.ky.rows as [Key[], Key[]];
    const chars = (row: Key[]) => row.flatMap((key) => (key.kind === 'char' ? [key.char] : []));
    expect(chars(digitsRow).slice(-3)).toEqual(['0', 'ө', 'ң']);
    expect(chars(firstLetters)[0]).toBe('й');
    expect(chars(firstLetters).at(-1)).toBe('ү');
  });

  it('Russian is ЙЦУКЕН with Ё and without the Kyrgyz letters', () => {
    const chars = charactersOf(LAYOUTS.ru);
    for (const letter of RUSSIAN_LETTERS) expect(chars, letter).toContain(letter);
    expect(chars.slice(11, 17).join('')).toBe('йцукен');
    expect(chars).not.toContain('ң');
    expect(chars).not.toContain('ө');
    expect(chars).not.toContain('ү');
  });

  it('letter layouts have shift, space, backspace, done and a switch to the other alphabet', () => {
    expect(kinds(LAYOUTS.ky)).toEqual(expect.arrayContaining(['shift', 'space', 'backspace', 'done']));
    expect(LAYOUTS.ky.rows.flat()).toContainEqual({ kind: 'layout', to: 'latin' });
    expect(LAYOUTS.ru.rows.flat()).toContainEqual({ kind: 'layout', to: 'latin' });
    expect(LAYOUTS.latin.rows.flat()).toContainEqual({ kind: 'layout', to: 'cyrillic' });
    expect(charactersOf(LAYOUTS.latin)).toEqual(expect.arrayContaining([...'qwertyuiopasdfghjklzxcvbnm']));
  });

  it('e-mail is Latin with @ . - _ and no space', () => {
    const chars = charactersOf(LAYOUTS.email);
    expect(chars).toEqual(expect.arrayContaining(['@', '.', '-', '_', 'q', 'z', '0']));
    expect(kinds(LAYOUTS.email)).not.toContain('space');
  });

  it('the digits pad has 0–9, backspace and done and nothing else to type', () => {
    expect(charactersOf(LAYOUTS.digits).sort()).toEqual([...'0123456789']);
    expect(kinds(LAYOUTS.digits)).toEqual(expect.arrayContaining(['backspace', 'done']));
    expect(kinds(LAYOUTS.digits)).not.toContain('space');
    expect(LAYOUTS.digits.shape).toBe('pad');
  });

  it('the decimal pad adds a comma, the phone pad a plus', () => {
    expect(charactersOf(LAYOUTS.decimal).sort()).toEqual([',', ...'0123456789']);
    expect(charactersOf(LAYOUTS.tel).sort()).toEqual(['+', ...'0123456789']);
  });
});

describe('shift', () => {
  it('goes off → one letter → caps → off', () => {
    expect(nextShift('off')).toBe('once');
    expect(nextShift('once')).toBe('caps');
    expect(nextShift('caps')).toBe('off');
  });

  it('makes capitals of the Kyrgyz letters too', () => {
    expect(typedCharacter('ү', 'once', 'ky')).toBe('Ү');
    expect(typedCharacter('ө', 'caps', 'ky')).toBe('Ө');
    expect(typedCharacter('ң', 'off', 'ky')).toBe('ң');
    expect(typedCharacter('ё', 'once', 'ru')).toBe('Ё');
    expect(typedCharacter('7', 'once', 'ky')).toBe('7');
  });

  it('falls back after one letter, not after a digit; caps stays', () => {
    expect(shiftAfterTyping('once', 'ү')).toBe('off');
    expect(shiftAfterTyping('once', '7')).toBe('once');
    expect(shiftAfterTyping('caps', 'а')).toBe('caps');
    expect(shiftAfterTyping('off', 'а')).toBe('off');
  });
});
