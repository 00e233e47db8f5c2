import type { FieldError } from '../errors';
import { isEmail } from '../validators/email';
import { isDocumentNumber } from '../validators/document';
import { isKyrgyzPhone } from '../validators/phone';
import { checkPin, isRealDate } from '../validators/pin';
import { findDistrict, findRegion, findSettlement } from './places-kg';
import {
  ATTACHMENT_MEDIA_TYPES,
  FILES_DEFAULT_MAX,
  FileAnswer,
  fieldPlaces,
  type AddressAnswer,
  type AnswerValue,
  type Answers,
  type Condition,
  type FieldDefinition,
  type FieldPlace,
  type FormDefinition,
  type FormPage,
  type PersonAnswer,
  type PersonFieldDefinition,
} from './schema';

/**
 * The one validation engine. The renderer runs it for instant feedback, the
 * core on submit and the central service on ingest; all three must reach the
 * same verdict, so it depends on nothing but its arguments (today included).
 */
export interface ValidationContext {
  today: Date;
}

type AnyField = FieldDefinition | PersonFieldDefinition;

export function isAddressAnswer(value: unknown): value is AddressAnswer {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return ['region', 'district', 'settlement', 'street'].every((key) => typeof record[key] === 'string');
}

function isPersonList(value: unknown): value is PersonAnswer[] {
  return (
    Array.isArray(value) &&
    value.every((item: unknown) => item !== null && typeof item === 'object' && !Array.isArray(item))
  );
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item: unknown) => typeof item === 'string');
}

/** The kinds of file a field takes: its `accept`, or all three. */
export function acceptedMediaTypes(field: FieldDefinition): readonly string[] {
  return field.accept ?? ATTACHMENT_MEDIA_TYPES;
}

/** The most files a file field takes. */
export function maxFiles(field: FieldDefinition): number {
  return field.maxItems ?? FILES_DEFAULT_MAX;
}

/** The files a file field's answer names (none when it is not such a list). */
export function filesOf(value: AnswerValue | undefined): FileAnswer[] {
  if (!Array.isArray(value)) return [];
  const files: FileAnswer[] = [];
  for (const item of value) {
    const parsed = FileAnswer.safeParse(item);
    if (parsed.success) files.push(parsed.data);
  }
  return files;
}

/** Nothing given: no text, no selection, no person, no part of an address. */
export function isEmptyAnswer(value: AnswerValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (isAddressAnswer(value)) return [value.region, value.district, value.settlement, value.street].every((p) => p.trim() === '');
  return false;
}

