import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentityResult, IdentityTarget } from '../../src-shared/clerks/views';
import { DOCUMENT_TYPES, type DocumentType } from '../../src-shared/clerks/wire';
import { isDocumentNumber, normalizeDocumentNumber } from '../../src-shared/validators/document';
import { api, apiProblemOf, type ApiProblem } from '../api/client';
import { AccountField } from '../account/AccountField';
import type { ClerkScreen } from './clerk-state';
import { ScreenHeading } from '../ui/ScreenHeading';
import { ClerkProblem, useWhen } from './parts';

type PickedApplication = Extract<ClerkScreen, { name: 'identity' }>['application'];
type Missing = { login: boolean; documentType: boolean; number: 'missing' | 'shape' | null };

function Result({ result }: { result: IdentityResult }) {
  const { t } = useTranslation();
  const when = useWhen();
  return (
    <div className="panel panel--info" role="status" data-testid="clerk-identity-result" data-recorded={result.recorded}>
      <h2 className="panel__title">{t('clerk.identity.done')}</h2>
      <p>
        {t(`clerk.documentType.${result.documentType}`)}: <span data-testid="clerk-identity-masked">{result.documentNumberMasked}</span>
      </p>
      <p>{when(result.confirmedAt)}</p>
      <p data-testid="clerk-identity-recorded">{t(`clerk.identity.recorded.${result.recorded}`)}</p>
    </div>
  );
}

/**
 * The clerk looked at the passport or ID card: its type and number are
 * recorded for an application (sent with the next sync), or sent at once
 * for an account (the central service keeps accounts, so this needs it).
 */
export function ClerkIdentity({ application: picked }: { application: PickedApplication }) {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [documentType, setDocumentType] = useState<DocumentType | null>(null);
  const [number, setNumber] = useState('');
  const [missing, setMissing] = useState<Missing>({ login: false, documentType: false, number: null });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [result, setResult] = useState<IdentityResult | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const numberProblem = number.trim() === '' ? 'missing' : isDocumentNumber(number) ? null : 'shape';
    const now: Missing = { login: !picked && login.trim() === '', documentType: documentType === null, number: numberProblem };
    setMissing(now);
    if (now.login || now.documentType || now.number || !documentType) return;
    const target: IdentityTarget = picked
      ? { kind: 'application', applicationId: picked.applicationId }
      : { kind: 'account', login: login.trim() };
    setBusy(true);
    setProblem(null);
    try {
      setResult(await api.confirmIdentity({ target, documentType, documentNumber: normalizeDocumentNumber(number) }));
      setNumber('');
    } catch (error) {
      setProblem(apiProblemOf(error));
    }
    setBusy(false);
  };

  return (
    <div className="screen clerk-screen" data-testid="clerk-identity">
      <ScreenHeading>{t('clerk.identity.title')}</ScreenHeading>
      <p className="lead" data-testid="clerk-identity-target">
        {picked ? t('clerk.identity.forApplication', { number: picked.label }) : t('clerk.identity.forAccount')}
      </p>
      {problem?.code === 'identity.offline' ? (
        <div className="banner banner--warning" role="alert" data-testid="clerk-identity-offline">
          <p className="banner__text">{t('errors.api.identity.offline')}</p>
        </div>
      ) : (
        <ClerkProblem problem={problem} />
      )}
      {result && <Result result={result} />}
      <form
        noValidate
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {!picked && (
          <AccountField
            id="clerk-identity-login"
            testId="clerk-identity-login"
            label={t('clerk.identity.login')}
            error={missing.login ? t('clerk.identity.loginMissing') : null}
            value={login}
            onChange={setLogin}
            hints={{ 'data-osk-alphabet': 'latin', autoCapitalize: 'off' }}
          />
        )}
        <fieldset className={`field fieldset${missing.documentType ? ' field--error' : ''}`}>
          <legend className="label">{t('clerk.identity.documentType')}</legend>
          {missing.documentType && <p className="field-error">{t('clerk.identity.documentTypeMissing')}</p>}
          <div className="radio-cards radio-cards--inline">
            {DOCUMENT_TYPES.map((type) => (
              <label key={type} className="radio-card">
                <input
                  type="radio"
                  name="clerk-document-type"
                  data-testid={`clerk-identity-type-${type}`}
                  checked={documentType === type}
                  onChange={() => setDocumentType(type)}
                />
                <span className="radio-card__body">{t(`clerk.documentType.${type}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <AccountField
          id="clerk-identity-number"
          testId="clerk-identity-number"
          label={t('clerk.identity.number')}
          hint={t('clerk.identity.numberHint')}
          error={missing.number ? t(`clerk.identity.number${missing.number === 'missing' ? 'Missing' : 'Shape'}`) : null}
          value={number}
          onChange={setNumber}
          hints={{ 'data-osk-alphabet': 'latin', autoCapitalize: 'characters', maxLength: 12 }}
          className="input--document"
        />
        <div className="action-bar">
          <button type="submit" className="button button--primary button--wide" data-testid="clerk-identity-submit" aria-disabled={busy}>
            {t('clerk.identity.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
