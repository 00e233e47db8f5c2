import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TermsVersion } from '../../src-shared/accounts/wire';
import { type CentralDatabase, prepared } from '../database';
import { sha256Hex } from '../hashing';

/**
 * Editions of the agreement and the privacy policy (agreement 1.4): each
 * in Kyrgyz and Russian, published with the time it takes effect. The
 * edition in force is the newest whose time has come; a citizen who
 * accepted an older one accepts the new one at the next login.
 */

/** The four texts of one edition. */
export interface TermsTexts {
  agreement: { ky: string; ru: string };
  privacy: { ky: string; ru: string };
}

/** The files an edition is read from, in a folder (assets/terms is the bundled first edition). */
export const TERMS_FILES = {
  agreement: { ky: 'agreement.ky.txt', ru: 'agreement.ru.txt' },
  privacy: { ky: 'privacy.ky.txt', ru: 'privacy.ru.txt' },
} as const;

export const DEFAULT_TERMS_DIR = 'assets/terms';

/** A text of an edition may be long (the agreement is ~30 kB), never a book. */
export const MAX_TERMS_TEXT_CHARACTERS = 200_000;

/** Control characters other than the line break and the tab, and bidi overrides, which would change how a text reads. */
const REFUSED_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

export type TermsProblem = { code: 'terms.unreadable'; file: string } | { code: 'terms.textInvalid'; file: string; why: string };

/** As stored and shown: line breaks made `\n`, no byte-order mark, no blank lines at the ends. */
export function normalizeTermsText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').trimEnd();
}

function textProblem(file: string, text: string): TermsProblem | null {
  if (text.length === 0) return { code: 'terms.textInvalid', file, why: 'it is empty' };
  if ([...text].length > MAX_TERMS_TEXT_CHARACTERS) return { code: 'terms.textInvalid', file, why: `it is longer than ${MAX_TERMS_TEXT_CHARACTERS} characters` };
  if (REFUSED_IN_TEXT.test(text)) return { code: 'terms.textInvalid', file, why: 'it holds a control character' };
  return null;
}

/** Reads and checks the four files of an edition from a folder. */
export function readTermsDir(dir: string): { ok: true; texts: TermsTexts } | { ok: false; problems: TermsProblem[] } {
  const problems: TermsProblem[] = [];
  const read = (name: string): string => {
    const path = join(dir, name);
    let text: string;
    try {
      text = normalizeTermsText(readFileSync(path, 'utf8'));
    } catch {
      problems.push({ code: 'terms.unreadable', file: path });
      return '';
    }
    const problem = textProblem(path, text);
    if (problem) problems.push(problem);
    return text;
  };
  const texts: TermsTexts = {
    agreement: { ky: read(TERMS_FILES.agreement.ky), ru: read(TERMS_FILES.agreement.ru) },
    privacy: { ky: read(TERMS_FILES.privacy.ky), ru: read(TERMS_FILES.privacy.ru) },
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, texts };
}

export function describeTermsProblem(problem: TermsProblem): string {
  return problem.code === 'terms.unreadable' ? `${problem.file} cannot be read` : `${problem.file}: ${problem.why}`;
}

function termsSha256(texts: TermsTexts): string {
  return sha256Hex(JSON.stringify([texts.agreement.ky, texts.agreement.ru, texts.privacy.ky, texts.privacy.ru]));
}

interface TermsRow {
  version: number;
  effectiveAt: string;
  agreementKy: string;
  agreementRu: string;
  privacyKy: string;
  privacyRu: string;
  sha256: string;
  publishedAt: string;
  publishedBy: string;
}

const COLUMNS = `version, effective_at AS effectiveAt, agreement_ky AS agreementKy, agreement_ru AS agreementRu,
  privacy_ky AS privacyKy, privacy_ru AS privacyRu, sha256, published_at AS publishedAt, published_by AS publishedBy`;

function toTermsVersion(row: TermsRow): TermsVersion {
  return {
    version: row.version,
    effectiveAt: row.effectiveAt,
    agreement: { ky: row.agreementKy, ru: row.agreementRu },
    privacy: { ky: row.privacyKy, ru: row.privacyRu },
  };
}

/** The edition in force at `now`: the newest whose time has come; undefined before any took effect. */
export function termsInForce(db: CentralDatabase, now: Date): TermsVersion | undefined {
  const row = prepared<TermsRow>(
    db,
    `SELECT ${COLUMNS} FROM terms_versions WHERE effective_at <= ? ORDER BY version DESC LIMIT 1`,
  ).get(now.toISOString());
  return row ? toTermsVersion(row) : undefined;
}

export function termsVersion(db: CentralDatabase, version: number): TermsVersion | undefined {
  const row = prepared<TermsRow>(db, `SELECT ${COLUMNS} FROM terms_versions WHERE version = ?`).get(version);
  return row ? toTermsVersion(row) : undefined;
}

