import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../../src-shared/errors';
import { FIELD_ERROR_CODES } from '../../../src-shared/forms/engine';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Tree = { [key: string]: string | Tree };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
/** CLDR categories each language must spell out for a plural key. */
const REQUIRED_PLURALS = { ky: ['one', 'other'], ru: ['one', 'few', 'many', 'other'] } as const;

/** Every leaf as "a.b.c" → value; non-string leaves are reported as problems. */
function flatten(tree: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (tree && typeof tree === 'object' && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, tree);
  }
  return out;
}

/** Plural variants collapse to their base key, since the two languages have different categories. */
function baseKeys(flat: Map<string, unknown>): Set<string> {
  return new Set([...flat.keys()].map((key) => key.replace(PLURAL_SUFFIX, '')));
}

const i18nDir = join(import.meta.dirname, '..', '..', '..', 'src-renderer', 'i18n');

/** All feature files of a language, merged as the renderer merges them; a repeated top-level key is a fault. */
function messagesOf(language: string): { tree: Tree; repeated: string[]; files: string[] } {
  const tree: Tree = {};
  const repeated: string[] = [];
  const files = readdirSync(join(i18nDir, language)).filter((name) => name.endsWith('.json')).sort();
  for (const name of files) {
    const messages = JSON.parse(readFileSync(join(i18nDir, language, name), 'utf8')) as Tree;
    for (const [key, value] of Object.entries(messages)) {
      if (key in tree) repeated.push(`${name}: ${key}`);
      tree[key] = value;
    }
  }
  return { tree, repeated, files };
}

const kyFiles = messagesOf('ky');
const ruFiles = messagesOf('ru');
const languages = { ky: flatten(kyFiles.tree), ru: flatten(ruFiles.tree) };

function hasMessage(flat: Map<string, unknown>, key: string): boolean {
  return typeof flat.get(key) === 'string' || typeof flat.get(`${key}_other`) === 'string';
}

describe('i18n resources', () => {
  it('come in the same feature files for both languages, no top-level key in two files', () => {
    expect(kyFiles.files).toEqual(ruFiles.files);
    expect(kyFiles.files).toContain('common.json');
    expect([...kyFiles.repeated, ...ruFiles.repeated]).toEqual([]);
  });

  it('have the same keys in Kyrgyz and Russian, both ways', () => {
    const kyKeys = baseKeys(languages.ky);
    const ruKeys = baseKeys(languages.ru);
    expect([...kyKeys].filter((k) => !ruKeys.has(k)), 'in ky, missing in ru').toEqual([]);
    expect([...ruKeys].filter((k) => !kyKeys.has(k)), 'in ru, missing in ky').toEqual([]);
  });

  it('have only non-empty strings as leaves', () => {
    for (const [language, flat] of Object.entries(languages)) {
      const bad = [...flat].filter(([, value]) => typeof value !== 'string' || value.trim() === '').map(([key]) => key);
      expect(bad, `empty or non-string messages in ${language}`).toEqual([]);
    }
  });

  it('spell out every plural category of each language', () => {
    for (const [language, flat] of Object.entries(languages) as [keyof typeof REQUIRED_PLURALS, Map<string, unknown>][]) {
      const pluralBases = new Set([...flat.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
      const missing: string[] = [];
      for (const base of pluralBases) {
        for (const category of REQUIRED_PLURALS[language]) {
          if (typeof flat.get(`${base}_${category}`) !== 'string') missing.push(`${base}_${category}`);
        }
        if (flat.has(base)) missing.push(`${base} (both plain and plural)`);
      }
      expect(missing, `plural forms in ${language}`).toEqual([]);
    }
  });

  it('keep the same placeholders in both languages', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const mismatched: string[] = [];
    for (const [key, value] of languages.ky) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const other = languages.ru.get(key) ?? languages.ru.get(`${base}_other`) ?? languages.ru.get(base);
      if (other !== undefined && placeholders(value).join() !== placeholders(other).join()) mismatched.push(key);
    }
    expect(mismatched).toEqual([]);
  });

  it('have a message for every field error code', () => {
    for (const [language, flat] of Object.entries(languages)) {
      const missing = FIELD_ERROR_CODES.filter((code) => !hasMessage(flat, `errors.field.${code}`));
      expect(missing, `errors.field.* in ${language}`).toEqual([]);
    }
  });

  it('have a message for every API error code', () => {
    for (const [language, flat] of Object.entries(languages)) {
      const missing = API_ERROR_CODES.filter((code) => !hasMessage(flat, `errors.api.${code}`));
      expect(missing, `errors.api.* in ${language}`).toEqual([]);
    }
  });

  it('write Kyrgyz with its own letters, not look-alikes', () => {
    const text = [...languages.ky.values()].join(' ');
    expect(text).toMatch(/[ңөү]/);
    // Latin look-alikes of Ө/Ү (o, y) inside Cyrillic words are a common slip.
    expect(text).not.toMatch(/[а-яё][oyOY]|[oyOY][а-яё]/);
  });
});
