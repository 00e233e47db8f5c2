import { z } from 'zod';
import { Localized } from '../language';

/**
 * A form is data (like ODK's XForms): pages of fields with labels in both
 * languages, conditions and validation rules. The one engine in
 * `engine.ts` reads it in the renderer, the core and the central service.
 */
export const FIELD_TYPES = [
  'text',
  'longtext',
  'number',
  'date',
  'choice',
  'multichoice',
  'yesno',
  'pin',
  'phone',
  'email',
  'document',
  'address',
  'person',
  'file',
] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

/** What a person group may ask of each person: one-line answers (no lists, addresses or groups inside). */
export const PERSON_FIELD_TYPES = ['text', 'number', 'date', 'choice', 'yesno', 'pin', 'phone', 'email', 'document'] as const;

/** The longest answer one subfield of a person may carry; the contract refuses longer. */
export const PERSON_VALUE_MAX = 400;

const FieldId = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'field ids are camelCase identifiers');

/** Show a field or page only when another answer has one of these values. */
export const Condition = z.object({
  field: FieldId,
  equals: z.array(z.string().min(1)).min(1),
});
export type Condition = z.infer<typeof Condition>;

export const ChoiceOption = z.object({
  value: z.string().min(1).max(64),
  label: Localized,
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

const fieldProperties = {
  id: FieldId,
  label: Localized,
  hint: Localized.optional(),
  /** Marked "(optional)" on screen; every other field is required. */
  optional: z.boolean().optional(),
  showIf: Condition.optional(),
  minLength: z.number().int().nonnegative().optional(),
  maxLength: z.number().int().positive().optional(),
  /** A regular expression the whole answer must match, with its own message. */
  pattern: z.string().optional(),
  patternMessage: Localized.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  /** Dates: refuse a date after today (births, issue dates). */
  notFuture: z.boolean().optional(),
  /** Dates: the person must be at least this old today. */
  minAgeYears: z.number().int().positive().optional(),
  options: z.array(ChoiceOption).min(2).optional(),
  /** Choice: big radio cards (the default) or one native select for long lists. */
  display: z.enum(['radio', 'select']).optional(),
};

type FieldShape = {
  id: string;
  type: string;
  pattern?: string | undefined;
  patternMessage?: unknown;
  options?: unknown[] | undefined;
  display?: string | undefined;
};

function checkFieldShape(field: FieldShape, ctx: z.RefinementCtx): void {
  if ((field.type === 'choice' || field.type === 'multichoice') && !field.options) {
    ctx.addIssue({ code: 'custom', message: `${field.type} field ${field.id} needs options` });
  }
  if (field.display !== undefined && field.type !== 'choice') {
    ctx.addIssue({ code: 'custom', message: `field ${field.id}: only a choice has a display` });
  }
  if (field.pattern !== undefined) {
    try {
      new RegExp(field.pattern, 'u');
    } catch {
      ctx.addIssue({ code: 'custom', message: `field ${field.id} has a broken pattern` });
    }
    if (!field.patternMessage) {
      ctx.addIssue({ code: 'custom', message: `field ${field.id} has a pattern but no patternMessage` });
    }
  }
}

/** One question about each person of a group; its answers are strings of at most PERSON_VALUE_MAX characters. */
export const PersonFieldDefinition = z
  .object({
    ...fieldProperties,
    type: z.enum(PERSON_FIELD_TYPES),
    maxLength: z.number().int().positive().max(PERSON_VALUE_MAX).optional(),
  })
  .strict()
  .superRefine((field, ctx) => {
    checkFieldShape(field, ctx);
    if (field.showIf) ctx.addIssue({ code: 'custom', message: `person subfield ${field.id} cannot have a condition` });
  });
export type PersonFieldDefinition = z.infer<typeof PersonFieldDefinition>;

/** What a file field may accept: checked by content in the core, never by the name. */
export const ATTACHMENT_MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const AttachmentMediaType = z.enum(ATTACHMENT_MEDIA_TYPES);
export type AttachmentMediaType = z.infer<typeof AttachmentMediaType>;
/** The most files one file field may hold, whatever a form says; 5 when it says nothing. */
export const FILES_MAX = 10;
export const FILES_DEFAULT_MAX = 5;

/** The most persons one group may hold, whatever a form says. */
export const PERSONS_MAX = 20;
/** The most options a multiple choice may have picked, whatever a form says. */
export const SELECTIONS_MAX = 50;

export const FieldDefinition = z
  .object({
    ...fieldProperties,
    type: FieldType,
    /** Multiple choice: how many options; person: how many persons. */
    minItems: z.number().int().nonnegative().optional(),
    maxItems: z.number().int().positive().optional(),
    /** Person: what is asked of each person. */
    fields: z.array(PersonFieldDefinition).min(1).max(20).optional(),
    /** File: the kinds of file taken (default: all three). */
    accept: z.array(AttachmentMediaType).min(1).max(3).optional(),
  })
  .superRefine((field, ctx) => {
    checkFieldShape(field, ctx);
    const listLike = field.type === 'multichoice' || field.type === 'person' || field.type === 'file';
    if (!listLike && (field.minItems !== undefined || field.maxItems !== undefined)) {
      ctx.addIssue({ code: 'custom', message: `field ${field.id}: only lists have minItems/maxItems` });
    }
    if (field.accept !== undefined && field.type !== 'file') {
      ctx.addIssue({ code: 'custom', message: `field ${field.id}: only a file field has accept` });
    }
    const cap = field.type === 'person' ? PERSONS_MAX : field.type === 'file' ? FILES_MAX : SELECTIONS_MAX;
    if (field.maxItems !== undefined && field.maxItems > cap) {
      ctx.addIssue({ code: 'custom', message: `field ${field.id}: maxItems above ${cap}` });
    }
    if (field.minItems !== undefined && field.maxItems !== undefined && field.minItems > field.maxItems) {
      ctx.addIssue({ code: 'custom', message: `field ${field.id}: minItems above maxItems` });
    }
    if ((field.type === 'person') !== (field.fields !== undefined)) {
      ctx.addIssue({ code: 'custom', message: `field ${field.id}: a person group, and only it, has fields` });
    }
    const subIds = new Set<string>();
    for (const sub of field.fields ?? []) {
      if (subIds.has(sub.id)) ctx.addIssue({ code: 'custom', message: `field ${field.id}: subfield ${sub.id} twice` });
      subIds.add(sub.id);
    }
  });
export type FieldDefinition = z.infer<typeof FieldDefinition>;

export const FormPage = z.object({
  id: FieldId,
  /** The question of the page, used as its heading. */
  title: Localized,
  intro: Localized.optional(),
  showIf: Condition.optional(),
  fields: z.array(FieldDefinition).min(1),
});
export type FormPage = z.infer<typeof FormPage>;

/** A field of the form, or a subfield of a person group as "group.subfield" (checked for each person). */
const FieldRef = z.string().regex(/^[a-z][a-zA-Z0-9_]*(\.[a-z][a-zA-Z0-9_]*)?$/);

/**
 * Rules across fields, each with its own error code. Checked once both
 * answers pass their own checks, on the page of the later of the two fields,
 * and reported on that field.
 */
export const CrossFieldRule = z.discriminatedUnion('rule', [
  /** The date of birth inside a ПИН (DDMMYYYY after the first digit) is the date field's. */
  z.object({ rule: z.literal('pinMatchesBirthDate'), pin: FieldRef, date: FieldRef }).strict(),
]);
export type CrossFieldRule = z.infer<typeof CrossFieldRule>;

/** Where a field sits in the form: its page, its order and, for a subfield, its group. */
export interface FieldPlace {
  pageIndex: number;
  order: number;
  field: FieldDefinition | PersonFieldDefinition;
  group?: FieldDefinition;
}

export function fieldPlaces(form: { pages: FormPage[] }): Map<string, FieldPlace> {
  const places = new Map<string, FieldPlace>();
  let order = 0;
  form.pages.forEach((page, pageIndex) => {
    for (const field of page.fields) {
      places.set(field.id, { pageIndex, order: order++, field });
      for (const sub of field.fields ?? []) places.set(`${field.id}.${sub.id}`, { pageIndex, order: order++, field: sub, group: field });
    }
  });
  return places;
}

const RULE_FIELD_TYPES: Record<CrossFieldRule['rule'], Record<string, FieldType>> = {
  pinMatchesBirthDate: { pin: 'pin', date: 'date' },
};

export const FormDefinition = z
  .object({
    id: z.string().min(1),
    version: z.number().int().positive(),
    title: Localized,
    pages: z.array(FormPage).min(1),
    rules: z.array(CrossFieldRule).max(50).optional(),
  })
  .superRefine((form, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message: `form ${form.id}: ${message}` });
    const ids = new Set<string>();
    for (const page of form.pages) {
      for (const field of page.fields) {
        if (ids.has(field.id)) issue(`field id ${field.id} is used twice`);
        ids.add(field.id);
      }
    }
    const places = fieldPlaces(form);
    form.pages.forEach((page, pageIndex) => {
      if (page.showIf) {
        const target = places.get(page.showIf.field);
        if (!target) issue(`condition names unknown field ${page.showIf.field}`);
        // Conditions look back: a page depends only on answers of earlier pages.
        else if (target.pageIndex >= pageIndex) issue(`page ${page.id} depends on a field of its own or a later page`);
      }
      for (const field of page.fields) {
        if (!field.showIf) continue;
        const target = places.get(field.showIf.field);
        if (!target) issue(`condition names unknown field ${field.showIf.field}`);
        else if (target.order >= (places.get(field.id)?.order ?? 0)) issue(`field ${field.id} depends on a later field`);
      }
    });
    for (const rule of form.rules ?? []) {
      const refs = Object.entries(RULE_FIELD_TYPES[rule.rule]).map(([key, type]) => {
        const ref = (rule as unknown as Record<string, string>)[key] ?? '';
        const place = places.get(ref);
        if (!place) issue(`rule ${rule.rule} names unknown field ${ref}`);
        else if (place.field.type !== type) issue(`rule ${rule.rule}: ${ref} is not a ${type} field`);
        return place;
      });
      if (refs.every(Boolean) && new Set(refs.map((p) => p?.group?.id)).size !== 1) {
        issue(`rule ${rule.rule}: both fields must be in the same person group or both outside groups`);
      }
    }
  });
