import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Core } from '../../src-main/core/index';
import { filesOf } from '../../src-shared/forms/engine';
import type { Answers } from '../../src-shared/forms/schema';
import { ApplicationEnvelope, canonicalJson } from '../../src-shared/sync/wire';
import type { PortalVisit } from './proxy';

/**
 * The end state a sync must reach whatever the link did: the central
 * database holds every application the kiosk submitted exactly once, with
 * the envelope the kiosk built byte for byte, its files once with the same
 * bytes, and the kiosk shows each accepted with the number the service gave.
 * Answers a list of problems (empty when all is well), so that one failure
 * report shows all of them next to what the proxy did.
 */
export interface ExpectedDelivery {
  /** The central service's SQLite file and its attachments folder. */
  centralDbPath: string;
  centralAttachmentsDir: string;
  /** The kiosk core's data folder (`<launcher data>/kiosk` for the launcher). */
  kioskDataDir: string;
  applicationIds: readonly string[];
  /** The kiosk's core when it runs in this process: its receipts and sync state are checked too. */
  core?: Core;
}

interface KioskApplicationRow {
  id: string;
  local_number: string;
  lookup_code: string;
  service_id: string;
  variant_id: string;
  form_id: string;
  form_version: number;
  catalog_version: string;
  language: string;
  answers_json: string;
  price_json: string;
  term_json: string;
  submitted_at: string;
  delivery: string;
  registration_number: string | null;
}

interface CentralApplicationRow {
  id: string;
  registration_number: string;
  kiosk_id: string;
  lookup_code: string | null;
  content_sha256: string;
  envelope_json: string;
}

