import type { AccountDraft } from '../../../src-shared/accounts/wire';
import type { Draft } from '../../../src-shared/contract';
import { filesOf } from '../../../src-shared/forms/engine';
import type { Answers, FormDefinition } from '../../../src-shared/forms/schema';
import { KioskError } from '../../../src-shared/errors';
import { resolveServiceChoice } from '../catalog/catalog';
import type { CatalogStore } from '../catalog/versions';
import type { KioskDatabase } from '../db/database';
import type { DraftStore } from '../drafts/drafts';
import type { SessionStore } from '../session/session';

/**
 * Answers without their files: the files stay at the kiosk that scanned
 * them (AccountDraft), and a file answer that came from elsewhere names
 * bytes this kiosk does not hold for the draft. The form's file fields go,
 * and any answer that is a list of files, whatever field it claims to be.
 */
export function withoutFiles(answers: Answers, form: FormDefinition | undefined): Answers {
  const fileFields = new Set(
    (form?.pages ?? []).flatMap((page) => page.fields).filter((field) => field.type === 'file').map((field) => field.id),
  );
  const kept: Answers = {};
  for (const [fieldId, value] of Object.entries(answers)) {
    if (!fileFields.has(fieldId) && filesOf(value).length === 0) kept[fieldId] = value;
  }
  return kept;
}

/** The session's draft as the account keeps it, under the id the account knows it by. */
export function accountDraftOf(draft: Draft, accountDraftId: string, form: FormDefinition | undefined): AccountDraft {
  return {
    id: accountDraftId,
    serviceId: draft.serviceId,
    variantId: draft.variantId,
    formId: draft.formId,
    formVersion: draft.formVersion,
    answers: withoutFiles(draft.answers, form),
    pageId: draft.pageId,
    language: draft.language,
    updatedAt: draft.updatedAt,
  };
}

export interface LocalCopyDeps {
  db: KioskDatabase;
  drafts: Pick<DraftStore, 'create' | 'save'>;
  session: Pick<SessionStore, 'current' | 'setActiveDraft'>;
  catalogs: Pick<CatalogStore, 'active' | 'formFor'>;
  newId: () => string;
  nowIso: () => string;
  /** The core's rule before another draft becomes the session's. */
  letGoOfOpenDraft: () => void;
}

/**
 * A draft the account keeps, as a new local draft open in the session, under
 * a fresh id: the account's id may be a draft this kiosk still holds (the
 * one it was saved from, perhaps with a resume code a citizen carries), and
 * a local id is what resume codes and attached files hang on. The account's
 * id is remembered by the accounts for saving back and for removing it
 * once submitted. Files are not taken over: they stay where they were
 * scanned. A draft on a form version this kiosk does not know yet (its
 * catalog is behind) cannot be filled here: `form.unknown`.
 */
export function openLocalCopy(deps: LocalCopyDeps, kept: AccountDraft): string {
  const { form } = resolveServiceChoice(deps.catalogs.active(), kept.serviceId, kept.variantId);
  const keptForm = deps.catalogs.formFor(kept.formId, kept.formVersion);
  if (form.id !== kept.formId || (!keptForm && kept.formVersion > form.version)) throw new KioskError('form.unknown');
  deps.letGoOfOpenDraft();
  const id = deps.newId();
  deps.db.transaction(() => {
    const now = deps.nowIso();
    deps.drafts.create({
      id,
      serviceId: kept.serviceId,
      variantId: kept.variantId,
      formId: kept.formId,
      formVersion: kept.formVersion,
      language: deps.session.current().language,
      now,
    });
    deps.drafts.save(id, withoutFiles(kept.answers, keptForm ?? form), kept.pageId, now);
    deps.session.setActiveDraft(id);
  })();
  return id;
}
