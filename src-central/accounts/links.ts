import type { CabinetApplication, LinkApplicationRequest } from '../../src-shared/accounts/wire';
import type { FormDefinition } from '../../src-shared/forms/schema';
import { statusHistory } from '../applications/statuses';
import type { CatalogHistory } from '../catalog/published';
import { type CentralDatabase, prepared } from '../database';
import { refuse } from './refusals';
import type { AccountsContext } from './store';
import { verifiedAccountsWithPin } from './store';

/**
 * An account's applications: those the kiosk linked right after submit,
 * and guest applications found by the ПИН once a clerk confirmed the
 * identity (agreement 2.3). Both read the tables ingestion writes and
 * never write them: a link is a row of its own, which may come before the
 * application does.
 */

interface StoredApplicationFacts {
  kioskId: string;
  lookupCode: string | null;
}

function storedApplicationFacts(db: CentralDatabase, applicationId: string): StoredApplicationFacts | undefined {
  return prepared<StoredApplicationFacts>(db, 'SELECT kiosk_id AS kioskId, lookup_code AS lookupCode FROM applications WHERE id = ?').get(
    applicationId,
  );
}

function linkOwner(db: CentralDatabase, applicationId: string): { accountId: string | null } | undefined {
  return prepared<{ accountId: string | null }>(db, 'SELECT account_id AS accountId FROM account_applications WHERE application_id = ?').get(
    applicationId,
  );
}

/**
 * Links an application submitted at this kiosk in this session. Refused as
 * `application.notFound` (telling nothing more) when another account holds
 * it, or when it arrived from another kiosk or with another lookup code.
 */
export function linkAtSubmit(
  ctx: AccountsContext,
  link: { accountId: string; kioskId: string; request: LinkApplicationRequest },
): void {
  const { request } = link;
  ctx.db
    .transaction(() => {
      const owner = linkOwner(ctx.db, request.applicationId);
      if (owner) {
        if (owner.accountId === link.accountId) return;
        throw refuse('application.notFound');
      }
      const stored = storedApplicationFacts(ctx.db, request.applicationId);
      if (stored && (stored.kioskId !== link.kioskId || stored.lookupCode !== request.lookupCode)) throw refuse('application.notFound');
      prepared(
        ctx.db,
        `INSERT INTO account_applications (application_id, account_id, how, kiosk_id, lookup_code, service_id, variant_id, submitted_at, linked_at)
         VALUES (?, ?, 'submit', ?, ?, ?, ?, ?, ?)`,
      ).run(
        request.applicationId,
        link.accountId,
        link.kioskId,
        request.lookupCode,
        request.serviceId,
        request.variantId,
        new Date(request.submittedAt).toISOString(),
        ctx.clock().toISOString(),
      );
    })
    .immediate();
}

interface CabinetRow {
  applicationId: string;
  how: 'submit' | 'pin';
  linkKioskId: string | null;
  linkLookupCode: string | null;
  linkServiceId: string | null;
  linkVariantId: string | null;
  linkSubmittedAt: string | null;
  linkedAt: string;
  kioskId: string | null;
  lookupCode: string | null;
  registrationNumber: string | null;
  serviceId: string | null;
  variantId: string | null;
  submittedAt: string | null;
}

/** The account's applications, newest first, each with its whole history; `notReceived` until it arrives. */
export function cabinetApplications(db: CentralDatabase, accountId: string): CabinetApplication[] {
  const rows = prepared<CabinetRow>(
    db,
    `SELECT l.application_id AS applicationId, l.how, l.kiosk_id AS linkKioskId, l.lookup_code AS linkLookupCode,
            l.service_id AS linkServiceId, l.variant_id AS linkVariantId, l.submitted_at AS linkSubmittedAt, l.linked_at AS linkedAt,
            a.kiosk_id AS kioskId, a.lookup_code AS lookupCode, a.registration_number AS registrationNumber,
            a.service_id AS serviceId, a.variant_id AS variantId, a.submitted_at AS submittedAt
       FROM account_applications l LEFT JOIN applications a ON a.id = l.application_id
      WHERE l.account_id = ?`,
  ).all(accountId);
  const applications: Array<CabinetApplication & { order: string }> = [];
  for (const row of rows) {
    const arrived = row.kioskId !== null;
    // A link made at submit names the kiosk: an application of that id from another kiosk is not this one.
    if (arrived && row.how === 'submit' && row.kioskId !== row.linkKioskId) continue;
    if (arrived) {
      const history = statusHistory(db, row.applicationId).map(({ state, at, reason }) => ({ state, at, reason }));
      const last = history.at(-1);
      if (!last) continue;
      applications.push({
        applicationId: row.applicationId,
        lookupCode: row.lookupCode ?? '',
        registrationNumber: row.registrationNumber,
        serviceId: row.serviceId ?? '',
        variantId: row.variantId ?? '',
        submittedAt: row.submittedAt,
        state: last.state,
        history,
        order: row.submittedAt ?? row.linkedAt,
      });
    } else {
      applications.push({
        applicationId: row.applicationId,
        lookupCode: row.linkLookupCode ?? '',
        registrationNumber: null,
        serviceId: row.linkServiceId ?? '',
        variantId: row.linkVariantId ?? '',
        submittedAt: row.linkSubmittedAt,
        state: 'notReceived',
        history: [],
        order: row.linkSubmittedAt ?? row.linkedAt,
      });
    }
  }
  applications.sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
  return applications.map(({ order: _order, ...application }) => application);
}

