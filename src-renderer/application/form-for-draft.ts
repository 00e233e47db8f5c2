import type { Draft } from '../../src-shared/contract';
import { findForm } from '../../src-shared/catalog/schema';
import type { FormDefinition } from '../../src-shared/forms/schema';
import { api } from '../api/client';
import { useKiosk } from '../stores/kiosk';

/**
 * The form a saved draft is filled in with. A draft the core moved to a
 * newer form version may be ahead of the catalog this screen holds (the
 * "catalog changed" event can still be on its way): then the catalog is
 * read again first.
 */
export async function formForDraft(draft: Draft): Promise<FormDefinition | undefined> {
  const held = useKiosk.getState().catalog;
  const form = held ? findForm(held, draft.formId) : undefined;
  if (form && form.version === draft.formVersion) return form;
  try {
    const [status, catalog] = await Promise.all([api.getKioskStatus({}), api.getCatalog({})]);
    useKiosk.getState().set(status, catalog);
    return findForm(catalog, draft.formId) ?? form;
  } catch {
    return form;
  }
}
