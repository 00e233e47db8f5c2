import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every word a citizen reads comes from the i18n resources, in both
 * languages. This finds words written straight into the renderer's JSX: text
 * between tags, and attributes a person or a screen reader meets.
 */
const rendererDir = join(import.meta.dirname, '..', '..', '..', 'src-renderer');
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'aria-roledescription', 'aria-valuetext']);
const WORD = /\p{L}{2,}/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

function hardCodedText(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => `${relative(rendererDir, fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORD.test(node.text)) found.push(`${where(node)} text "${node.text.trim()}"`);
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(file))) {
      const value = node.initializer;
      const literal = value && ts.isStringLiteral(value) ? value.text : value && ts.isJsxExpression(value) && value.expression && ts.isStringLiteralLike(value.expression) ? value.expression.text : null;
      if (literal !== null && WORD.test(literal)) found.push(`${where(node)} ${node.name.getText(file)}="${literal}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('renderer text', () => {
  it('has no words written into components, only translated messages', () => {
    const files = tsxFiles(rendererDir);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => hardCodedText(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('finds text and visible attributes written in, and leaves translated ones alone', () => {
    const source = `const a = <p title="Справка">Кош келиңиз</p>;
      const b = <button aria-label={t('exit')}>{t('exit')}</button>;
      const c = <span aria-hidden="true">›</span>;`;
    expect(hardCodedText(join(rendererDir, 'x.tsx'), source)).toEqual(['x.tsx:1 title="Справка"', 'x.tsx:1 text "Кош келиңиз"']);
  });
});