/** The field an error belongs to: "children[1].pin" → "children". */
export function topFieldId(path: string): string {
  return /^[^.[]*/.exec(path)?.[0] ?? path;
}

export function personFieldPath(groupId: string, index: number, subfieldId: string): string {
  return `${groupId}[${index}].${subfieldId}`;
}

/** A path's parts: "children[1].pin" → { field: "children", index: 1, subfield: "pin" }. */
export function parseFieldPath(path: string): { field: string; index?: number; subfield?: string } {
  const match = /^([^.[]+)\[(\d+)\]\.(.+)$/.exec(path);
  if (!match) return { field: path };
  return { field: match[1] ?? path, index: Number(match[2]), subfield: match[3] };
}

/** Whether an answer matches, as typed, ignoring whether its field is shown. */
export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const value = answers[condition.field];
  const given = typeof value === 'string' ? [value] : isStringList(value) ? value : [];
  return given.some((v) => condition.equals.includes(v));
}

/**
 * The pages shown and the fields shown on each, in form order. A condition
 * counts an answer only while its field is shown itself (conditions look back,
 * so one pass decides): an answer left on a page that was hidden later opens
 * nothing, and dropping hidden answers before submit changes no verdict.
 */
export function shownFields(form: FormDefinition, answers: Answers): Map<string, FieldDefinition[]> {
  const shown = new Set<string>();
  const holds = (condition: Condition | undefined) => !condition || (shown.has(condition.field) && conditionHolds(condition, answers));
  const pages = new Map<string, FieldDefinition[]>();
  for (const page of form.pages) {
    if (!holds(page.showIf)) continue;
    const fields: FieldDefinition[] = [];
    for (const field of page.fields) {
      if (!holds(field.showIf)) continue;
      fields.push(field);
      shown.add(field.id);
    }
    pages.set(page.id, fields);
  }
  return pages;
}

export function visiblePages(form: FormDefinition, answers: Answers): FormPage[] {
  const shown = shownFields(form, answers);
  return form.pages.filter((page) => shown.has(page.id));
}

export function visibleFields(form: FormDefinition, page: FormPage, answers: Answers): FieldDefinition[] {
  return shownFields(form, answers).get(page.id) ?? [];
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

function checkDate(field: AnyField, at: string, text: string, ctx: ValidationContext): FieldError | null {
  const parts = splitDate(text);
  const numeric = [parts.year, parts.month, parts.day].every((p) => /^\d+$/.test(p));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  if (!numeric || parts.year.length !== 4 || !isRealDate(year, month, day) || year < 1900) {
    return { field: at, code: 'date.invalid' };
  }
  const time = Date.UTC(year, month - 1, day);
  if (field.notFuture && time > ctx.today.getTime()) return { field: at, code: 'date.future' };
  if (field.minAgeYears !== undefined && yearsBetween({ year, month, day }, ctx.today) < field.minAgeYears) {
    return { field: at, code: 'date.tooYoung', params: { years: field.minAgeYears } };
  }
  return null;
}

/**
 * libphonenumber's parse is the slowest check by far, and the renderer asks
 * about the same number on every keystroke of the page: remember recent
 * verdicts (a pure function of the text, so no verdict changes).
 */
const phoneVerdicts = new Map<string, boolean>();
function isPhone(text: string): boolean {
  let verdict = phoneVerdicts.get(text);
  if (verdict === undefined) {
    verdict = isKyrgyzPhone(text);
    if (phoneVerdicts.size >= 500) phoneVerdicts.clear();
    phoneVerdicts.set(text, verdict);
  }
  return verdict;
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/**
 * A text with neither a control character nor a surrogate (nearly every
 * answer) has as many characters as UTF-16 units and passes `text.control`:
 * one scan tells, before the exact checks.
 */
const CONTROL_OR_SURROGATE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff]/;
const patterns = new Map<string, RegExp>();

function wholePattern(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = new RegExp(`^(?:${pattern})$`, 'u');
    patterns.set(pattern, compiled);
  }
  return compiled;
}

/**
 * How many characters a person sees: code points, as `[...text].length`
 * counts them (a lone surrogate is one), without making that array. The
 * central service checks every answer of every application it ingests.
 */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

function checkText(field: AnyField, at: string, text: string): FieldError | null {
  const plain = !CONTROL_OR_SURROGATE.test(text);
  const length = plain ? text.length : characterCount(text);
  if (field.minLength !== undefined && length < field.minLength) {
    return { field: at, code: 'text.tooShort', params: { min: field.minLength } };
  }
  const maxLength = field.maxLength ?? (field.type === 'longtext' ? 2000 : 200);
  if (length > maxLength) return { field: at, code: 'text.tooLong', params: { max: maxLength } };
  if (!plain && CONTROL_CHARACTERS.test(text)) return { field: at, code: 'text.control' };
  if (field.pattern !== undefined && !wholePattern(field.pattern).test(text)) return { field: at, code: 'text.pattern' };
  return null;
}

function checkNumber(field: AnyField, at: string, text: string): FieldError | null {
  if (!/^-?\d+([.,]\d+)?$/.test(text.trim())) return { field: at, code: 'number.invalid' };
  const value = Number(text.trim().replace(',', '.'));
  if (field.min !== undefined && value < field.min) return { field: at, code: 'number.min', params: { min: field.min } };
  if (field.max !== undefined && value > field.max) return { field: at, code: 'number.max', params: { max: field.max } };
  return null;
}

/** A one-line answer of a field or a person's subfield, reported at `at`. */
function checkText1(field: AnyField, at: string, value: unknown, ctx: ValidationContext): FieldError | null {
  if (value !== undefined && typeof value !== 'string') return { field: at, code: 'answer.type' };
  const text = value ?? '';
  if (text.trim() === '') return field.optional ? null : { field: at, code: 'required' };
  switch (field.type) {
    case 'text':
    case 'longtext':
      return checkText(field, at, text);
    case 'number':
      return checkNumber(field, at, text);
    case 'date':
      return checkDate(field, at, text, ctx);
    case 'choice':
      return field.options?.some((o) => o.value === text) ? null : { field: at, code: 'choice.invalid' };
    case 'yesno':
      return text === 'yes' || text === 'no' ? null : { field: at, code: 'choice.invalid' };
    case 'pin': {
      const problem = checkPin(text, ctx.today);
      return problem ? { field: at, code: problem } : null;
    }
    case 'phone':
      return isPhone(text) ? null : { field: at, code: 'phone.invalid' };
    case 'email':
      return isEmail(text) ? null : { field: at, code: 'email.invalid' };
    case 'document':
      return isDocumentNumber(text) ? null : { field: at, code: 'document.invalid' };
    default:
      return { field: at, code: 'answer.type' };
  }
}

function checkMultichoice(field: FieldDefinition, value: AnswerValue): FieldError | null {
  if (!isStringList(value)) return { field: field.id, code: 'answer.type' };
  const known = new Set(field.options?.map((o) => o.value));
  if (new Set(value).size !== value.length || value.some((v) => !known.has(v))) return { field: field.id, code: 'choice.invalid' };
  if (field.minItems !== undefined && value.length < field.minItems) return { field: field.id, code: 'choice.tooFew', params: { min: field.minItems } };
  if (field.maxItems !== undefined && value.length > field.maxItems) return { field: field.id, code: 'choice.tooMany', params: { max: field.maxItems } };
  return null;
}

/** The longest street line an address keeps. */
export const STREET_MAX = 200;

function checkAddress(field: FieldDefinition, value: AnswerValue): FieldError | null {
  if (!isAddressAnswer(value)) return { field: field.id, code: 'answer.type' };
  if (!findRegion(value.region)) return { field: field.id, code: 'address.region' };
  if (!findDistrict(value.region, value.district)) return { field: field.id, code: 'address.district' };
  if (!findSettlement(value.district, value.settlement)) return { field: field.id, code: 'address.settlement' };
  const street = value.street;
  if (street.trim() === '') return { field: field.id, code: 'address.street' };
  const max = Math.min(field.maxLength ?? STREET_MAX, STREET_MAX);
  if (characterCount(street) > max) return { field: field.id, code: 'text.tooLong', params: { max } };
  if (CONTROL_CHARACTERS.test(street)) return { field: field.id, code: 'text.control' };
  return null;
}

function checkPersons(field: FieldDefinition, value: AnswerValue, ctx: ValidationContext): FieldError[] {
  if (!isPersonList(value)) return [{ field: field.id, code: 'answer.type' }];
  const errors: FieldError[] = [];
  if (field.minItems !== undefined && value.length < field.minItems) {
    errors.push({ field: field.id, code: 'person.tooFew', params: { min: field.minItems } });
  }
  if (field.maxItems !== undefined && value.length > field.maxItems) {
    errors.push({ field: field.id, code: 'person.tooMany', params: { max: field.maxItems } });
  }
  const subfields = field.fields ?? [];
  const known = new Set(subfields.map((f) => f.id));
  value.forEach((person, index) => {
    for (const key of Object.keys(person)) {
      if (!known.has(key)) errors.push({ field: personFieldPath(field.id, index, key), code: 'answer.unknown' });
    }
    for (const sub of subfields) {
      const error = checkText1(sub, personFieldPath(field.id, index, sub.id), person[sub.id], ctx);
      if (error) errors.push(error);
    }
  });
  return errors;
}

/**
 * The engine sees only what an answer says of its files (the core checks the
 * bytes, the central service the hashes): the shape, the count and the kinds.
 */
function checkFiles(field: FieldDefinition, value: AnswerValue): FieldError | null {
  if (!Array.isArray(value)) return { field: field.id, code: 'answer.type' };
  const files = filesOf(value);
  if (files.length !== value.length) return { field: field.id, code: 'answer.type' };
  const accepted = acceptedMediaTypes(field);
  if (files.some((file) => !accepted.includes(file.mediaType))) return { field: field.id, code: 'file.type' };
  if (new Set(files.map((file) => file.sha256)).size !== files.length) return { field: field.id, code: 'file.twice' };
  if (field.minItems !== undefined && files.length < field.minItems) return { field: field.id, code: 'file.tooFew', params: { min: field.minItems } };
  const max = maxFiles(field);
  if (files.length > max) return { field: field.id, code: 'file.tooMany', params: { max } };
  return null;
}

const TOO_FEW: Partial<Record<FieldDefinition['type'], string>> = { person: 'person.tooFew', file: 'file.tooFew' };

/** A required field left empty: a list says how many it needs ("add at least 1 person"). */
function nothingGiven(field: FieldDefinition): FieldError {
  if (field.minItems !== undefined && field.minItems > 0) {
    return { field: field.id, code: TOO_FEW[field.type] ?? 'choice.tooFew', params: { min: field.minItems } };
  }
  return { field: field.id, code: 'required' };
}

/** Every problem with one shown field's answer; a person group's point at "group[index].subfield". */
export function checkAnswer(field: FieldDefinition, value: AnswerValue | undefined, ctx: ValidationContext): FieldError[] {
  const listLike = field.type === 'multichoice' || field.type === 'person' || field.type === 'file';
  if (value === undefined || (typeof value === 'string' && (listLike || field.type === 'address'))) {
    if (isEmptyAnswer(value)) return field.optional ? [] : [nothingGiven(field)];
    return [{ field: field.id, code: 'answer.type' }];
  }
  if (isEmptyAnswer(value)) return field.optional ? [] : [nothingGiven(field)];
  let error: FieldError | null;
  switch (field.type) {
    case 'multichoice':
      error = checkMultichoice(field, value);
      break;
    case 'address':
      error = checkAddress(field, value);
      break;
    case 'person':
      return checkPersons(field, value, ctx);
    case 'file':
      error = checkFiles(field, value);
      break;
    default:
      error = checkText1(field, field.id, value, ctx);
  }
  return error ? [error] : [];
}

/** Checks one visible field's answer: its first problem. */
export function checkField(field: FieldDefinition, value: AnswerValue | undefined, ctx: ValidationContext): FieldError | null {
  return checkAnswer(field, value, ctx)[0] ?? null;
}

const placesOfForm = new WeakMap<FormDefinition, Map<string, FieldPlace>>();

function placesOf(form: FormDefinition): Map<string, FieldPlace> {
  let places = placesOfForm.get(form);
  if (!places) {
    places = fieldPlaces(form);
    placesOfForm.set(form, places);
  }
  return places;
}

function pinMatchesDate(pin: string, date: string): boolean {
  const parts = splitDate(date);
  return (
    Number(pin.slice(1, 3)) === Number(parts.day) &&
    Number(pin.slice(3, 5)) === Number(parts.month) &&
    Number(pin.slice(5, 9)) === Number(parts.year)
  );
}

/**
 * A rule's verdict on the page of its later field, reported on that field,
 * once both answers pass their own checks (one message per problem).
 */
function ruleErrors(form: FormDefinition, page: FormPage, shown: Set<string>, answers: Answers, ctx: ValidationContext): FieldError[] {
  const errors: FieldError[] = [];
  const places = placesOf(form);
  const pageIndex = form.pages.indexOf(page);
  for (const rule of form.rules ?? []) {
    const pin = places.get(rule.pin);
    const date = places.get(rule.date);
    if (!pin || !date) continue;
    const later = pin.order > date.order ? { place: pin, ref: rule.pin } : { place: date, ref: rule.date };
    if (later.place.pageIndex !== pageIndex) continue;
    const report = withinScope(later.ref);
    const group = pin.group;
    if (group) {
      const persons = answers[group.id];
      if (!shown.has(group.id) || !isPersonList(persons)) continue;
      persons.forEach((person, index) => {
        const at = (sub: string) => personFieldPath(group.id, index, sub);
        const pinText = person[pin.field.id];
        const dateText = person[date.field.id];
        if (!bothValid(pin.field, pinText, date.field, dateText, ctx)) return;
        if (!pinMatchesDate(pinText ?? '', dateText ?? '')) errors.push({ field: at(report), code: 'pin.birthDateMismatch' });
      });
      continue;
    }
    if (!shown.has(rule.pin) || !shown.has(rule.date)) continue;
    const pinText = answers[rule.pin];
    const dateText = answers[rule.date];
    if (typeof pinText !== 'string' || typeof dateText !== 'string') continue;
    if (!bothValid(pin.field, pinText, date.field, dateText, ctx)) continue;
    if (!pinMatchesDate(pinText, dateText)) errors.push({ field: report, code: 'pin.birthDateMismatch' });
  }
  return errors;
}

/** The id, within its scope, of the field a rule's error is shown beside. */
function withinScope(ref: string): string {
  return ref.includes('.') ? ref.slice(ref.indexOf('.') + 1) : ref;
}

function bothValid(a: AnyField, aText: string | undefined, b: AnyField, bText: string | undefined, ctx: ValidationContext): boolean {
  if (!aText?.trim() || !bText?.trim()) return false;
  return checkText1(a, a.id, aText, ctx) === null && checkText1(b, b.id, bText, ctx) === null;
}

function checkShownPage(
  form: FormDefinition,
  page: FormPage,
  fields: FieldDefinition[],
  shown: Set<string>,
  answers: Answers,
  ctx: ValidationContext,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of fields) {
    for (const error of checkAnswer(field, answers[field.id], ctx)) errors.push(error);
  }
  if (form.rules) errors.push(...ruleErrors(form, page, shown, answers, ctx));
  return errors;
}

