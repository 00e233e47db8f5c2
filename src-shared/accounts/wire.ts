import { z } from 'zod';
import { StatusEntry, ApplicationState } from '../applications/status';
import { FieldError } from '../errors';
import { Answers } from '../forms/schema';
import { Language, Localized } from '../language';
import { LookupCode } from '../sync/wire';
import { FULL_NAME_MAX_LENGTH, LOGIN_MAX_LENGTH, PASSWORD_MAX_LENGTH } from './rules';

/**
 * Accounts on the wire between a kiosk and the central service
 * (docs/accounts.md). Accounts live in the central service; the kiosk keeps
 * nothing of them beyond the citizen's session. Every request is a signed
 * kiosk request (like the sync's), so a session is bound to the kiosk that
 * asked: a token read off one kiosk is worthless on another. The session
 * token travels in the body, inside the signature.
 *
 * All account routes are `POST` with a JSON body and answer JSON; a refusal
 * is `AccountErrorResponse` with a 4xx status.
 */

const Timestamp = z.string().datetime({ offset: true });
/** Long enough to carry any real value, short enough that nobody stores a book in it. */
const Text = (max: number) => z.string().max(max);

/** 32 random bytes, base64url: only its SHA-256 is kept by the service. */
export const SessionToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const ACCOUNT_PATHS = {
  terms: '/v1/terms/current',
  register: '/v1/accounts/register',
  login: '/v1/accounts/login',
  answerTerms: '/v1/accounts/terms',
  logout: '/v1/accounts/logout',
  cabinet: '/v1/accounts/cabinet',
  changePassword: '/v1/accounts/password',
  reportMisuse: '/v1/accounts/misuse',
  deleteAccount: '/v1/accounts/delete',
  restore: '/v1/accounts/restore',
  linkApplication: '/v1/accounts/applications/link',
  saveDraft: '/v1/accounts/drafts/save',
  deleteDraft: '/v1/accounts/drafts/delete',
  readNotice: '/v1/accounts/notices/read',
} as const;

/** One edition of the agreement and the privacy policy, in both languages; versions only grow. */
export const TermsVersion = z.object({
  version: z.number().int().positive(),
  effectiveAt: Timestamp,
  agreement: Localized,
  privacy: Localized,
});
export type TermsVersion = z.infer<typeof TermsVersion>;

/** `GET /v1/terms/current` (signed): the edition in force now. */
export const TermsResponse = TermsVersion;

export const AccountView = z.object({
  login: z.string(),
  fullName: z.string(),
  pin: z.string(),
  phone: z.string(),
  createdAt: Timestamp,
  /** A clerk checked the citizen's document (agreement 2.3). */
  verified: z.boolean(),
  /** The edition of the terms this account accepted last. */
  termsVersion: z.number().int().positive(),
});
export type AccountView = z.infer<typeof AccountView>;

export const SessionGrant = z.object({
  token: SessionToken,
  expiresAt: Timestamp,
});
export type SessionGrant = z.infer<typeof SessionGrant>;

/**
 * What register, login, accepting new terms and restore answer. With
 * `termsToAccept` set, the session can only answer the terms or end:
 * every other call is `account.termsRequired`.
 */
