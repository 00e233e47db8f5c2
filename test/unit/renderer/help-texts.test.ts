import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The help dialog explains the screen the citizen is on: every screen the
 * navigation store can name has its own help text, in both languages.
 */
const rendererDir = join(import.meta.dirname, '..', '..', '..', 'src-renderer');

function screenNames(): string[] {
  const source = readFileSync(join(rendererDir, 'stores', 'navigation.ts'), 'utf8');
  const union = source.slice(source.indexOf('export type Screen ='), source.indexOf('/** What the cabinet says'));
  return [...union.matchAll(/name: '(\w+)'/g)].map((match) => match[1]!);
}

function helpScreens(language: string): Record<string, string> {
  const file = JSON.parse(readFileSync(join(rendererDir, 'i18n', language, 'help.json'), 'utf8')) as { help: { screens: Record<string, string> } };
  return file.help.screens;
}

describe('help texts', () => {
  it('exist for every screen, in Kyrgyz and Russian, and for no screen that is gone', () => {
    const names = screenNames();
    expect(names.length).toBeGreaterThan(20);
    for (const language of ['ky', 'ru']) {
      const texts = helpScreens(language);
      expect(Object.keys(texts).sort(), language).toEqual([...names].sort());
      for (const name of names) expect(texts[name]!.length, `${language} ${name}`).toBeGreaterThan(20);
    }
  });
});
