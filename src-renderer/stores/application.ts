import { create } from 'zustand';
import type { Draft, DraftMigration } from '../../src-shared/contract';
import type { FieldError } from '../../src-shared/errors';
import { topFieldId, validatePage, visiblePages } from '../../src-shared/forms/engine';
import type { AnswerValue, Answers, FormDefinition, FormPage } from '../../src-shared/forms/schema';
import { ApiCallError, api, apiProblemOf } from '../api/client';
import { createDraftSaver, type SaveState } from '../application/draft-saver';
import { formForDraft } from '../application/form-for-draft';
import { useAlert } from './alert';
import { useNavigation } from './navigation';
import { useReceipt } from './receipt';

/** The application being filled in: its answers, its page, its problems and how saving goes. */
interface ApplicationState {
  draftId: string | null;
  serviceId: string | null;
  variantId: string | null;
  form: FormDefinition | null;
  answers: Answers;
  pageId: string | null;
  errors: FieldError[];
  /** Bumped each time Continue or Submit finds problems: the error summary takes focus again. */
  errorAttempt: number;
  /** Opened from "Change" on the review page: Continue goes back there. */
  returnToReview: boolean;
  /** A field to focus when its page opens (from "Change" or an error link). */
  focusFieldId: string | null;
  saveState: SaveState;
  restored: boolean;
  consent: boolean;
  consentError: boolean;
  submitting: boolean;
  /** What changed when the draft moved to a newer form version; null once "Got it" is tapped. */
  migration: DraftMigration | null;
  /** The notice took focus once; on later pages it waits quietly at the top. */
  migrationAnnounced: boolean;
  /** "Continue later" is saving the draft and asking for its code. */
  suspending: boolean;
  /** "Save to my account" is saving the draft and sending it to the account. */
  savingToAccount: boolean;

  open(draft: Draft, form: FormDefinition, options?: { restored?: boolean }): void;
  /** Opens a saved draft (after a restart, from a resume code) at its page; false when its form is gone. */
  reopen(draft: Draft, options?: { restored?: boolean }): Promise<boolean>;
  setAnswer(fieldId: string, value: AnswerValue): void;
  continueFromPage(): void;
  back(): void;
  change(fieldId: string): void;
  setConsent(consent: boolean): void;
  submit(): Promise<void>;
  focusHandled(): void;
  migrationShown(): void;
  dismissMigration(): void;
  /** Saves what was typed, gets a resume code for the draft and shows it; the session lets the draft go. */
  continueLater(): Promise<void>;
  /**
   * While signed in: saves what was typed and keeps the draft in the
   * account, to continue at any kiosk; the session lets the draft go.
   * True when it was kept (the screen moved on), false when refused (the error banner says why).
   */
  saveToAccount(options?: { thenShow?: boolean }): Promise<boolean>;
  /** "Delete my answers": the draft is gone for good. */
  discard(): Promise<void>;
  reset(): void;
}

const initial = {
  draftId: null,
  serviceId: null,
  variantId: null,
  form: null,
  answers: {},
  pageId: null,
  errors: [],
  errorAttempt: 0,
  returnToReview: false,
  focusFieldId: null,
  saveState: 'idle' as SaveState,
  restored: false,
  consent: false,
  consentError: false,
  submitting: false,
  migration: null,
  migrationAnnounced: false,
  suspending: false,
  savingToAccount: false,
};

/** Whether a file was attached: files stay at this kiosk, an account keeps the answers only. */
function hasAttachedFiles(form: FormDefinition | null, answers: Answers): boolean {
  if (!form) return false;
  return form.pages.some((page) =>
    page.fields.some((field) => {
      const value = answers[field.id];
      return field.type === 'file' && Array.isArray(value) && value.length > 0;
    }),
  );
}

function today(): { today: Date } {
  return { today: new Date() };
}

function pageOfField(form: FormDefinition, answers: Answers, fieldId: string): FormPage | undefined {
  return visiblePages(form, answers).find((page) => page.fields.some((field) => field.id === fieldId));
}

/** The first visible page with a problem, and its problems. */
function firstInvalidPage(form: FormDefinition, answers: Answers): { pageId: string; errors: FieldError[] } | null {
  for (const page of visiblePages(form, answers)) {
    const errors = validatePage(form, page.id, answers, today());
    if (errors.length > 0) return { pageId: page.id, errors };
  }
  return null;
}