export const SessionResponse = z.object({
  session: SessionGrant,
  account: AccountView,
  termsToAccept: TermsVersion.nullable(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const RegisterRequest = z.object({
  login: Text(LOGIN_MAX_LENGTH * 2),
  password: Text(PASSWORD_MAX_LENGTH * 4),
  fullName: Text(FULL_NAME_MAX_LENGTH * 2),
  pin: Text(40),
  phone: Text(40),
  /** The edition the citizen was shown and accepted; refused when another is in force by now. */
  termsVersion: z.number().int().positive(),
  language: Language,
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z.object({ login: Text(LOGIN_MAX_LENGTH * 2), password: Text(PASSWORD_MAX_LENGTH * 4) });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Accepting continues the session; declining ends it (`{ ended: true }`). */
export const AnswerTermsRequest = z.object({ token: SessionToken, version: z.number().int().positive(), language: Language, accept: z.boolean() });
export type AnswerTermsRequest = z.infer<typeof AnswerTermsRequest>;

/** Logout, report misuse and the cabinet take the session alone. */
export const TokenRequest = z.object({ token: SessionToken });
export type TokenRequest = z.infer<typeof TokenRequest>;

/** What logout, reporting misuse and declining the terms answer: the session is over. */
export const EndedResponse = z.object({ ended: z.literal(true) });

/** Answered with `DoneResponse`; every other session of the account ends, this one goes on. */
export const ChangePasswordRequest = z.object({
  token: SessionToken,
  currentPassword: Text(PASSWORD_MAX_LENGTH * 4),
  newPassword: Text(PASSWORD_MAX_LENGTH * 4),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** Deleting asks for the password again; the account is blocked until `restoreUntil`, then purged. */
export const DeleteAccountRequest = z.object({ token: SessionToken, password: Text(PASSWORD_MAX_LENGTH * 4) });
export const DeleteAccountResponse = z.object({ restoreUntil: Timestamp });

export const RestoreRequest = LoginRequest;

/**
 * An application submitted at this kiosk while the citizen was logged in,
 * sent right after submit. The application itself may reach the service
 * later (an offline kiosk): until then the cabinet shows it as
 * `notReceived` with the receipt's lookup code, service and time given here.
 */
export const LinkApplicationRequest = z.object({
  token: SessionToken,
  applicationId: z.string().uuid(),
  lookupCode: LookupCode,
  serviceId: z.string().min(1).max(100),
  variantId: z.string().min(1).max(100),
  submittedAt: Timestamp,
});
export type LinkApplicationRequest = z.infer<typeof LinkApplicationRequest>;
export const LinkedResponse = z.object({ linked: z.literal(true) });

/**
 * A draft kept in the account so it can be continued at any kiosk. Files
 * stay at the kiosk that scanned them: a draft saved to the account carries
 * answers without file fields, and the citizen attaches the documents again.
 */
export const AccountDraft = z.object({
  id: z.string().uuid(),
  serviceId: z.string().min(1).max(100),
  variantId: z.string().min(1).max(100),
  formId: z.string().min(1).max(100),
  formVersion: z.number().int().positive(),
  answers: Answers,
  pageId: z.string().max(64).nullable(),
  language: Language,
  updatedAt: Timestamp,
});
export type AccountDraft = z.infer<typeof AccountDraft>;

export const SaveDraftRequest = z.object({ token: SessionToken, draft: AccountDraft });
export const DeleteDraftRequest = z.object({ token: SessionToken, draftId: z.string().uuid() });
export const ReadNoticeRequest = z.object({ token: SessionToken, noticeId: z.string().uuid() });
/** What changing the password, saving or deleting a draft and marking a notice read answer. */
export const DoneResponse = z.object({ done: z.literal(true) });

/** A notice from the service to the citizen (agreement 3.2). */
export const Notice = z.object({
  id: z.string().uuid(),
  sentAt: Timestamp,
  title: Localized,
  body: Localized,
  readAt: Timestamp.nullable(),
});
export type Notice = z.infer<typeof Notice>;

/** One of the citizen's applications: linked at submit, or, after a clerk confirmed the identity, a guest one with the same ПИН. */
export const CabinetApplication = z.object({
  applicationId: z.string().uuid(),
  lookupCode: z.string(),
  /** Null while the application has not reached the service yet (an offline kiosk). */
  registrationNumber: z.string().nullable(),
  serviceId: z.string(),
  variantId: z.string(),
  submittedAt: Timestamp.nullable(),
  /** `notReceived`: linked at submit, not arrived from the kiosk yet. */
  state: z.union([ApplicationState, z.literal('notReceived')]),
  history: z.array(StatusEntry),
});
export type CabinetApplication = z.infer<typeof CabinetApplication>;

export const CabinetResponse = z.object({
  account: AccountView,
  /** Newest first. */
  applications: z.array(CabinetApplication),
  /** Newest first. */
  drafts: z.array(AccountDraft),
  /** Newest first. */
  notices: z.array(Notice),
});
export type CabinetResponse = z.infer<typeof CabinetResponse>;

/**
 * Why an account request was refused. The kiosk turns these into contract
 * errors; none tells whether a login exists.
 */
export const ACCOUNT_ERROR_CODES = [
  /** Bad input: `fields` says which and why (login.taken, login.forbidden, password.common, …). */
  'account.invalid',
  /** Wrong login or password, or no such login: the same answer for all three. */
  'account.credentials',
  /** Too many wrong passwords for this login or at this kiosk: `retryAfterSeconds`. */
  'account.locked',
  /** The session expired, ended, or belongs to another kiosk. */
  'account.sessionEnded',
  /** A newer edition of the terms took effect: accept it first. */
  'account.termsRequired',
  /** The edition the citizen accepted is not the one in force any more (register, answer terms). */
  'account.termsOutdated',
  /** Blocked by the operator (`reason` says why, in both languages). */
  'account.blocked',
  /** The citizen reported misuse: a clerk must check the identity and reset the password. */
  'account.misuseLocked',
  /** Deleted by its owner and waiting for the purge: `restoreUntil`; restore is possible. */
  'account.deleted',
  /** The operator restricted this category of users. */
  'account.restricted',
  /** The current password given to change it or to delete the account is wrong. */
  'account.passwordWrong',
  /** Restore after the month, or of an account that was not deleted by its owner. */
  'account.notRestorable',
  'application.notFound',
  'draft.notFound',
  'notice.notFound',
] as const;
export const AccountErrorCode = z.enum(ACCOUNT_ERROR_CODES);

/**
 * The codes `fields` of an `account.invalid` carries, each with the name of
 * the request's field (`login`, `password`, `newPassword`, `fullName`, `pin`,
 * `phone`, …): the rules of rules.ts, the ПИН and phone checks, and what
 * only the service knows (a forbidden or taken login, a common password).
 */
export const ACCOUNT_FIELD_CODES = [
  'login.length',
  'login.characters',
  'login.start',
  'login.forbidden',
  'login.taken',
  'password.length',
  'password.login',
  'password.simple',
  'password.common',
  'fullName.required',
  'fullName.length',
  'fullName.characters',
  'pin.length',
  'pin.digits',
  'pin.gender',
  'pin.date',
  'phone.invalid',
  /** A control character (a line break, a tab, a bidi override…) in a text. */
  'text.control',
  /** Missing, of the wrong type, or not one of the values allowed: only a broken client sends it. */
  'value.invalid',
  /** A draft saved to the account names attached files: files stay at the kiosk that scanned them. */
  'draft.files',
  /** The account keeps this many drafts at most (`params.max`). */
  'draft.tooMany',
] as const;
export type AccountFieldCode = (typeof ACCOUNT_FIELD_CODES)[number];
export type AccountErrorCode = z.infer<typeof AccountErrorCode>;

export const AccountErrorResponse = z.object({
  error: AccountErrorCode,
  fields: z.array(FieldError).optional(),
  retryAfterSeconds: z.number().int().positive().optional(),
  restoreUntil: Timestamp.optional(),
  reason: Localized.optional(),
});
export type AccountErrorResponse = z.infer<typeof AccountErrorResponse>;