/** Every edition, oldest first, without the texts: what the operator lists. */
export function listTermsVersions(db: CentralDatabase): Array<{ version: number; effectiveAt: string; sha256: string; publishedAt: string; publishedBy: string }> {
  return prepared<TermsRow>(db, `SELECT ${COLUMNS} FROM terms_versions ORDER BY version`)
    .all()
    .map(({ version, effectiveAt, sha256, publishedAt, publishedBy }) => ({ version, effectiveAt, sha256, publishedAt, publishedBy }));
}

function latestTerms(db: CentralDatabase): TermsRow | undefined {
  return prepared<TermsRow>(db, `SELECT ${COLUMNS} FROM terms_versions ORDER BY version DESC LIMIT 1`).get();
}

export type PublishTermsOutcome =
  | { ok: true; version: number; effectiveAt: string; sha256: string }
  | { ok: false; code: 'terms.unchanged'; version: number }
  | { ok: false; code: 'terms.effectiveTooEarly'; latest: number; latestEffectiveAt: string }
  | { ok: false; problems: TermsProblem[]; code: 'terms.textInvalid' };

function insertTerms(db: CentralDatabase, texts: TermsTexts, effectiveAt: Date, now: Date, by: string): number {
  const row = prepared<{ version: number }>(
    db,
    `INSERT INTO terms_versions (version, effective_at, agreement_ky, agreement_ru, privacy_ky, privacy_ru, sha256, published_at, published_by)
     VALUES ((SELECT COALESCE(MAX(version), 0) + 1 FROM terms_versions), ?, ?, ?, ?, ?, ?, ?, ?) RETURNING version`,
  ).get(
    effectiveAt.toISOString(),
    texts.agreement.ky,
    texts.agreement.ru,
    texts.privacy.ky,
    texts.privacy.ru,
    termsSha256(texts),
    now.toISOString(),
    by,
  );
  if (!row) throw new Error('terms version was not stored');
  return row.version;
}

/**
 * Publishes a new edition taking effect at `effectiveAt` (now or later, never
 * before the latest edition's time: editions take effect in their order).
 * Refused when the texts are those of the latest edition.
 */
export function publishTerms(
  db: CentralDatabase,
  input: { texts: TermsTexts; effectiveAt: Date; by: string },
  now: Date,
): PublishTermsOutcome {
  const files = [
    ['agreement.ky', input.texts.agreement.ky],
    ['agreement.ru', input.texts.agreement.ru],
    ['privacy.ky', input.texts.privacy.ky],
    ['privacy.ru', input.texts.privacy.ru],
  ] as const;
  const problems = files.map(([file, text]) => textProblem(file, normalizeTermsText(text))).filter((p): p is TermsProblem => p !== null);
  if (problems.length > 0) return { ok: false, code: 'terms.textInvalid', problems };
  const texts: TermsTexts = {
    agreement: { ky: normalizeTermsText(input.texts.agreement.ky), ru: normalizeTermsText(input.texts.agreement.ru) },
    privacy: { ky: normalizeTermsText(input.texts.privacy.ky), ru: normalizeTermsText(input.texts.privacy.ru) },
  };
  return db
    .transaction((): PublishTermsOutcome => {
      const latest = latestTerms(db);
      if (latest && latest.sha256 === termsSha256(texts)) return { ok: false, code: 'terms.unchanged', version: latest.version };
      if (latest && input.effectiveAt.toISOString() < latest.effectiveAt) {
        return { ok: false, code: 'terms.effectiveTooEarly', latest: latest.version, latestEffectiveAt: latest.effectiveAt };
      }
      const version = insertTerms(db, texts, input.effectiveAt, now, input.by);
      return { ok: true, version, effectiveAt: input.effectiveAt.toISOString(), sha256: termsSha256(texts) };
    })
    .immediate();
}

/** On the first start of a database without terms, the bundled texts become edition 1, in force at once. */
export function publishDefaultTerms(db: CentralDatabase, texts: TermsTexts, now: Date): void {
  db.transaction(() => {
    if (latestTerms(db)) return;
    insertTerms(db, texts, now, now, 'bundle');
  }).immediate();
}

/** The operator's line for an outcome. */
export function describePublishTermsOutcome(outcome: PublishTermsOutcome): string[] {
  if (outcome.ok) return [`published terms version ${outcome.version}, in force from ${outcome.effectiveAt} (sha256 ${outcome.sha256})`];
  switch (outcome.code) {
    case 'terms.unchanged':
      return [`refused: the texts are those of version ${outcome.version}`];
    case 'terms.effectiveTooEarly':
      return [`refused: version ${outcome.latest} takes effect at ${outcome.latestEffectiveAt}; a newer one cannot take effect before it`];
    case 'terms.textInvalid':
      return ['refused:', ...outcome.problems.map((p) => `  ${describeTermsProblem(p)}`)];
  }
}
