import type { FormChange } from '../contract';
import { checkAnswer, isEmptyAnswer } from './engine';
import type { AnswerValue, Answers, FieldDefinition, FormDefinition } from './schema';

/**
 * Moving a draft's answers from one version of its form to another, field by
 * field, and saying what changed so the citizen can be told. Pure: the core
 * runs it when it opens or submits a draft whose form version is no longer
 * accepted (forms/versions.ts).
 */
export interface MigrationOptions {
  /** The day the answers are judged on (dates "not in the future", ages). */
  today: Date;
}

export interface MigratedAnswers {
  answers: Answers;
  changes: FormChange[];
}

/**
 * Codes that say an answer is not finished (too few items, nothing given):
 * the citizen has more to add, but nothing given is wrong.
 */
const UNFINISHED = new Set(['required', 'choice.tooFew', 'person.tooFew', 'file.tooFew']);

function fieldsOf(form: FormDefinition): FieldDefinition[] {
  return form.pages.flatMap((page) => page.fields);
}

/** Whether a field takes this answer as it stands; an unfinished one counts as taken. */
function takes(field: FieldDefinition, value: AnswerValue, today: Date): boolean {
  return checkAnswer(field, value, { today }).every((error) => UNFINISHED.has(error.code));
}

/**
 * One new field's answer: kept when the new field takes it; dropped when the
 * old field took it and the new one does not ("cleared"). An answer the old
 * field did not take either (a half-typed date) is the citizen's work in
 * progress: the new form takes nothing more away from it, so it stays as typed.
 */
function carryOver(
  oldField: FieldDefinition | undefined,
  newField: FieldDefinition,
  value: AnswerValue | undefined,
  today: Date,
): { value: AnswerValue | undefined; change: FormChange['kind'] | null } {
  if (!oldField) return { value: undefined, change: 'added' };
  const given = value !== undefined && !isEmptyAnswer(value);
  if (oldField.type !== newField.type) {
    // Another kind of question under the same id: the old answer cannot mean the same.
    return { value: undefined, change: given ? 'cleared' : 'added' };
  }
  if (value === undefined) return { value: undefined, change: null };
  if (!given || takes(newField, value, today) || !takes(oldField, value, today)) return { value, change: null };
  return { value: undefined, change: 'cleared' };
}

/**
 * The answers of `from`'s draft for the form `to`: same id and type → kept if
 * the new field takes it, else cleared; a field gone → removed; a new field →
 * added. Changes come in the new form's order, then the removed fields in
 * the old form's order; labels are the form's that has the field.
 */
export function migrateAnswers(
  from: FormDefinition,
  to: FormDefinition,
  answers: Answers,
  options: MigrationOptions,
): MigratedAnswers {
  const oldFields = new Map(fieldsOf(from).map((field) => [field.id, field]));
  const newIds = new Set(fieldsOf(to).map((field) => field.id));
  const migrated: Answers = {};
  const changes: FormChange[] = [];
  for (const field of fieldsOf(to)) {
    const result = carryOver(oldFields.get(field.id), field, answers[field.id], options.today);
    if (result.value !== undefined) migrated[field.id] = result.value;
    if (result.change) changes.push({ kind: result.change, fieldId: field.id, label: field.label });
  }
  for (const field of oldFields.values()) {
    if (!newIds.has(field.id)) changes.push({ kind: 'removed', fieldId: field.id, label: field.label });
  }
  return { answers: migrated, changes };
}
