import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindResult, FoundItem } from '../../src-shared/clerks/views';
import { formatPlainCode } from '../../src-shared/codes';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { AccountField } from '../account/AccountField';
import { useApplication } from '../stores/application';
import { useClerk } from '../stores/clerk';
import { ScreenHeading } from '../ui/ScreenHeading';
import { ClerkProblem, Fact, useServiceName, useWhen } from './parts';

type Found = Extract<FoundItem, { kind: 'draft' }>;
type Submitted = Extract<FoundItem, { kind: 'application' }>;

/** Opens the draft as the session's and leaves the clerk view for the form, with the assist banner on top. */
async function helpFill(draftId: string): Promise<ApiProblem | null> {
  try {
    const draft = await api.clerkOpenDraft({ draftId });
    const opened = await useApplication.getState().reopen(draft, { restored: true });
    if (!opened) return { code: 'form.unknown', params: {} };
    useClerk.getState().close();
    return null;
  } catch (error) {
    return apiProblemOf(error);
  }
}

function DraftCard({ item }: { item: Found }) {
  const { t } = useTranslation();
  const when = useWhen();
  const serviceName = useServiceName();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <li className="clerk-card" data-testid="clerk-found-draft">
      <h2 className="heading-m clerk-card__title">
        {t('clerk.find.draft')}: {serviceName(item.serviceId)}
      </h2>
      <dl className="summary-list">
        <Fact label={t('clerk.find.updatedAt')} value={when(item.updatedAt)} />
        <Fact label={t('clerk.find.expiresAt')} value={when(item.expiresAt)} />
        {item.abandoned && <Fact label={t('clerk.find.left')} value={t('clerk.find.abandoned')} testId="clerk-found-abandoned" />}
        {item.assistedBy && <Fact label={t('clerk.find.assistedBy')} value={item.assistedBy} />}
      </dl>
      <ClerkProblem problem={problem} />
      <button
        type="button"
        className="button button--primary"
        data-testid="clerk-open-draft"
        aria-disabled={busy}
        onClick={() => {
          if (busy) return;
          setBusy(true);
          void helpFill(item.draftId).then((failed) => {
            setProblem(failed);
            setBusy(false);
          });
        }}
      >
        {t('clerk.find.open')}
      </button>
    </li>
  );
}

function ApplicationCard({ item }: { item: Submitted }) {
  const { t } = useTranslation();
  const when = useWhen();
  const serviceName = useServiceName();
  const go = useClerk((s) => s.go);
  return (
    <li className="clerk-card" data-testid="clerk-found-application">
      <h2 className="heading-m clerk-card__title">
        {t('clerk.find.application')}: {serviceName(item.serviceId)}
      </h2>
      <dl className="summary-list">
        <Fact label={t('clerk.find.number')} value={item.registrationNumber ?? item.localNumber} testId="clerk-found-number" />
        <Fact label={t('clerk.find.lookupCode')} value={formatPlainCode(item.lookupCode)} testId="clerk-found-lookup" />
        <Fact label={t('clerk.find.submittedAt')} value={when(item.submittedAt)} />
        <Fact label={t('clerk.find.delivery')} value={t(`clerk.delivery.${item.delivery}`)} testId="clerk-found-delivery" />
        <Fact
          label={t('clerk.find.identity')}
          testId="clerk-found-identity"
          value={
            item.identity
              ? t('clerk.find.identityDone', {
                  document: t(`clerk.documentType.${item.identity.documentType}`),
                  number: item.identity.documentNumberMasked,
                  when: when(item.identity.confirmedAt),
                })
              : t('clerk.find.identityNone')
          }
        />
      </dl>
      <button
        type="button"
        className="button button--secondary"
        data-testid="clerk-confirm-identity"
        onClick={() =>
          go({
            name: 'identity',
            application: { applicationId: item.applicationId, label: item.registrationNumber ?? item.localNumber },
          })
        }
      >
        {t('clerk.find.confirmIdentity')}
      </button>
    </li>
  );
}

/** By resume code, lookup code or ПИН: the core tells which it was and what it found. */
export function ClerkFind() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState(false);
  const [result, setResult] = useState<FindResult | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const find = async () => {
    const typed = query.trim();
    setMissing(typed === '');
    if (typed === '' || busy) return;
    setBusy(true);
    setProblem(null);
    try {
      setResult(await api.clerkFind({ query: typed }));
    } catch (error) {
      setResult(null);
      setProblem(apiProblemOf(error));
    }
    setBusy(false);
  };

  return (
    <div className="screen clerk-screen" data-testid="clerk-find">
      <ScreenHeading>{t('clerk.find.title')}</ScreenHeading>
      <form
        noValidate
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          void find();
        }}
      >
        <AccountField
          id="clerk-query"
          testId="clerk-find-query"
          label={t('clerk.find.label')}
          hint={t('clerk.find.hint')}
          error={missing ? t('clerk.find.missing') : null}
          value={query}
          onChange={setQuery}
          hints={{ 'data-osk-alphabet': 'latin', autoCapitalize: 'characters', maxLength: 40 }}
        />
        <button type="submit" className="button button--primary" data-testid="clerk-find-submit" aria-disabled={busy}>
          {t('clerk.find.submit')}
        </button>
      </form>
      <ClerkProblem problem={problem} />
      {result && (
        <section aria-labelledby="clerk-found-title" data-testid="clerk-find-results" data-matched-by={result.matchedBy}>
          <h2 id="clerk-found-title" className="heading-l" role="status">
            {t(`clerk.find.matchedBy.${result.matchedBy}`)} {t('clerk.find.count', { count: result.items.length })}
          </h2>
          <ul className="clerk-list">
            {result.items.map((item) =>
              item.kind === 'draft' ? <DraftCard key={item.draftId} item={item} /> : <ApplicationCard key={item.applicationId} item={item} />,
            )}
          </ul>
        </section>
      )}
    </div>
  );
}