/** The envelope exactly as the kiosk's outbox builds it from its row (`toEnvelope` in the core's application store). */
export function kioskEnvelope(row: KioskApplicationRow): unknown {
  return {
    id: row.id,
    localNumber: row.local_number,
    lookupCode: row.lookup_code,
    serviceId: row.service_id,
    variantId: row.variant_id,
    formId: row.form_id,
    formVersion: row.form_version,
    catalogVersion: row.catalog_version,
    language: row.language,
    answers: JSON.parse(row.answers_json) as unknown,
    price: JSON.parse(row.price_json) as unknown,
    term: JSON.parse(row.term_json) as unknown,
    submittedAt: row.submitted_at,
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function withReadOnly<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export async function deliveryProblems(expected: ExpectedDelivery): Promise<string[]> {
  const problems: string[] = [];
  const ids = new Set(expected.applicationIds);

  const kiosk = withReadOnly(join(expected.kioskDataDir, 'kiosk.sqlite'), (db) => ({
    kioskId: (db.prepare('SELECT kiosk_id FROM kiosk_identity').get() as { kiosk_id: string | null } | undefined)?.kiosk_id ?? null,
    rows: db.prepare('SELECT a.*, x.answers_json FROM applications a LEFT JOIN application_content x ON x.application_id = a.id').all() as KioskApplicationRow[],
    outbox: db.prepare('SELECT application_id, attempts, last_error FROM outbox').all() as Array<{ application_id: string; attempts: number; last_error: string | null }>,
  }));

  const { kioskId } = kiosk;
  if (!kioskId) return ['the kiosk is not enrolled'];
  for (const left of kiosk.outbox) problems.push(`kiosk outbox still holds ${left.application_id} (attempts ${left.attempts}, last error ${left.last_error})`);
  const kioskRows = new Map(kiosk.rows.map((row) => [row.id, row]));
  for (const id of ids) if (!kioskRows.has(id)) problems.push(`the kiosk has no application ${id}`);

  withReadOnly(expected.centralDbPath, (db) => {
    const centralRows = db.prepare('SELECT * FROM applications WHERE kiosk_id = ?').all(kiosk.kioskId) as CentralApplicationRow[];
    const selectById = db.prepare('SELECT * FROM applications WHERE id = ?');
    const byId = new Map([...ids].map((id) => [id, selectById.all(id) as CentralApplicationRow[]]));
    for (const row of centralRows) if (!ids.has(row.id)) problems.push(`the central service holds ${row.id} from this kiosk, which it never submitted`);
    const conflicts = db.prepare('SELECT application_id FROM application_conflicts WHERE kiosk_id = ?').all(kiosk.kioskId) as Array<{ application_id: string }>;
    for (const conflict of conflicts) problems.push(`the central service recorded a conflict for ${conflict.application_id}`);
    const attachmentRow = db.prepare('SELECT sha256, size FROM attachments WHERE sha256 = ?');
    const links = db.prepare('SELECT sha256 FROM application_attachments WHERE application_id = ? ORDER BY sha256');
    const receivedSteps = db.prepare("SELECT count(*) AS n FROM application_status_steps WHERE application_id = ? AND state = 'received'");
    const centralFiles = listFiles(expected.centralAttachmentsDir);

    for (const id of ids) {
      const kioskRow = kioskRows.get(id);
      const stored = byId.get(id) ?? [];
      if (stored.length !== 1) {
        problems.push(`the central service holds ${id} ${stored.length} times (kiosk says ${kioskRow?.delivery ?? '?'})`);
        continue;
      }
      const [row] = stored;
      if (!row || !kioskRow) continue;

      // The envelope: what the kiosk sends (its row, as the outbox builds it), as the service keeps it (its schema, canonical JSON).
      const envelope = ApplicationEnvelope.safeParse(kioskEnvelope(kioskRow));
      if (!envelope.success) {
        problems.push(`the kiosk's envelope of ${id} does not match the wire schema`);
        continue;
      }
      const canonical = canonicalJson(envelope.data);
      if (row.envelope_json !== canonical) problems.push(`the central envelope of ${id} differs from the kiosk's:\n  central ${row.envelope_json}\n  kiosk   ${canonical}`);
      if (row.content_sha256 !== sha256(canonical)) problems.push(`the central content hash of ${id} is not the hash of the kiosk's envelope`);
      if (row.lookup_code !== kioskRow.lookup_code) problems.push(`the central lookup code of ${id} is ${row.lookup_code}, the kiosk's ${kioskRow.lookup_code}`);
      if ((receivedSteps.get(id) as { n: number }).n !== 1) problems.push(`${id} has ${(receivedSteps.get(id) as { n: number }).n} 'received' steps`);

      // The kiosk's side: accepted, with the number the service gave.
      if (kioskRow.delivery !== 'accepted') problems.push(`the kiosk shows ${id} as ${kioskRow.delivery}, not accepted`);
      if (kioskRow.registration_number !== row.registration_number) {
        problems.push(`the kiosk shows ${id} with number ${kioskRow.registration_number}, the service gave ${row.registration_number}`);
      }

      // Its files: each once, the same bytes as the kiosk's, linked to it.
      const named = new Map<string, number>();
      for (const value of Object.values(envelope.data.answers as Answers)) for (const file of filesOf(value)) named.set(file.sha256, file.size);
      const linked = (links.all(id) as Array<{ sha256: string }>).map((l) => l.sha256);
      const expectedLinks = [...named.keys()].sort();
      if (linked.join() !== expectedLinks.join()) problems.push(`${id} is linked to files [${linked.join()}], it names [${expectedLinks.join()}]`);
      for (const [file, size] of named) {
        const held = attachmentRow.get(file) as { sha256: string; size: number } | undefined;
        if (!held) {
          problems.push(`the central service has no row for file ${file.slice(0, 12)}… of ${id}`);
          continue;
        }
        if (held.size !== size) problems.push(`the central service holds file ${file.slice(0, 12)}… with ${held.size} bytes, the answer says ${size}`);
        const path = join(expected.centralAttachmentsDir, file);
        if (!existsSync(path)) {
          problems.push(`the central service has no bytes for file ${file.slice(0, 12)}… of ${id}`);
          continue;
        }
        const bytes = readFileSync(path);
        const kioskPath = join(expected.kioskDataDir, 'attachments', file);
        const kioskBytes = existsSync(kioskPath) ? readFileSync(kioskPath) : null;
        if (sha256(bytes) !== file) problems.push(`the central bytes of file ${file.slice(0, 12)}… do not hash to its name (${bytes.length} bytes)`);
        if (kioskBytes && !kioskBytes.equals(bytes)) problems.push(`the central bytes of file ${file.slice(0, 12)}… differ from the kiosk's`);
        // Partial uploads left behind: this kiosk's (the service names a part by file and kiosk), or of no kiosk in particular.
        const leftovers = centralFiles.filter((p) => p !== path && basename(p).includes(file) && (basename(p).includes(kioskId) || !UUID.test(basename(p))));
        if (leftovers.length > 0) {
          problems.push(`file ${file.slice(0, 12)}… is complete, yet the service still keeps ${leftovers.map((p) => basename(p).replace(file, '<sha256>')).join(', ')}`);
        }
      }
    }
  });

  // The kiosk's own screens, when it runs here.
  if (expected.core) {
    const state = await expected.core.getSyncState({});
    if (state.waiting !== 0) problems.push(`getSyncState says ${state.waiting} waiting`);
    const numbers = withReadOnly(expected.centralDbPath, (db) => {
      const select = db.prepare('SELECT registration_number FROM applications WHERE id = ?');
      return new Map([...ids].map((id) => [id, (select.get(id) as { registration_number: string } | undefined)?.registration_number ?? null]));
    });
    for (const id of ids) {
      const receipt = await expected.core.getReceipt({ applicationId: id });
      if (receipt.delivery !== 'accepted' || receipt.registrationNumber !== numbers.get(id)) {
        problems.push(`the receipt of ${id} says ${receipt.delivery} ${receipt.registrationNumber}, the service ${numbers.get(id)}`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * A captive portal is another party: whatever a redirect made the kiosk send
 * it (an application's envelope, a citizen's file) has left the office.
 */
export function portalLeaks(visits: readonly PortalVisit[]): string[] {
  return visits
    .filter((visit) => visit.bodyBytes > 0)
    .map((visit) => `the kiosk followed the portal's redirect and sent it ${visit.method} ${decodeURIComponent(visit.target.replace(/^.*dst=/, ''))} with ${visit.bodyBytes} bytes of body`);
}
