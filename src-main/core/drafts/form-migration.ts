import type { Draft, DraftMigration, FormChange } from '../../../src-shared/contract';
import { filesOf } from '../../../src-shared/forms/engine';
import { migrateAnswers } from '../../../src-shared/forms/migrate';
import type { Answers, FormDefinition } from '../../../src-shared/forms/schema';
import { formVersionAccepted } from '../../../src-shared/forms/versions';
import type { AttachmentStore } from '../attachments/store';
import type { CatalogStore } from '../catalog/versions';
import type { KioskDatabase } from '../db/database';
import type { DraftStore } from './drafts';

export interface DraftMigratorOptions {
  db: KioskDatabase;
  drafts: DraftStore;
  catalogs: Pick<CatalogStore, 'active' | 'formFor'>;
  attachments: Pick<AttachmentStore, 'keepDraftFiles' | 'collect'>;
  clock: () => Date;
  log: (event: string, fields?: Record<string, string | number | boolean | null>) => void;
}

/**
 * A draft migrated twice before it was submitted tells the citizen the sum:
 * a question added and then removed again was never theirs to answer, and
 * one added then cleared is still simply new.
 */
export function mergeMigrations(previous: DraftMigration | null, next: DraftMigration): DraftMigration {
  if (!previous) return next;
  const byField = new Map<string, FormChange>();
  for (const change of previous.changes) byField.set(change.fieldId, change);
  for (const change of next.changes) {
    const earlier = byField.get(change.fieldId);
    if (earlier?.kind === 'added' && change.kind === 'removed') byField.delete(change.fieldId);
    else if (earlier?.kind === 'added') byField.set(change.fieldId, { ...change, kind: 'added' });
    else byField.set(change.fieldId, change);
  }
  return { fromVersion: previous.fromVersion, toVersion: next.toVersion, changes: [...byField.values()] };
}

/** For each file field of the form, the files its answer still names. */
function filesKept(form: FormDefinition, answers: Answers): Map<string, Set<string>> {
  const kept = new Map<string, Set<string>>();
  for (const field of form.pages.flatMap((page) => page.fields)) {
    if (field.type === 'file') kept.set(field.id, new Set(filesOf(answers[field.id]).map((file) => file.sha256)));
  }
  return kept;
}

/**
 * Moves a draft whose form version the active catalog no longer accepts to
 * the current version, in one transaction: answers, version, what changed,
 * and the files of dropped answers let go.
 */
export function createDraftMigrator(options: DraftMigratorOptions) {
  const { db, drafts, catalogs, attachments, log } = options;

  function currentForm(draft: Draft): FormDefinition | null {
    const current = catalogs.active().forms.find((form) => form.id === draft.formId);
    if (!current || formVersionAccepted(draft.formVersion, current.version)) return null;
    return current;
  }

  function oldForm(draft: Draft, current: FormDefinition): FormDefinition {
    const held = catalogs.formFor(draft.formId, draft.formVersion);
    if (held) return held;
    // No catalog this kiosk holds has it any more (a software update replaced the snapshot):
    // each answer is judged by the new form alone, and what it does not know goes.
    log('draft.oldFormMissing', { draftId: draft.id, formVersion: draft.formVersion });
    return current;
  }

  return {
    /** The draft as it must be used now; `migratedNow` when this call moved it. */
    migrateIfNeeded(draft: Draft): { draft: Draft; migratedNow: boolean } {
      const current = currentForm(draft);
      if (!current) return { draft, migratedNow: false };
      const result = migrateAnswers(oldForm(draft, current), current, draft.answers, { today: options.clock() });
      const migration = mergeMigrations(draft.migration, {
        fromVersion: draft.formVersion,
        toVersion: current.version,
        changes: result.changes,
      });
      const dropped = db.transaction(() => {
        drafts.saveMigrated(draft.id, result.answers, migration);
        return attachments.keepDraftFiles(draft.id, filesKept(current, result.answers));
      })();
      attachments.collect(dropped);
      log('draft.migrated', { draftId: draft.id, fromVersion: draft.formVersion, toVersion: current.version, changes: result.changes.length });
      return { draft: drafts.load(draft.id), migratedNow: true };
    },
  };
}
export type DraftMigrator = ReturnType<typeof createDraftMigrator>;