export type FormDefinition = z.infer<typeof FormDefinition>;

/**
 * Answers as the citizen typed them, bounded so that a hostile renderer
 * cannot make the core or the central service hold megabytes. Text is kept as
 * typed (a date is "YYYY-MM-DD" of the raw parts, so a half-typed date is
 * never lost); multiple choice is a list of option values; an address is its
 * place ids and a street line; a person group is a list of records, one per
 * person, of its subfields' text.
 */
export const AddressAnswer = z
  .object({
    region: z.string().max(64),
    district: z.string().max(64),
    settlement: z.string().max(64),
    street: z.string().max(200),
  })
  .strict();
export type AddressAnswer = z.infer<typeof AddressAnswer>;

export const PersonAnswer = z
  .record(z.string().max(64), z.string().max(PERSON_VALUE_MAX))
  .refine((record) => Object.keys(record).length <= 20, 'a person has at most 20 answers');
export type PersonAnswer = z.infer<typeof PersonAnswer>;

/** One attached file: the bytes live content-addressed beside the draft, the answer only names them. */
export const FileAnswer = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    fileName: z.string().min(1).max(200),
    mediaType: AttachmentMediaType,
    size: z.number().int().positive().max(1024 * 1024 * 1024),
  })
  .strict();
export type FileAnswer = z.infer<typeof FileAnswer>;

export const AnswerValue = z.union([
  z.string().max(4000),
  z.array(z.string().max(200)).max(SELECTIONS_MAX),
  AddressAnswer,
  z.array(PersonAnswer).max(PERSONS_MAX),
  z.array(FileAnswer).max(FILES_MAX),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

/** The most fields, and the most characters over all answers, one application may carry. */
export const ANSWERS_MAX_FIELDS = 200;
export const ANSWERS_MAX_CHARACTERS = 100_000;

function charactersOf(value: AnswerValue): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) {
      if (typeof item === 'string') total += item.length;
      else for (const text of Object.values(item)) total += typeof text === 'string' ? text.length : 0;
    }
    return total;
  }
  return value.region.length + value.district.length + value.settlement.length + value.street.length;
}

export const Answers = z
  .record(z.string().max(64), AnswerValue)
  .refine((answers) => Object.keys(answers).length <= ANSWERS_MAX_FIELDS, 'too many answers')
  .refine(
    (answers) => Object.values(answers).reduce((sum, value) => sum + charactersOf(value), 0) <= ANSWERS_MAX_CHARACTERS,
    'answers too long',
  );
export type Answers = z.infer<typeof Answers>;
