/**
 * The rules of a login and a password (agreement 2.5), shared so the
 * register screen can say what is wrong while the citizen types. The
 * central service is the authority: it also checks its list of forbidden
 * logins, uniqueness, and its list of common passwords.
 */

export const LOGIN_MIN_LENGTH = 4;
export const LOGIN_MAX_LENGTH = 32;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
export const FULL_NAME_MAX_LENGTH = 150;

export type LoginProblem = 'login.length' | 'login.characters' | 'login.start';
export type PasswordProblem = 'password.length' | 'password.login' | 'password.simple';
export type FullNameProblem = 'fullName.required' | 'fullName.length' | 'fullName.characters';

/**
 * Latin letters, digits and `.`, `_`, `-`, starting with a letter: what
 * every keyboard of the office can type and every system can store.
 */
export function checkLogin(login: string): LoginProblem | null {
  if (login.length < LOGIN_MIN_LENGTH || login.length > LOGIN_MAX_LENGTH) return 'login.length';
  if (!/^[A-Za-z0-9._-]+$/.test(login)) return 'login.characters';
  if (!/^[A-Za-z]/.test(login)) return 'login.start';
  return null;
}

/** Logins are unique regardless of case: `Aibek` and `aibek` are one login. */
export function loginKey(login: string): string {
  return login.toLowerCase();
}

/**
 * Length first (NIST SP 800-63B: length and a list of known passwords, no
 * composition rules); then nothing built from the login, and nothing a
 * guesser tries first: one character repeated, a run of the keyboard or of
 * the alphabet, fewer than five different characters.
 */
export function checkPassword(password: string, login: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH || [...password].length > PASSWORD_MAX_LENGTH) return 'password.length';
  const lower = password.toLowerCase();
  if (login.length > 0 && lower.includes(loginKey(login))) return 'password.login';
  if (new Set(lower).size < 5 || isRun(lower)) return 'password.simple';
  return null;
}

const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбю', 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя'];

/** A password that is a stretch (either way) of one of the rows above, repeated. */
function isRun(lower: string): boolean {
  return RUNS.some((row) => {
    const reversed = [...row].reverse().join('');
    return [row, reversed].some((line) => {
      const doubled = line + line;
      for (let start = 0; start < line.length; start += 1) {
        for (let length = 3; length <= line.length; length += 1) {
          const piece = doubled.slice(start, start + length);
          if (piece.length === length && piece.repeat(Math.ceil(lower.length / length)).startsWith(lower)) return true;
        }
      }
      return false;
    });
  });
}

/** A person's name as on the passport: letters of the Kyrgyz, Russian or Latin alphabet, spaces, hyphens, apostrophes. */
export function checkFullName(fullName: string): FullNameProblem | null {
  const trimmed = fullName.trim();
  if (trimmed.length === 0) return 'fullName.required';
  if (trimmed.length > FULL_NAME_MAX_LENGTH) return 'fullName.length';
  if (!/^[\p{L}][\p{L}\p{M} .'’-]*$/u.test(trimmed)) return 'fullName.characters';
  return null;
}
