import { createHash } from 'node:crypto';
import { Catalog } from '../../../src-shared/catalog/schema';
import type { FormDefinition } from '../../../src-shared/forms/schema';
import { canonicalJson } from '../../../src-shared/sync/wire';
import type { AuditLog } from '../audit/audit-log';
import type { KioskDatabase } from '../db/database';

/** A catalog that passed every check, with the canonical JSON its hash was checked on. */
export interface VerifiedCatalog {
  catalog: Catalog;
  json: string;
  sha256: string;
}

export interface CatalogRefusal {
  feedSeq: number;
  version: string;
  sha256: string;
  code: string;
}

interface StoredRow {
  version: string;
  json: string;
}

export function catalogSha256(catalog: unknown): string {
  return createHash('sha256').update(canonicalJson(catalog)).digest('hex');
}

/**
 * The catalog versions this kiosk holds: the active one (the bundled
 * snapshot until a newer version is fetched), every fetched version for
 * the forms of older drafts, and the change-feed cursor. Switching version
 * and advancing the cursor happen in one transaction.
 */
export function createCatalogStore(
  db: KioskDatabase,
  snapshot: Catalog,
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void,
  /** Each switch of the active version is kept there, in the switch's transaction. */
  audit: AuditLog,
) {
  const selectActive = db.prepare<[], StoredRow>('SELECT version, json FROM catalog_versions WHERE active = 1');
  const selectAll = db.prepare<[], StoredRow>('SELECT version, json FROM catalog_versions ORDER BY published_at DESC, version DESC');
  const deactivate = db.prepare('UPDATE catalog_versions SET active = 0 WHERE active = 1');
  const upsert = db.prepare(
    `INSERT INTO catalog_versions (version, published_at, sha256, json, active, stored_at)
     VALUES (@version, @publishedAt, @sha256, @json, 1, @now)
     ON CONFLICT (version) DO UPDATE SET published_at = excluded.published_at, sha256 = excluded.sha256,
       json = excluded.json, active = 1, stored_at = excluded.stored_at`,
  );
  const selectCursor = db.prepare<[], { after: number }>('SELECT after FROM feed_cursor WHERE singleton = 1');
  const writeCursor = db.prepare<[number]>(
    'INSERT INTO feed_cursor (singleton, after) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET after = excluded.after',
  );
  const refusalAttempts = db.prepare<[number], { attempts: number }>('SELECT attempts FROM catalog_refusals WHERE feed_seq = ?');
  const writeRefusal = db.prepare(
    `INSERT INTO catalog_refusals (feed_seq, version, sha256, code, attempts, skipped, refused_at)
     VALUES (@feedSeq, @version, @sha256, @code, 1, @skipped, @now)
     ON CONFLICT (feed_seq) DO UPDATE SET code = excluded.code, attempts = attempts + 1,
       skipped = excluded.skipped, refused_at = excluded.refused_at
     RETURNING attempts`,
  );

  /** Stored versions parsed once; a stored version's JSON never changes after it passed the checks. */
  const parsed = new Map<string, Catalog>();

  function parseStored(row: StoredRow): Catalog | null {
    const cached = parsed.get(row.version);
    if (cached) return cached;
    const result = Catalog.safeParse(JSON.parse(row.json));
    if (!result.success) {
      // Possible after a software update with a stricter schema: that version is not used.
      log('catalog.storedInvalid', { version: row.version });
      return null;
    }
    parsed.set(row.version, result.data);
    return result.data;
  }

  function loadActive(): Catalog {
    const row = selectActive.get();
    return (row && parseStored(row)) ?? snapshot;
  }

  let active = loadActive();

  return {
    /** What the kiosk shows and starts new drafts on. */
    active(): Catalog {
      return active;
    },

    /** Catalogs to look a draft's service and form up in: the active first, then stored ones newest first, then the snapshot. */
    known(): Catalog[] {
      const stored = selectAll.all().flatMap((row) => parseStored(row) ?? []);
      const all = [active, ...stored, snapshot];
      return all.filter((catalog, index) => all.findIndex((c) => c.version === catalog.version) === index);
    },

    /** A form by id and version from any catalog this kiosk holds. */
    formFor(formId: string, version: number): FormDefinition | undefined {
      const matches = (f: FormDefinition) => f.id === formId && f.version === version;
      const inActive = active.forms.find(matches);
      if (inActive) return inActive;
      for (const catalog of this.known()) {
        const form = catalog.forms.find(matches);
        if (form) return form;
      }
      return undefined;
    },

    feedCursor(): number {
      return selectCursor.get()?.after ?? 0;
    },

    advanceCursor(after: number): void {
      writeCursor.run(after);
    },

    /**
     * Stores a verified version, makes it the active one and moves the
     * cursor past its feed item: all or nothing.
     */
    activate(verified: VerifiedCatalog, cursor: number, now: string): void {
      db.transaction(() => {
        deactivate.run();
        upsert.run({
          version: verified.catalog.version,
          publishedAt: verified.catalog.publishedAt,
          sha256: verified.sha256,
          json: verified.json,
          now,
        });
        writeCursor.run(cursor);
        audit.record({ actor: { kind: 'system' }, action: 'catalog.activated', target: verified.catalog.version, details: { seq: cursor } });
      })();
      parsed.set(verified.catalog.version, verified.catalog);
      active = verified.catalog;
    },

    /** How many times this feed item's download was refused as damaged so far. */
    refusals(feedSeq: number): number {
      return refusalAttempts.get(feedSeq)?.attempts ?? 0;
    },

    /** Records a refusal; a skipped one also moves the cursor past its item, in the same transaction. */
    recordRefusal(refusal: CatalogRefusal, skip: boolean, now: string): number {
      return db.transaction(() => {
        const row = writeRefusal.get({ ...refusal, skipped: skip ? 1 : 0, now }) as { attempts: number };
        if (skip) writeCursor.run(refusal.feedSeq);
        return row.attempts;
      })();
    },
  };
}
export type CatalogStore = ReturnType<typeof createCatalogStore>;