/*
 * Guest applications by ПИН. The applicant's ПИН is an answer to a field
 * of type `pin` on a page of the form (not inside a person group: those
 * are family members). Every such field counts (a marriage names both
 * spouses): the cabinet shows an application's service and statuses,
 * never its answers.
 */

/** The top-level ПИН answers of an application, by its form. */
export function pinAnswers(form: FormDefinition, answers: Record<string, unknown>): string[] {
  const pins: string[] = [];
  for (const page of form.pages) {
    for (const field of page.fields) {
      if (field.type !== 'pin') continue;
      const answer = answers[field.id];
      if (typeof answer === 'string' && answer.length > 0) pins.push(answer.replace(/ /g, ''));
    }
  }
  return pins;
}

interface UnlinkedApplication {
  id: string;
  formId: string;
  formVersion: number;
  catalogVersion: string;
  receivedAt: string;
  envelopeJson: string;
}

function formOf(catalogs: CatalogHistory, application: UnlinkedApplication): FormDefinition | undefined {
  const named = catalogs.catalogFor(application.catalogVersion).forms.find((f) => f.id === application.formId && f.version === application.formVersion);
  return named ?? catalogs.form(application.formId, application.formVersion);
}

function applicationPins(catalogs: CatalogHistory, application: UnlinkedApplication): string[] {
  const form = formOf(catalogs, application);
  if (!form) return [];
  let answers: unknown;
  try {
    answers = (JSON.parse(application.envelopeJson) as { answers?: unknown }).answers;
  } catch {
    return [];
  }
  return answers && typeof answers === 'object' ? pinAnswers(form, answers as Record<string, unknown>) : [];
}

function linkByPin(db: CentralDatabase, applicationId: string, accountId: string, now: Date): boolean {
  return (
    prepared(
      db,
      `INSERT INTO account_applications (application_id, account_id, how, linked_at) VALUES (?, ?, 'pin', ?)
       ON CONFLICT (application_id) DO NOTHING`,
    ).run(applicationId, accountId, now.toISOString()).changes === 1
  );
}

const UNLINKED_COLUMNS = `a.id, a.form_id AS formId, a.form_version AS formVersion, a.catalog_version AS catalogVersion,
  a.received_at AS receivedAt, a.envelope_json AS envelopeJson`;

/**
 * Links every guest application naming this ПИН to the account (after a
 * clerk verified it). The text search narrows the rows; the form decides.
 */
export function linkGuestApplicationsOf(ctx: AccountsContext, catalogs: CatalogHistory, account: { id: string; pin: string }): number {
  const now = ctx.clock();
  const candidates = prepared<UnlinkedApplication>(
    ctx.db,
    `SELECT ${UNLINKED_COLUMNS} FROM applications a
      WHERE instr(a.envelope_json, ?) > 0
        AND NOT EXISTS (SELECT 1 FROM account_applications l WHERE l.application_id = a.id)`,
  ).all(account.pin);
  let linked = 0;
  ctx.db.transaction(() => {
    for (const application of candidates) {
      if (applicationPins(catalogs, application).includes(account.pin) && linkByPin(ctx.db, application.id, account.id, now)) linked += 1;
    }
  })();
  return linked;
}

/** Applications may be stored with a time a little before the moment they commit: look back this far. */
const SCAN_OVERLAP_MS = 10 * 60_000;

/**
 * The hourly part: applications received since the last look, linked to
 * the verified account of any ПИН they name. Idempotent; the overlap
 * re-reads the last minutes rather than miss one.
 */
export function linkNewGuestApplications(ctx: AccountsContext, catalogs: CatalogHistory): number {
  const now = ctx.clock();
  const since = prepared<{ scannedUntil: string }>(ctx.db, 'SELECT scanned_until AS scannedUntil FROM account_pin_scan WHERE id = 1').get()
    ?.scannedUntil;
  const from = since ? new Date(Date.parse(since) - SCAN_OVERLAP_MS).toISOString() : '';
  if (!prepared(ctx.db, 'SELECT 1 FROM accounts WHERE verified_at IS NOT NULL LIMIT 1').get()) {
    // Nobody to link to: only move the mark (verifying an account looks through everything anyway).
    prepared(
      ctx.db,
      `INSERT INTO account_pin_scan (id, scanned_until) SELECT 1, MAX(received_at) FROM applications WHERE received_at IS NOT NULL
       HAVING MAX(received_at) IS NOT NULL
       ON CONFLICT (id) DO UPDATE SET scanned_until = MAX(scanned_until, excluded.scanned_until)`,
    ).run();
    return 0;
  }
  const candidates = prepared<UnlinkedApplication>(
    ctx.db,
    `SELECT ${UNLINKED_COLUMNS} FROM applications a
      WHERE a.received_at >= ? AND NOT EXISTS (SELECT 1 FROM account_applications l WHERE l.application_id = a.id)
      ORDER BY a.received_at`,
  ).all(from);
  let linked = 0;
  let scannedUntil = since ?? '';
  ctx.db.transaction(() => {
    for (const application of candidates) {
      if (application.receivedAt > scannedUntil) scannedUntil = application.receivedAt;
      for (const pin of new Set(applicationPins(catalogs, application))) {
        const [account] = verifiedAccountsWithPin(ctx.db, pin);
        if (account && linkByPin(ctx.db, application.id, account.id, now)) {
          linked += 1;
          break;
        }
      }
    }
    if (scannedUntil !== '') {
      prepared(
        ctx.db,
        `INSERT INTO account_pin_scan (id, scanned_until) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET scanned_until = MAX(scanned_until, excluded.scanned_until)`,
      ).run(scannedUntil);
    }
  })();
  return linked;
}
