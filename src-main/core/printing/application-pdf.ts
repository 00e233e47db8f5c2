import type { PaperSize } from '../types';
import type { Operator, Service } from '../../../src-shared/catalog/schema';
import type { Answers, AnswerValue, Condition, FieldDefinition, FormDefinition, FormPage, PersonFieldDefinition } from '../../../src-shared/forms/schema';
import type { Language } from '../../../src-shared/language';
import { stack, type Block } from './blocks';
import type { NotoSans } from './fonts';
import { PRINTED_TEXTS, type PrintedTexts } from './texts';
import { FormWriter, INK_SOFT, type TextStyle } from './writer';

/**
 * An application form as a printable A4 document, laid out from the form
 * definition in one language: the blank sample a citizen takes away, and,
 * given answers, the filled form for the receipt (same layout, values in
 * the boxes).
 */
export interface ApplicationPdfInput {
  service: Service;
  form: FormDefinition;
  operator: Operator;
  language: Language;
  fonts: NotoSans;
  createdAt: Date;
  /** Absent: a blank sample form. */
  answers?: Answers;
}

export interface RenderedPdf {
  pdf: Buffer;
  pageCount: number;
  /** A roll printout's sheet, for the printer to cut there; absent for A4. */
  paper?: PaperSize;
}

const STYLE = {
  operator: { size: 9.5, color: INK_SOFT },
  title: { size: 22, weight: 'bold' },
  serviceName: { size: 15, weight: 'bold' },
  formTitle: { size: 11 },
  sample: { size: 10.5, weight: 'bold', color: '#0b3d91' },
  instructions: { size: 9, color: INK_SOFT },
  section: { size: 13, weight: 'bold' },
  intro: { size: 9.5, color: INK_SOFT },
  label: { size: 10.5, weight: 'bold' },
  hint: { size: 9, color: INK_SOFT },
  condition: { size: 9, color: '#7a4a00' },
  option: { size: 10 },
  caption: { size: 7.5, color: INK_SOFT },
  value: { size: 11 },
  footer: { size: 8.5, color: INK_SOFT },
} satisfies Record<string, TextStyle>;

const CELL = { width: 19, height: 23, gap: 7 } as const;
const CHECKBOX = 11;
const FIELD_GAP = 12;

/** A field of the form or a subfield of a person group: what the layout reads of either. */
type PrintedField = FieldDefinition | PersonFieldDefinition;

/** The names of a file field's files, as printed on a filled form. */
function fileNamesOf(value: AnswerValue | undefined): string {
  if (!Array.isArray(value)) return '';
  return value.flatMap((item) => (typeof item === 'object' && typeof item.fileName === 'string' ? [item.fileName] : [])).join(', ');
}

/** What a blank form prints in a box: nothing; a filled form, the answer as text. */
function textOf(value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(', ');
  return [value.street, value.settlement, value.district, value.region].filter(Boolean).join(', ');
}