interface SaveRequest {
  id: string;
  answers: Answers;
  pageId: string | null;
}

export const useApplication = create<ApplicationState>()((set, get) => {
  /**
   * Submit found the draft moved to a newer form version: it is read again,
   * and the citizen goes back to the form to see what changed, at the first
   * page the new form finds unanswered (else where they were); Continue then
   * leads back to the review.
   */
  async function reopenMigrated(draftId: string): Promise<void> {
    try {
      const draft = await api.loadDraft({ id: draftId });
      const form = await formForDraft(draft);
      if (!form) throw new ApiCallError('form.unknown');
      saver.cancel();
      get().open(draft, form);
      const pageId = firstInvalidPage(form, draft.answers)?.pageId ?? get().pageId;
      if (!pageId) throw new ApiCallError('form.unknown');
      openPage(pageId, { returnToReview: true });
    } catch (error) {
      const problem = apiProblemOf(error);
      useAlert.getState().show(problem.code, problem.params);
      return;
    }
    useAlert.getState().show('draft.migrated');
  }

  const saver = createDraftSaver<SaveRequest>({
    save: (request) => api.saveDraft(request),
    onStateChange: (saveState) => set({ saveState }),
  });

  function scheduleSave(): void {
    const { draftId, answers, pageId } = get();
    if (draftId) saver.schedule({ id: draftId, answers, pageId });
  }

  function openPage(pageId: string, extra: Partial<ApplicationState> = {}): void {
    set({ pageId, ...extra });
    scheduleSave();
    useAlert.getState().dismiss();
    useNavigation.getState().go({ name: 'form' });
  }

  function openReview(): void {
    set({ errors: [], returnToReview: false, restored: false });
    useAlert.getState().dismiss();
    useNavigation.getState().go({ name: 'review' });
  }

  return {
    ...initial,

    open(draft, form, options = {}) {
      saver.cancel();
      const pages = visiblePages(form, draft.answers);
      const pageId = pages.some((p) => p.id === draft.pageId) ? draft.pageId : (pages[0]?.id ?? null);
      set({
        ...initial,
        draftId: draft.id,
        serviceId: draft.serviceId,
        variantId: draft.variantId,
        form,
        answers: draft.answers,
        pageId,
        restored: options.restored ?? false,
        migration: draft.migration,
      });
      if (pageId !== draft.pageId) scheduleSave();
    },

    async reopen(draft, options = {}) {
      const form = await formForDraft(draft);
      if (!form) return false;
      get().open(draft, form, options);
      useAlert.getState().dismiss();
      useNavigation.getState().go({ name: 'form' });
      return true;
    },

    setAnswer(fieldId, value) {
      set((state) => ({ answers: { ...state.answers, [fieldId]: value } }));
      const { errors, form, pageId, answers } = get();
      if (form && pageId && errors.some((e) => topFieldId(e.field) === fieldId)) {
        // A shown message follows the answer and goes once the engine accepts it; new ones wait for Continue.
        // A person's subfield is its own place ("children[0].pin"), followed the same way.
        const current = validatePage(form, pageId, answers, today()).filter((e) => topFieldId(e.field) === fieldId);
        set({
          errors: errors.flatMap((e) => {
            if (topFieldId(e.field) !== fieldId) return [e];
            const now = current.find((c) => c.field === e.field);
            return now ? [now] : [];
          }),
        });
      }
      scheduleSave();
    },

    continueFromPage() {
      const { form, pageId, answers, returnToReview } = get();
      if (!form || !pageId) return;
      const errors = validatePage(form, pageId, answers, today());
      if (errors.length > 0) {
        set((state) => ({ errors, errorAttempt: state.errorAttempt + 1 }));
        return;
      }
      set({ errors: [], restored: false });
      const pages = visiblePages(form, answers);
      if (returnToReview) {
        // A changed answer may open a page nobody has filled yet: go there first.
        const invalid = firstInvalidPage(form, answers);
        if (invalid) openPage(invalid.pageId);
        else openReview();
        return;
      }
      const index = pages.findIndex((p) => p.id === pageId);
      const next = pages[index + 1];
      if (next) openPage(next.id);
      else openReview();
    },

    back() {
      const { form, pageId, answers, serviceId } = get();
      const screen = useNavigation.getState().screen;
      set({ errors: [], restored: false });
      useAlert.getState().dismiss();
      if (!form) return;
      const pages = visiblePages(form, answers);
      if (screen.name === 'review') {
        const last = pages[pages.length - 1];
        if (last) openPage(last.id, { returnToReview: false });
        return;
      }
      const index = pages.findIndex((p) => p.id === pageId);
      const previous = index > 0 ? pages[index - 1] : undefined;
      if (previous) {
        openPage(previous.id, { returnToReview: false });
      } else if (serviceId) {
        useNavigation.getState().go({ name: 'service', serviceId });
      }
    },

    change(fieldId) {
      const { form, answers } = get();
      if (!form) return;
      const page = pageOfField(form, answers, fieldId);
      if (page) openPage(page.id, { returnToReview: true, focusFieldId: fieldId, errors: [] });
    },

    setConsent(consent) {
      set({ consent, consentError: consent ? false : get().consentError });
    },

    async submit() {
      const { form, answers, draftId, consent, submitting } = get();
      if (!form || !draftId || submitting) return;
      if (!consent) {
        set({ consentError: true });
        return;
      }
      const invalid = firstInvalidPage(form, answers);
      if (invalid) {
        openPage(invalid.pageId, { errors: invalid.errors, returnToReview: true });
        return;
      }
      set({ submitting: true, consentError: false });
      useAlert.getState().dismiss();
      try {
        // The core submits what it has stored: make sure that is the last thing typed.
        if (!(await saver.flush())) throw new ApiCallError('internal');
        const receipt = await api.submitApplication({ draftId, consent: true });
        saver.cancel();
        useReceipt.getState().show(receipt);
        set({ ...initial });
        useNavigation.getState().go({ name: 'receipt', applicationId: receipt.applicationId });
      } catch (error) {
        set({ submitting: false });
        const problem = apiProblemOf(error);
        if (problem.code === 'draft.migrated') {
          await reopenMigrated(draftId);
          return;
        }
        const fields = error instanceof ApiCallError ? error.fields : [];
        const firstField = fields[0];
        const page = firstField ? pageOfField(form, answers, topFieldId(firstField.field)) : undefined;
        if (page) {
          const pageFields = new Set(page.fields.map((f) => f.id));
          openPage(page.id, { errors: fields.filter((f) => pageFields.has(topFieldId(f.field))), returnToReview: true });
        }
        useAlert.getState().show(problem.code, problem.params);
      }
    },

    focusHandled() {
      set({ focusFieldId: null });
    },

    migrationShown() {
      set({ migrationAnnounced: true });
    },

    dismissMigration() {
      set({ migration: null });
      // The notice said it all: the submit failure that brought it needs no more words.
      if (useAlert.getState().apiError === 'draft.migrated') useAlert.getState().dismiss();
    },

    async continueLater() {
      const { draftId, suspending } = get();
      if (!draftId || suspending) return;
      set({ suspending: true });
      useAlert.getState().dismiss();
      try {
        // The code must bring back everything typed, up to the last key.
        if (!(await saver.flush())) throw new ApiCallError('internal');
        const ticket = await api.suspendDraft({ id: draftId });
        saver.cancel();
        set({ ...initial });
        useNavigation.getState().go({ name: 'resumeTicket', ticket });
      } catch (error) {
        set({ suspending: false });
        const problem = apiProblemOf(error);
        useAlert.getState().show(problem.code, problem.params);
      }
    },

    async saveToAccount({ thenShow = true } = {}) {
      const { draftId, savingToAccount, form, answers } = get();
      if (!draftId || savingToAccount) return false;
      set({ savingToAccount: true });
      useAlert.getState().dismiss();
      try {
        if (!(await saver.flush())) throw new ApiCallError('internal');
        await api.saveDraftToAccount({ draftId });
        const withoutFiles = hasAttachedFiles(form, answers);
        saver.cancel();
        set({ ...initial });
        if (thenShow) useNavigation.getState().go({ name: 'draftSavedToAccount', withoutFiles });
        return true;
      } catch (error) {
        set({ savingToAccount: false });
        const problem = apiProblemOf(error);
        useAlert.getState().show(problem.code, problem.params);
        return false;
      }
    },

    async discard() {
      const { draftId } = get();
      if (!draftId) return;
      saver.cancel();
      await api.deleteDraft({ id: draftId });
      set({ ...initial });
    },

    reset() {
      saver.cancel();
      set({ ...initial });
    },
  };
});
