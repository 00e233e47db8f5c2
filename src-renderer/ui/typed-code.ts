import { formatPlainCode, normalizePlainCode } from '../../src-shared/codes';

/**
 * What a code box shows of what was typed: capitals, every character where
 * it was typed. Nothing is added or dropped, so the caret (and the on-screen
 * keyboard's idea of it) stays put; dashes and spaces are the citizen's own.
 */
export function typedCodeForDisplay(typed: string): string {
  let shown = '';
  for (const char of typed) {
    const upper = char.toUpperCase();
    shown += upper.length === char.length ? upper : char;
  }
  return shown;
}

export type CodeCheck = { ok: true; code: string } | { ok: false; problem: 'empty' | 'shape' };

/**
 * Checked on "Continue", before the core is asked (a wrong resume code
 * counts towards its lock): the typed text or a scanner's, with dashes,
 * spaces and Cyrillic look-alikes, as the code it names, formatted as printed.
 */
export function checkTypedCode(typed: string, length: number): CodeCheck {
  const text = typed.replace(/\s+/g, ' ').trim();
  if (text === '') return { ok: false, problem: 'empty' };
  const bare = normalizePlainCode(text, length);
  return bare ? { ok: true, code: formatPlainCode(bare) } : { ok: false, problem: 'shape' };
}

/** The shape a hint shows, `XXXX-XXXX` for eight characters. */
export function codeShape(length: number): string {
  return formatPlainCode('X'.repeat(length));
}

/** Room for a code typed with spaces and dashes, as the contract takes it. */
export const TYPED_CODE_MAX = 40;
