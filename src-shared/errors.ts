import { z } from 'zod';

/**
 * One problem with one answer. `code` is a message key the renderer translates
 * (`errors.<code>`); params fill its placeholders. No text crosses the contract.
 */
export const FieldError = z.object({
  field: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FieldError = z.infer<typeof FieldError>;

/** Error codes that cross the contract; each has a translation in both languages. */
export const API_ERROR_CODES = [
  'input.invalid',
  'method.unknown',
  'service.unknown',
  'variant.unknown',
  'form.unknown',
  'draft.notFound',
  'application.notFound',
  'application.invalid',
  'consent.required',
  'kiosk.notEnrolled',
  'enroll.failed',
  'attachment.type',
  'attachment.notAccepted',
  'attachment.tooLarge',
  'attachment.corrupt',
  'attachment.pixels',
  'attachment.pdfScript',
  'attachment.pdfEmbedded',
  'attachment.tooMany',
  'attachment.twice',
  'attachment.notFound',
  'attachment.noScanner',
  'resume.notFound',
  'resume.locked',
  'draft.migrated',
  'lookup.invalid',
  'status.notFound',
  'status.offlineUnknown',
  'account.offline',
  'account.invalid',
  'account.credentials',
  'account.locked',
  'account.sessionEnded',
  'account.termsRequired',
  'account.termsOutdated',
  'account.blocked',
  'account.misuseLocked',
  'account.deleted',
  'account.restricted',
  'account.passwordWrong',
  'account.notRestorable',
  'account.signedOut',
  'notice.notFound',
  'clerk.required',
  'clerk.adminRequired',
  'clerk.credentials',
  'clerk.locked',
  'clerk.notProvisioned',
  'clerk.queryInvalid',
  'identity.invalid',
  'identity.offline',
  'identity.accountNotFound',
  'settings.invalid',
  'enroll.notAllowed',
  'enroll.codeRefused',
  'enroll.offline',
  'clerkCall.notFound',
  'internal',
] as const;
export const ApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiError = z.object({
  code: ApiErrorCode,
  fields: z.array(FieldError).optional(),
  /** Fills the message's placeholders (e.g. `minutes` of a lock). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** Thrown inside the core and the shells; turned into `{ ok: false, error }` at the contract. */
export class KioskError extends Error {
  readonly code: ApiErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly params: Record<string, string | number> | undefined;

  constructor(code: ApiErrorCode, fields?: FieldError[], params?: Record<string, string | number>) {
    super(code);
    this.name = 'KioskError';
    this.code = code;
    this.fields = fields;
    this.params = params;
  }

  toApiError(): ApiError {
    return {
      code: this.code,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.params ? { params: this.params } : {}),
    };
  }
}
