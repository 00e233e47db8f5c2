import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findForm, findService } from '../../src-shared/catalog/schema';
import type { OutboxItem } from '../../src-shared/contract';
import type { FieldError } from '../../src-shared/errors';
import { topFieldId } from '../../src-shared/forms/engine';
import type { FieldDefinition } from '../../src-shared/forms/schema';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { fieldErrorMessage } from '../application/messages';
import { useLanguage } from '../i18n';
import { useKiosk } from '../stores/kiosk';
import { useSync } from '../stores/sync';
import { lastErrorMessage, syncDetails, type SyncMessage } from '../sync/reading';
import { ScreenHeading } from '../ui/ScreenHeading';
import { useLoaded } from './loading';
import { ClerkProblem, Fact, useServiceName, useWhen } from './parts';

/** Rejected and conflicting items wait for a clerk; waiting ones go by themselves. */
export function needsClerk(item: OutboxItem): boolean {
  return item.delivery === 'rejected' || item.delivery === 'conflict';
}

/** The form's question a field error names, for its label and its own message. */
function useFieldOf(serviceId: string): (error: FieldError) => FieldDefinition | undefined {
  const catalog = useKiosk((s) => s.catalog);
  const service = catalog ? findService(catalog, serviceId) : undefined;
  const form = catalog && service ? findForm(catalog, service.formId) : undefined;
  const fields = form?.pages.flatMap((page) => page.fields) ?? [];
  return (error) => fields.find((field) => field.id === topFieldId(error.field));
}

/** Why the service refused an item (its reason code), or why sending failed (a sync failure code). */
function useLastError(): (item: OutboxItem, code: string) => string {
  const { t } = useTranslation();
  return (item, code) => {
    if (!needsClerk(item)) {
      const m = lastErrorMessage(code);
      return t(m.key, m.params);
    }
    return t(`clerk.outbox.reasons.${code}`, { defaultValue: t('clerk.outbox.reasonOther', { code }) });
  };
}

function OutboxCard({ item, onRetried }: { item: OutboxItem; onRetried(item: OutboxItem): void }) {
  const { t } = useTranslation();
  const when = useWhen();
  const serviceName = useServiceName();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const { language, pick } = useLanguage();
  const fieldOf = useFieldOf(item.serviceId);
  const lastError = useLastError();
  const flagged = needsClerk(item);

  const retry = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      onRetried(await api.retryApplication({ applicationId: item.applicationId }));
      void useSync.getState().refresh();
    } catch (error) {
      setProblem(apiProblemOf(error));
    }
    setBusy(false);
  };

  return (
    <li
      className={`clerk-card${flagged ? ' clerk-card--flagged' : ''}`}
      data-testid="clerk-outbox-item"
      data-delivery={item.delivery}
      data-application={item.localNumber}
    >
      <h2 className="heading-m clerk-card__title">
        {item.localNumber}: {serviceName(item.serviceId)}
      </h2>
      {flagged && (
        <p className="warning-text clerk-card__flag">
          <span className="warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="warning-text__text">{t(`clerk.outbox.flag.${item.delivery}`)}</strong>
        </p>
      )}
      <dl className="summary-list">
        <Fact label={t('clerk.outbox.state')} value={t(`clerk.delivery.${item.delivery}`)} testId="clerk-outbox-state" />
        <Fact label={t('clerk.outbox.submittedAt')} value={when(item.submittedAt)} />
        <Fact label={t('clerk.outbox.attempts')} value={String(item.attempts)} />
        {item.nextAttemptAt && <Fact label={t('clerk.outbox.nextAttempt')} value={when(item.nextAttemptAt)} />}
        {item.lastError && <Fact label={t('clerk.outbox.lastError')} value={lastError(item, item.lastError)} testId="clerk-outbox-error" />}
      </dl>
      {item.fieldErrors.length > 0 && (
        <>
          <h3 className="clerk-card__subtitle">{t('clerk.outbox.fieldErrors')}</h3>
          <ul className="clerk-outbox__fields" data-testid="clerk-outbox-fields">
            {item.fieldErrors.map((error) => {
              const field = fieldOf(error);
              return (
                <li key={`${error.field}:${error.code}`} data-field={error.field}>
                  <strong>{field ? pick(field.label) : error.field}</strong>: {fieldErrorMessage(t, language, error, field)}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <ClerkProblem problem={problem} />
      {flagged && (
        <button type="button" className="button button--primary" data-testid="clerk-outbox-retry" aria-disabled={busy} onClick={() => void retry()}>
          {t('clerk.outbox.retry')}
        </button>
      )}
    </li>
  );
}

/** The link to the central service in words (the sync dialog's reading) and "Sync now". */
function SyncPanel({ onSynced }: { onSynced(): void }) {
  const { t } = useTranslation();
  const state = useSync((s) => s.state);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const details = syncDetails(state);
  const say = (m: SyncMessage) => t(m.key, m.params);

  const syncNow = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      useSync.getState().set(await api.syncNow({}));
    } catch (error) {
      setProblem(apiProblemOf(error));
    }
    setBusy(false);
    onSynced();
  };

  return (
    <section className="clerk-card" aria-labelledby="clerk-sync-title" data-testid="clerk-sync" data-connection={details.connection}>
      <h2 id="clerk-sync-title" className="heading-m clerk-card__title">
        {t('clerk.outbox.syncTitle')}
      </h2>
      <ul className="clerk-facts" aria-live="polite">
        <li data-testid="clerk-sync-link">{say(details.link)}</li>
        <li data-testid="clerk-sync-waiting">{say(details.waiting)}</li>
        <li data-testid="clerk-sync-last-success">{say(details.lastSuccess)}</li>
        {details.flagged && <li>{say(details.flagged)}</li>}
        {details.lastError && <li data-testid="clerk-sync-last-error">{say(details.lastError)}</li>}
      </ul>
      <ClerkProblem problem={problem} />
      <button type="button" className="button button--primary" data-testid="clerk-sync-now" aria-disabled={busy} onClick={() => void syncNow()}>
        {busy ? t('clerk.outbox.syncing') : t('clerk.outbox.syncNow')}
      </button>
    </section>
  );
}

/** Every application not accepted yet, oldest first: what waits, what was refused and why. */
export function ClerkOutbox() {
  const { t } = useTranslation();
  const outbox = useLoaded(() => api.getOutbox({}));
  const [retried, setRetried] = useState<Record<string, OutboxItem>>({});
  const items = (outbox.data?.items ?? []).map((item) => retried[item.applicationId] ?? item);
  return (
    <div className="screen clerk-screen" data-testid="clerk-outbox">
      <ScreenHeading>{t('clerk.outbox.title')}</ScreenHeading>
      <SyncPanel
        onSynced={() => {
          setRetried({});
          outbox.reload();
        }}
      />
      <ClerkProblem problem={outbox.problem} />
      {outbox.data && items.length === 0 && (
        <p className="lead" data-testid="clerk-outbox-empty">
          {t('clerk.outbox.empty')}
        </p>
      )}
      <ul className="clerk-list">
        {items.map((item) => (
          <OutboxCard key={item.applicationId} item={item} onRetried={(next) => setRetried((all) => ({ ...all, [next.applicationId]: next }))} />
        ))}
      </ul>
    </div>
  );
}