function shownIds(pages: Map<string, FieldDefinition[]>): Set<string> {
  const ids = new Set<string>();
  for (const fields of pages.values()) for (const field of fields) ids.add(field.id);
  return ids;
}

export function validatePage(form: FormDefinition, pageId: string, answers: Answers, ctx: ValidationContext): FieldError[] {
  const page = form.pages.find((p) => p.id === pageId);
  if (!page) return [{ field: pageId, code: 'page.unknown' }];
  const pages = shownFields(form, answers);
  const fields = pages.get(page.id);
  if (!fields) return [];
  return checkShownPage(form, page, fields, shownIds(pages), answers, ctx);
}

/**
 * The verdict on a whole application: every shown field checked, the form's
 * rules, and no answer to a field the form does not have. Answers to hidden
 * fields are not judged (`keepVisibleAnswers` drops them before submit).
 */
export function validateAnswers(form: FormDefinition, answers: Answers, ctx: ValidationContext): FieldError[] {
  const places = placesOf(form);
  const errors: FieldError[] = [];
  for (const key of Object.keys(answers)) {
    if (!places.has(key) || key.includes('.')) errors.push({ field: key, code: 'answer.unknown' });
  }
  const pages = shownFields(form, answers);
  const shown = shownIds(pages);
  for (const page of form.pages) {
    const fields = pages.get(page.id);
    if (!fields) continue;
    for (const error of checkShownPage(form, page, fields, shown, answers, ctx)) errors.push(error);
  }
  return errors;
}

/** The answers a submitted application carries: shown, non-empty ones only. */
export function keepVisibleAnswers(form: FormDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const fields of shownFields(form, answers).values()) {
    for (const field of fields) {
      const value = answers[field.id];
      if (value !== undefined && !isEmptyAnswer(value)) kept[field.id] = value;
    }
  }
  return kept;
}

/** Every code `checkAnswer` and `validateAnswers` can answer with; each has a message in both languages. */
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
  'choice.tooFew',
  'choice.tooMany',
  'pin.length',
  'pin.digits',
  'pin.gender',
  'pin.date',
  'pin.birthDateMismatch',
  'phone.invalid',
  'email.invalid',
  'document.invalid',
  'address.region',
  'address.district',
  'address.settlement',
  'address.street',
  'person.tooFew',
  'person.tooMany',
  'file.type',
  'file.twice',
  'file.tooFew',
  'file.tooMany',
] as const;
