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
  'yesno',
  'pin',
  'phone',
  'email',
  'document',
] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

const FieldId = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'field ids are camelCase identifiers');

/** Show a field or page only when another answer has one of these values. */
export const Condition = z.object({
  field: FieldId,
  equals: z.array(z.string()).min(1),
});
export type Condition = z.infer<typeof Condition>;

export const ChoiceOption = z.object({
  value: z.string().min(1),
  label: Localized,
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const FieldDefinition = z
  .object({
    id: FieldId,
    type: FieldType,
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
  })
  .superRefine((field, ctx) => {
    if (field.type === 'choice' && !field.options) {
      ctx.addIssue({ code: 'custom', message: `choice field ${field.id} needs options` });
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

export const FormDefinition = z
  .object({
    id: z.string().min(1),
    version: z.number().int().positive(),
    title: Localized,
    pages: z.array(FormPage).min(1),
  })
  .superRefine((form, ctx) => {
    const ids = new Set<string>();
    for (const page of form.pages) {
      for (const field of page.fields) {
        if (ids.has(field.id)) {
          ctx.addIssue({ code: 'custom', message: `form ${form.id}: field id ${field.id} is used twice` });
        }
        ids.add(field.id);
      }
    }
    for (const page of form.pages) {
      const conditions = [page.showIf, ...page.fields.map((f) => f.showIf)];
      for (const condition of conditions) {
        if (condition && !ids.has(condition.field)) {
          ctx.addIssue({ code: 'custom', message: `form ${form.id}: condition names unknown field ${condition.field}` });
        }
      }
    }
  });
export type FormDefinition = z.infer<typeof FormDefinition>;

/**
 * Answers as the citizen typed them. Every value is kept as a string (a date
 * is "YYYY-MM-DD" of the raw parts, so a half-typed date is never lost);
 * multiple choice would be a list.
 */
export const AnswerValue = z.union([z.string().max(4000), z.array(z.string().max(200)).max(50)]);
export type AnswerValue = z.infer<typeof AnswerValue>;
export const Answers = z.record(z.string().max(64), AnswerValue);
export type Answers = z.infer<typeof Answers>;
