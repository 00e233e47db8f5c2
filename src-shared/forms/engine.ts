import type { FieldError } from '../errors';
import { isEmail } from '../validators/email';
import { isDocumentNumber } from '../validators/document';
import { isKyrgyzPhone } from '../validators/phone';
import { checkPin, isRealDate } from '../validators/pin';
import type { AnswerValue, Answers, Condition, FieldDefinition, FormDefinition, FormPage } from './schema';

/**
 * The one validation engine. The renderer runs it for instant feedback, the
 * core on submit and the central service on ingest; all three must reach the
 * same verdict, so it depends on nothing but its arguments (today included).
 */
export interface ValidationContext {
  today: Date;
}

function asText(value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.join(',');
}

export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const value = answers[condition.field];
  if (value === undefined) return false;
  const given = typeof value === 'string' ? [value] : value;
  return given.some((v) => condition.equals.includes(v));
}

export function visiblePages(form: FormDefinition, answers: Answers): FormPage[] {
  return form.pages.filter((page) => conditionHolds(page.showIf, answers));
}

export function visibleFields(page: FormPage, answers: Answers): FieldDefinition[] {
  return page.fields.filter((field) => conditionHolds(field.showIf, answers));
}

export interface DateParts {
  year: string;
  month: string;
  day: string;
}

/** Dates are stored as "YYYY-MM-DD" of whatever was typed in each box. */
export function splitDate(value: string): DateParts {
  const [year = '', month = '', day = ''] = value.split('-');
  return { year, month, day };
}

export function joinDate(parts: DateParts): string {
  if (!parts.year && !parts.month && !parts.day) return '';
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function yearsBetween(birth: { year: number; month: number; day: number }, today: Date): number {
  let years = today.getUTCFullYear() - birth.year;
  const beforeBirthday =
    today.getUTCMonth() + 1 < birth.month ||
    (today.getUTCMonth() + 1 === birth.month && today.getUTCDate() < birth.day);
  if (beforeBirthday) years -= 1;
  return years;
}

function checkDate(field: FieldDefinition, text: string, ctx: ValidationContext): FieldError | null {
  const parts = splitDate(text);
  const numeric = [parts.year, parts.month, parts.day].every((p) => /^\d+$/.test(p));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  if (!numeric || parts.year.length !== 4 || !isRealDate(year, month, day) || year < 1900) {
    return { field: field.id, code: 'date.invalid' };
  }
  const time = Date.UTC(year, month - 1, day);
  if (field.notFuture && time > ctx.today.getTime()) return { field: field.id, code: 'date.future' };
  if (field.minAgeYears !== undefined && yearsBetween({ year, month, day }, ctx.today) < field.minAgeYears) {
    return { field: field.id, code: 'date.tooYoung', params: { years: field.minAgeYears } };
  }
  return null;
}

function checkText(field: FieldDefinition, text: string): FieldError | null {
  const length = [...text].length;
  if (field.minLength !== undefined && length < field.minLength) {
    return { field: field.id, code: 'text.tooShort', params: { min: field.minLength } };
  }
  const maxLength = field.maxLength ?? (field.type === 'longtext' ? 2000 : 200);
  if (length > maxLength) return { field: field.id, code: 'text.tooLong', params: { max: maxLength } };
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    return { field: field.id, code: 'text.control' };
  }
  if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(text)) {
    return { field: field.id, code: 'text.pattern' };
  }
  return null;
}

function checkNumber(field: FieldDefinition, text: string): FieldError | null {
  if (!/^-?\d+([.,]\d+)?$/.test(text.trim())) return { field: field.id, code: 'number.invalid' };
  const value = Number(text.trim().replace(',', '.'));
  if (field.min !== undefined && value < field.min) return { field: field.id, code: 'number.min', params: { min: field.min } };
  if (field.max !== undefined && value > field.max) return { field: field.id, code: 'number.max', params: { max: field.max } };
  return null;
}

/** Checks one visible field's answer. */
export function checkField(field: FieldDefinition, value: AnswerValue | undefined, ctx: ValidationContext): FieldError | null {
  if (Array.isArray(value)) return { field: field.id, code: 'answer.type' };
  const text = asText(value);
  if (text.trim() === '') return field.optional ? null : { field: field.id, code: 'required' };
  switch (field.type) {
    case 'text':
    case 'longtext':
      return checkText(field, text);
    case 'number':
      return checkNumber(field, text);
    case 'date':
      return checkDate(field, text, ctx);
    case 'choice':
      return field.options?.some((o) => o.value === text) ? null : { field: field.id, code: 'choice.invalid' };
    case 'yesno':
      return text === 'yes' || text === 'no' ? null : { field: field.id, code: 'choice.invalid' };
    case 'pin': {
      const problem = checkPin(text, ctx.today);
      return problem ? { field: field.id, code: problem } : null;
    }
    case 'phone':
      return isKyrgyzPhone(text) ? null : { field: field.id, code: 'phone.invalid' };
    case 'email':
      return isEmail(text) ? null : { field: field.id, code: 'email.invalid' };
    case 'document':
      return isDocumentNumber(text) ? null : { field: field.id, code: 'document.invalid' };
  }
}

export function validatePage(form: FormDefinition, pageId: string, answers: Answers, ctx: ValidationContext): FieldError[] {
  const page = form.pages.find((p) => p.id === pageId);
  if (!page) return [{ field: pageId, code: 'page.unknown' }];
  if (!conditionHolds(page.showIf, answers)) return [];
  const errors: FieldError[] = [];
  for (const field of visibleFields(page, answers)) {
    const error = checkField(field, answers[field.id], ctx);
    if (error) errors.push(error);
  }
  return errors;
}

/**
 * The verdict on a whole application: every visible field checked, and no
 * answer to a field the form does not have. Answers to hidden fields are
 * dropped by `keepVisibleAnswers` before submit, so none are expected here.
 */
export function validateAnswers(form: FormDefinition, answers: Answers, ctx: ValidationContext): FieldError[] {
  const known = new Set(form.pages.flatMap((p) => p.fields.map((f) => f.id)));
  const errors: FieldError[] = Object.keys(answers)
    .filter((key) => !known.has(key))
    .map((key) => ({ field: key, code: 'answer.unknown' }));
  for (const page of visiblePages(form, answers)) {
    errors.push(...validatePage(form, page.id, answers, ctx));
  }
  return errors;
}

/** The answers a submitted application carries: visible, non-empty ones only. */
export function keepVisibleAnswers(form: FormDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const page of visiblePages(form, answers)) {
    for (const field of visibleFields(page, answers)) {
      const value = answers[field.id];
      if (value !== undefined && asText(value).trim() !== '') kept[field.id] = value;
    }
  }
  return kept;
}

/** Every code `checkField` and `validateAnswers` can answer with; each has a message in both languages. */
export const FIELD_ERROR_CODES = [
  'required',
  'answer.type',
  'answer.unknown',
  'page.unknown',
  'text.tooShort',
  'text.tooLong',
  'text.control',
  'text.pattern',
  'number.invalid',
  'number.min',
  'number.max',
  'date.invalid',
  'date.future',
  'date.tooYoung',
  'choice.invalid',
  'pin.length',
  'pin.digits',
  'pin.gender',
  'pin.date',
  'phone.invalid',
  'email.invalid',
  'document.invalid',
] as const;
