/**
 * The keyboard's layouts as plain data: which keys, in which rows. No DOM
 * here, so the unit tests read them as they are.
 */
export type LayoutId = 'ky' | 'ru' | 'latin' | 'email' | 'digits' | 'decimal' | 'tel';
export type ScreenLanguage = 'ky' | 'ru';

export type Key =
  | { kind: 'char'; char: string; /** A letter of the Kyrgyz alphabet not in the Russian one: marked so it is found. */ national?: boolean }
  | { kind: 'shift' }
  | { kind: 'backspace' }
  | { kind: 'space' }
  | { kind: 'done' }
  | { kind: 'layout'; to: 'latin' | 'cyrillic' }
  /** An empty cell that keeps a pad's columns lined up. */
  | { kind: 'gap' };

export interface Layout {
  id: LayoutId;
  /** Letter layouts fill the width; pads are a narrow block of big keys. */
  shape: 'letters' | 'pad';
  rows: Key[][];
}

const chars = (text: string, national = ''): Key[] =>
  [...text].map((char) => (national.includes(char) ? { kind: 'char', char, national: true } : { kind: 'char', char }));

const SHIFT: Key = { kind: 'shift' };
const BACKSPACE: Key = { kind: 'backspace' };
const SPACE: Key = { kind: 'space' };
const DONE: Key = { kind: 'done' };
const TO_LATIN: Key = { kind: 'layout', to: 'latin' };
const TO_CYRILLIC: Key = { kind: 'layout', to: 'cyrillic' };
const GAP: Key = { kind: 'gap' };

/**
 * ЙЦУКЕН as on the XKB `kg` layout: Ө and Ң right of the digits (the minus
 * and equals keys), Ү at the end of the Й row (the backslash key).
 */
const KYRGYZ: Layout = {
  id: 'ky',
  shape: 'letters',
  rows: [
    [...chars('ё1234567890өң', 'өң'), BACKSPACE],
    chars('йцукенгшщзхъү', 'ү'),
    chars('фывапролджэ'),
    [SHIFT, ...chars('ячсмитьбю'), ...chars(',.')],
    [TO_LATIN, ...chars('-'), SPACE, ...chars('№'), DONE],
  ],
};

const RUSSIAN: Layout = {
  id: 'ru',
  shape: 'letters',
  rows: [
    [...chars('ё1234567890'), BACKSPACE],
    chars('йцукенгшщзхъ'),
    chars('фывапролджэ'),
    [SHIFT, ...chars('ячсмитьбю'), ...chars(',.')],
    [TO_LATIN, ...chars('-'), SPACE, ...chars('№'), DONE],
  ],
};

const LATIN: Layout = {
  id: 'latin',
  shape: 'letters',
  rows: [
    [...chars('1234567890'), BACKSPACE],
    chars('qwertyuiop'),
    chars('asdfghjkl'),
    [SHIFT, ...chars('zxcvbnm'), ...chars(',.')],
    [TO_CYRILLIC, ...chars('-/'), SPACE, DONE],
  ],
};

/** An address is Latin letters, digits and these four; no space, no Cyrillic switch. */
const EMAIL: Layout = {
  id: 'email',
  shape: 'letters',
  rows: [
    [...chars('1234567890'), BACKSPACE],
    chars('qwertyuiop'),
    chars('asdfghjkl'),
    [SHIFT, ...chars('zxcvbnm'), ...chars('_')],
    [...chars('@.-'), DONE],
  ],
};

const pad = (id: LayoutId, extra: Key): Layout => ({
  id,
  shape: 'pad',
  rows: [chars('123'), chars('456'), chars('789'), [extra, ...chars('0'), BACKSPACE], [DONE]],
});

export const LAYOUTS: Record<LayoutId, Layout> = {
  ky: KYRGYZ,
  ru: RUSSIAN,
  latin: LATIN,
  email: EMAIL,
  digits: pad('digits', GAP),
  decimal: pad('decimal', { kind: 'char', char: ',' }),
  tel: pad('tel', { kind: 'char', char: '+' }),
};

/** Every character a layout can type (its own keys, unshifted). */
export function charactersOf(layout: Layout): string[] {
  return layout.rows.flat().flatMap((key) => (key.kind === 'char' ? [key.char] : []));
}

export type ShiftState = 'off' | 'once' | 'caps';

/** off → once (the next letter) → caps (until pressed again) → off. */
export function nextShift(state: ShiftState): ShiftState {
  return state === 'off' ? 'once' : state === 'once' ? 'caps' : 'off';
}

/** What a character key types: upper case under Shift, in the screen language's rules. */
export function typedCharacter(char: string, shift: ShiftState, language: ScreenLanguage): string {
  return shift === 'off' ? char : char.toLocaleUpperCase(language === 'ky' ? 'ky-KG' : 'ru-RU');
}

/** Shift "once" falls back after one letter (a digit or a comma leaves it on); caps stays. */
export function shiftAfterTyping(state: ShiftState, char: string): ShiftState {
  const isLetter = char.toLocaleUpperCase() !== char.toLocaleLowerCase();
  return state === 'once' && isLetter ? 'off' : state;
}