function chosenValues(value: AnswerValue | undefined): string[] {
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** "Fill in if …" for a field or page shown only after some answers. */
export function conditionNote(form: FormDefinition, condition: Condition, language: Language): string {
  const texts = PRINTED_TEXTS[language];
  const field = form.pages.flatMap((page) => page.fields).find((candidate) => candidate.id === condition.field);
  if (!field) return texts.fillInIf(condition.field, condition.equals);
  const answerLabel = (value: string) => {
    if (field.type === 'yesno') return value === 'yes' ? texts.yes : value === 'no' ? texts.no : value;
    return field.options?.find((option) => option.value === value)?.label[language] ?? value;
  };
  return texts.fillInIf(field.label[language], condition.equals.map(answerLabel));
}

class ApplicationLayout {
  private readonly texts: PrintedTexts;

  constructor(
    private readonly writer: FormWriter,
    private readonly input: ApplicationPdfInput,
  ) {
    this.texts = PRINTED_TEXTS[input.language];
  }

  private pick(text: { ky: string; ru: string }): string {
    return text[this.input.language];
  }

  private text(content: string, style: TextStyle, indent = 0): Block {
    if (!content) return { height: 0, draw() {} };
    const { frame } = this.writer;
    const block = this.writer.wrap(content, style, frame.width - indent);
    return { height: block.height, draw: (y) => this.writer.drawBlock(block, frame.left + indent, y) };
  }

  private place(block: Block, after = 0): void {
    this.writer.ensureRoom(block.height);
    block.draw(this.writer.y);
    this.writer.y += block.height + after;
  }

  /** Boxes of one character each, in groups (a date is 2 + 2 + 4). */
  private cells(groups: number[], value: string, caption?: string, prefix?: string): Block {
    const writer = this.writer;
    const chars = [...value];
    const prefixWidth = prefix ? writer.widthOf(prefix, STYLE.value) + 6 : 0;
    const captionHeight = caption ? STYLE.caption.size * 1.35 + 2 : 0;
    return {
      height: CELL.height + captionHeight,
      draw: (y) => {
        let x = writer.frame.left;
        if (prefix) writer.drawLine(prefix, x, y + 5, STYLE.value);
        x += prefixWidth;
        let index = 0;
        const start = x;
        groups.forEach((count, group) => {
          if (group > 0) x += CELL.gap;
          for (let cell = 0; cell < count; cell++, index++) {
            writer.box(x, y, CELL.width, CELL.height);
            const char = chars[index];
            if (char?.trim()) writer.drawLine(char, x + (CELL.width - writer.widthOf(char, STYLE.value)) / 2, y + 4, STYLE.value);
            x += CELL.width;
          }
        });
        if (caption) writer.drawLine(caption, start, y + CELL.height + 2, STYLE.caption);
      },
    };
  }

  private lineBox(value: string, lines: number): Block {
    const writer = this.writer;
    const height = lines === 1 ? 24 : lines * 22 + 4;
    return {
      height,
      draw: (y) => {
        const { left, width } = writer.frame;
        writer.box(left, y, width, height);
        for (let line = 1; line < lines; line++) writer.rule(left + 6, left + width - 6, y + line * 22 + 2, '#c9cdd0');
        if (!value) return;
        const block = writer.wrap(value, STYLE.value, width - 12);
        block.lines.slice(0, lines).forEach((text, index) => writer.drawLine(text, left + 6, y + 5 + index * 22, STYLE.value));
      },
    };
  }

  private checkboxes(options: { value: string; label: string }[], chosen: string[], inline: boolean): Block {
    const writer = this.writer;
    const labelIndent = CHECKBOX + 8;
    if (inline) {
      return {
        height: STYLE.option.size * 1.35 + 4,
        draw: (y) => {
          let x = writer.frame.left;
          for (const option of options) {
            writer.box(x, y + 1.5, CHECKBOX, CHECKBOX);
            if (chosen.includes(option.value)) writer.cross(x, y + 1.5, CHECKBOX);
            writer.drawLine(option.label, x + labelIndent, y, STYLE.option);
            x += labelIndent + writer.widthOf(option.label, STYLE.option) + 36;
          }
        },
      };
    }
    return stack(
      options.map((option) => {
        const label = this.text(option.label, STYLE.option, labelIndent);
        return {
          height: label.height,
          draw: (y) => {
            writer.box(writer.frame.left, y + 1.5, CHECKBOX, CHECKBOX);
            if (chosen.includes(option.value)) writer.cross(writer.frame.left, y + 1.5, CHECKBOX);
            label.draw(y);
          },
        };
      }),
      4,
    );
  }

  private answerArea(field: PrintedField, value: AnswerValue | undefined): Block {
    const text = textOf(value);
    switch (field.type) {
      case 'pin':
        return this.cells([14], text);
      case 'document':
        return this.cells([2, 7], text);
      case 'phone':
        return this.cells([3, 3, 3], text.replace(/\D/g, '').slice(-9), undefined, '+996');
      case 'date': {
        const [year = '', month = '', day = ''] = text.split('-');
        return this.cells([2, 2, 4], text ? `${day.padStart(2)}${month.padStart(2)}${year.padStart(4)}` : '', this.texts.datePattern);
      }
      case 'choice':
      case 'multichoice': {
        const options = (field.options ?? []).map((option) => ({ value: option.value, label: this.pick(option.label) }));
        return this.checkboxes(options, chosenValues(value), false);
      }
      case 'yesno':
        return this.checkboxes(
          [
            { value: 'yes', label: this.texts.yes },
            { value: 'no', label: this.texts.no },
          ],
          chosenValues(value),
          true,
        );
      case 'longtext':
        return this.lineBox(text, 4);
      case 'address':
        return this.lineBox(text, 3);
      case 'person':
        return this.persons(field, value);
      case 'file':
        return this.lineBox(fileNamesOf(value), 1);
      case 'number':
      case 'text':
      case 'email':
        return this.lineBox(text, 1);
    }
  }

  /** A group asked of each person: the blank form leaves room for as many as the form asks at least (one or more). */
  private persons(field: FieldDefinition, value: AnswerValue | undefined): Block {
    const filled = Array.isArray(value) ? value.filter((item): item is Record<string, string> => typeof item === 'object') : [];
    const count = this.input.answers ? filled.length : Math.max(1, field.minItems ?? 1);
    const people = Array.from({ length: count }, (_, index) =>
      stack([
        this.text(`${this.pick(field.label)} — ${index + 1}`, STYLE.option),
        ...(field.fields ?? []).map((sub) => this.field(sub, filled[index]?.[sub.id])),
      ], 6),
    );
    return stack(people, 10);
  }

  private field(field: PrintedField, value: AnswerValue | undefined): Block {
    const label = field.optional ? `${this.pick(field.label)} ${this.texts.optional}` : this.pick(field.label);
    return stack([
      this.text(label, STYLE.label),
      this.text(field.hint ? this.pick(field.hint) : '', STYLE.hint),
      this.text(field.showIf ? conditionNote(this.input.form, field.showIf, this.input.language) : '', STYLE.condition),
      { height: 3, draw() {} },
      this.answerArea(field, value),
    ]);
  }

  private header(): void {
    const { service, form, operator } = this.input;
    this.place(this.text(this.pick(operator.name), STYLE.operator), 10);
    this.place(this.text(this.texts.application, STYLE.title), 2);
    this.place(this.text(this.pick(service.name), STYLE.serviceName), 2);
    this.place(this.text(this.pick(form.title), STYLE.formTitle), 8);
    if (!this.input.answers) {
      this.place(this.text(this.texts.sample, STYLE.sample), 2);
      this.place(this.text(this.texts.instructions, STYLE.instructions), 8);
    }
    const { frame } = this.writer;
    this.writer.rule(frame.left, frame.right, this.writer.y, '#0b0c0c');
    this.writer.y += 14;
  }

  private section(page: FormPage, number: number): void {
    const heading = stack([
      this.text(`${number}. ${this.pick(page.title)}`, STYLE.section),
      this.text(page.intro ? this.pick(page.intro) : '', STYLE.intro),
      this.text(page.showIf ? conditionNote(this.input.form, page.showIf, this.input.language) : '', STYLE.condition),
    ], 3);
    const fields = page.fields.map((field) => this.field(field, this.input.answers?.[field.id]));
    // A heading never stands alone at the foot of a sheet: it goes with its first field.
    this.place(stack([heading, fields[0] ?? { height: 0, draw() {} }], 10), FIELD_GAP);
    for (const field of fields.slice(1)) this.place(field, FIELD_GAP);
    this.writer.y += 8;
  }

  private signatures(): void {
    const writer = this.writer;
    const { frame } = writer;
    const half = frame.width / 2;
    this.place(
      {
        height: 46,
        draw: (y) => {
          const lineY = y + 30;
          writer.rule(frame.left, frame.left + half - 24, lineY, '#0b0c0c');
          writer.rule(frame.left + half, frame.right, lineY, '#0b0c0c');
          writer.drawLine(this.texts.signature, frame.left, lineY + 4, STYLE.hint);
          writer.drawLine(`${this.texts.date} (${this.texts.datePattern})`, frame.left + half, lineY + 4, STYLE.hint);
        },
      },
      0,
    );
  }

  render(): void {
    this.header();
    this.input.form.pages.forEach((page, index) => this.section(page, index + 1));
    this.writer.y += 10;
    this.signatures();
  }
}

export async function renderApplicationPdf(input: ApplicationPdfInput): Promise<RenderedPdf> {
  const texts = PRINTED_TEXTS[input.language];
  const serviceName = input.service.name[input.language];
  const writer = new FormWriter(input.fonts, {
    title: `${texts.application}: ${serviceName}`,
    author: input.operator.name[input.language],
    subject: input.form.title[input.language],
    language: input.language === 'ky' ? 'ky-KG' : 'ru-KG',
    createdAt: input.createdAt,
  });
  new ApplicationLayout(writer, input).render();
  const pageCount = writer.finishPages(texts.pageNumber, STYLE.footer);
  return { pdf: await writer.toBuffer(), pageCount };
}
