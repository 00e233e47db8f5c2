import type { FindResult, FoundItem } from '../../../src-shared/clerks/views';
import { LOOKUP_CODE_LENGTH, RESUME_CODE_LENGTH, normalizePlainCode } from '../../../src-shared/codes';
import { KioskError } from '../../../src-shared/errors';
import type { Answers, FormDefinition } from '../../../src-shared/forms/schema';
import { checkPin } from '../../../src-shared/validators/pin';
import type { ApplicationStore } from '../applications/applications';
import type { KioskDatabase } from '../db/database';
import type { DraftStore } from '../drafts/drafts';
import type { ResumeCodes } from '../drafts/resume';
import type { IdentityConfirmations } from './identity-confirmations';

/** The most items one search answers (the contract's limit). */
const FOUND_MAX = 100;

export type ClerkQueryKind = FindResult['matchedBy'];

/**
 * What a clerk typed, read as a ПИН (14 digits, spaces forgiven), a resume
 * code (8) or a lookup code (12), look-alike letters made Latin; anything
 * else is `clerk.queryInvalid`.
 */
export function classifyClerkQuery(query: string, today: Date): { kind: ClerkQueryKind; value: string } {
  const digits = query.replace(/\s+/g, '');
  if (/^[0-9]{14}$/.test(digits)) {
    if (checkPin(digits, today) !== null) throw new KioskError('clerk.queryInvalid');
    return { kind: 'pin', value: digits };
  }
  const resume = normalizePlainCode(query, RESUME_CODE_LENGTH);
  if (resume !== null) return { kind: 'resumeCode', value: resume };
  const lookup = normalizePlainCode(query, LOOKUP_CODE_LENGTH);
  if (lookup !== null) return { kind: 'lookupCode', value: lookup };
  throw new KioskError('clerk.queryInvalid');
}

/** Whether `pin` is the answer to one of the form's ПИН fields, on its own or in a person of a group. */
export function answersCarryPin(form: FormDefinition, answers: Answers, pin: string): boolean {
  for (const page of form.pages) {
    for (const field of page.fields) {
      const answer = answers[field.id];
      if (field.type === 'pin' && answer === pin) return true;
      if (field.type === 'person' && Array.isArray(answer)) {
        const pinFields = (field.fields ?? []).filter((sub) => sub.type === 'pin').map((sub) => sub.id);
        for (const person of answer) {
          if (typeof person === 'object' && pinFields.some((id) => (person as Record<string, unknown>)[id] === pin)) return true;
        }
      }
    }
  }
  return false;
}

interface DraftMatchRow {
  id: string;
  form_id: string;
  form_version: number;
  answers_json: string;
  has_code: number;
  assisted_by: string | null;
}

interface ApplicationMatchRow {
  id: string;
  form_id: string;
  form_version: number;
  answers_json: string;
}

export interface ClerkFindDeps {
  db: KioskDatabase;
  drafts: DraftStore;
  resumeCodes: ResumeCodes;
  applications: ApplicationStore;
  confirmations: IdentityConfirmations;
  formFor: (formId: string, version: number) => FormDefinition | undefined;
  clock: () => Date;
}

/**
 * A clerk's search over this kiosk's drafts and applications. What it
 * answers names them and their state, never their answers.
 */
export function createClerkFind(deps: ClerkFindDeps) {
  const { db, drafts, applications, confirmations } = deps;
  const draftInfo = db.prepare<[string], { has_code: number; assisted_by: string | null }>(
    'SELECT resume_code_sha256 IS NOT NULL AS has_code, assisted_by FROM drafts WHERE id = ?',
  );
  // The text search only narrows the rows; the form's ПИН fields decide.
  const draftsWithText = db.prepare<[string], DraftMatchRow>(
    `SELECT id, form_id, form_version, answers_json, resume_code_sha256 IS NOT NULL AS has_code, assisted_by
     FROM drafts WHERE instr(answers_json, ?) > 0 ORDER BY updated_at DESC`,
  );
  const applicationsWithText = db.prepare<[string], ApplicationMatchRow>(
    `SELECT a.id, a.form_id, a.form_version, c.answers_json
     FROM application_content c JOIN applications a ON a.id = c.application_id
     WHERE instr(c.answers_json, ?) > 0 ORDER BY a.submitted_at DESC`,
  );
  const assistedByOf = db.prepare<[string], { assisted_by: string | null }>('SELECT assisted_by FROM applications WHERE id = ?');

  /** A live draft as found; null when it has expired (the purge will take it). */
  function foundDraft(id: string, hasCode: boolean, assistedBy: string | null): FoundItem | null {
    const draft = drafts.load(id);
    if (drafts.isExpired(draft, deps.clock())) return null;
    return {
      kind: 'draft',
      draftId: draft.id,
      serviceId: draft.serviceId,
      variantId: draft.variantId,
      updatedAt: draft.updatedAt,
      expiresAt: draft.expiresAt,
      abandoned: !hasCode,
      assistedBy,
    };
  }

  function foundApplication(id: string): FoundItem {
    const receipt = applications.receipt(id);
    return {
      kind: 'application',
      applicationId: receipt.applicationId,
      localNumber: receipt.localNumber,
      lookupCode: receipt.lookupCode,
      registrationNumber: receipt.registrationNumber,
      serviceId: receipt.serviceId,
      variantId: receipt.variantId,
      submittedAt: receipt.submittedAt,
      delivery: receipt.delivery,
      assistedBy: assistedByOf.get(id)?.assisted_by ?? null,
      identity: confirmations.latestFor(id),
    };
  }

  const carries = (row: { form_id: string; form_version: number; answers_json: string }, pin: string): boolean => {
    const form = deps.formFor(row.form_id, row.form_version);
    return form !== undefined && answersCarryPin(form, JSON.parse(row.answers_json) as Answers, pin);
  };

  function byPin(pin: string): FoundItem[] {
    const found: FoundItem[] = [];
    for (const row of draftsWithText.all(pin)) {
      if (found.length >= FOUND_MAX) break;
      if (!carries(row, pin)) continue;
      const item = foundDraft(row.id, row.has_code === 1, row.assisted_by);
      if (item) found.push(item);
    }
    for (const row of applicationsWithText.all(pin)) {
      if (found.length >= FOUND_MAX) break;
      if (carries(row, pin)) found.push(foundApplication(row.id));
    }
    return found;
  }

  return {
    find(query: string): FindResult {
      const { kind, value } = classifyClerkQuery(query, deps.clock());
      switch (kind) {
        case 'resumeCode': {
          const draftId = deps.resumeCodes.draftOfCode(value);
          const info = draftId === null ? undefined : draftInfo.get(draftId);
          const item = draftId === null || !info ? null : foundDraft(draftId, info.has_code === 1, info.assisted_by);
          return { matchedBy: kind, items: item ? [item] : [] };
        }
        case 'lookupCode': {
          const application = applications.byLookupCode(value);
          return { matchedBy: kind, items: application ? [foundApplication(application.applicationId)] : [] };
        }
        case 'pin':
          return { matchedBy: kind, items: byPin(value) };
      }
    },
  };
}
export type ClerkFind = ReturnType<typeof createClerkFind>;
