/**
 * The agreement and the privacy policy come from the central service as
 * plain text. To read them on a screen they keep their structure: section
 * headings ("2. Колдонуучуну каттоо"), numbered clauses (shown as "2.10" so
 * they match the references people make to them), and bullet lists.
 *
 * Understood: the first line as the document's title; Markdown-style headings (`#`, `##`); numbered lines, of which
 * the least indented short ones without final punctuation are section
 * headings and the rest clauses; bullets (`•`, `-`, `–`, `*`), nested by
 * indentation; anything else is a paragraph, lines in a row joined into one.
 */
export type TermsBlock =
  /** The first line: the document's own title (assets/terms/README.md). */
  | { kind: 'title'; text: string }
  | { kind: 'heading'; level: 1 | 2; number: string | null; text: string }
  | { kind: 'clause'; number: string; text: string }
  | { kind: 'item'; depth: number; text: string }
  | { kind: 'paragraph'; text: string };

const MARKDOWN_HEADING = /^(#{1,6})\s+(.+)$/;
const NUMBERED = /^(\s*)(\d+(?:\.\d+)*)\.?\s+(\S.*)$/;
const BULLET = /^(\s*)[•\-–*]\s+(\S.*)$/;
const HEADING_MAX_LENGTH = 100;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

export function parseTermsText(text: string): TermsBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const numberedIndents = lines.flatMap((line) => {
    const match = NUMBERED.exec(line);
    return match ? [indentOf(line)] : [];
  });
  const headingIndent = numberedIndents.length > 0 ? Math.min(...numberedIndents) : 0;
  const bulletIndents = lines.flatMap((line) => (BULLET.test(line) ? [indentOf(line)] : []));
  const bulletBase = bulletIndents.length > 0 ? Math.min(...bulletIndents) : 0;

  const blocks: TermsBlock[] = [];
  let section: string | null = null;
  let paragraphOpen = false;

  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') {
      paragraphOpen = false;
      continue;
    }
    if (blocks.length === 0 && !NUMBERED.test(line) && !BULLET.test(line)) {
      blocks.push({ kind: 'title', text: trimmed.replace(/^#+\s*/, '') });
      continue;
    }
    const markdown = MARKDOWN_HEADING.exec(trimmed);
    const numbered = NUMBERED.exec(line);
    const bullet = BULLET.exec(line);
    if (markdown?.[1] && markdown[2]) {
      const heading = markdown[2].trim();
      const number = /^(\d+(?:\.\d+)*)\.?\s+/.exec(heading);
      section = number?.[1] ?? section;
      blocks.push({
        kind: 'heading',
        level: markdown[1].length <= 1 ? 1 : 2,
        number: number?.[1] ?? null,
        text: number ? heading.slice(number[0].length) : heading,
      });
      paragraphOpen = false;
    } else if (numbered?.[2] && numbered[3]) {
      const [, , number, body] = numbered;
      const isHeading =
        indentOf(line) === headingIndent && body.length <= HEADING_MAX_LENGTH && !/[.;:,]$/.test(body.trim());
      if (isHeading) {
        section = number;
        blocks.push({ kind: 'heading', level: 1, number, text: body.trim() });
      } else {
        const full = section && !number.includes('.') ? `${section}.${number}` : number;
        blocks.push({ kind: 'clause', number: full, text: body.trim() });
      }
      paragraphOpen = false;
    } else if (bullet?.[2]) {
      const depth = indentOf(line) > bulletBase ? 1 : 0;
      blocks.push({ kind: 'item', depth, text: bullet[2].trim() });
      paragraphOpen = false;
    } else {
      const last = blocks[blocks.length - 1];
      if (paragraphOpen && last?.kind === 'paragraph') {
        blocks[blocks.length - 1] = { kind: 'paragraph', text: `${last.text} ${trimmed}` };
      } else {
        blocks.push({ kind: 'paragraph', text: trimmed });
        paragraphOpen = true;
      }
    }
  }
  return blocks;
}
