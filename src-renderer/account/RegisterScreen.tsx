import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOGIN_MAX_LENGTH, LOGIN_MIN_LENGTH, PASSWORD_MIN_LENGTH } from '../../src-shared/accounts/rules';
import type { TermsVersion } from '../../src-shared/accounts/wire';
import type { FieldError } from '../../src-shared/errors';
import { ApiCallError, api, apiProblemOf, type ApiProblem } from '../api/client';
import { useApplication } from '../stores/application';
import { useNavigation } from '../stores/navigation';
import { BackLink } from '../ui/BackLink';
import { ErrorSummary } from '../ui/ErrorSummary';
import { ScreenHeading } from '../ui/ScreenHeading';
import { AccountField, type FieldInputHints } from './AccountField';
import { AccountProblem } from './AccountUnavailable';
import { accountFieldMessage } from './messages';
import {
  EMPTY_REGISTRATION,
  REGISTRATION_FIELDS,
  followTyping,
  isRegistrationField,
  loginRules,
  passwordRules,
  registrationProblems,
  type RegistrationField,
  type RegistrationValues,
} from './registration';
import { RuleList } from './RuleList';
import { signedIn } from './signing-in';
import { TermsAcceptance } from './TermsAcceptance';
import { TermsDocument } from './TermsDocument';
import './account.css';

type Step = 'terms' | 'details';
type TermsLoad = { phase: 'loading' } | { phase: 'ready'; terms: TermsVersion } | { phase: 'failed'; problem: ApiProblem };

const FIELD_HINTS: Record<RegistrationField, FieldInputHints> = {
  login: { 'data-osk-alphabet': 'latin', autoCapitalize: 'off', inputMode: 'text', maxLength: LOGIN_MAX_LENGTH },
  password: { 'data-osk-alphabet': 'latin', autoCapitalize: 'off', inputMode: 'text' },
  fullName: { inputMode: 'text', autoCapitalize: 'words', maxLength: 150 },
  pin: { inputMode: 'numeric', maxLength: 14 },
  phone: { type: 'tel', inputMode: 'tel', maxLength: 20 },
};

const inputIdOf = (field: string) => `register-${isRegistrationField(field) ? field : 'login'}`;

/** A field left empty says what to write there; every other problem in the words of its code. */
function registrationMessage(t: TFunction, error: FieldError): string {
  if (error.code === 'required' && isRegistrationField(error.field)) return t(`account.fields.${error.field}.required`);
  return accountFieldMessage(t, error);
}

/** The edition in force, read from the central service when the screen opens (and again when it changed meanwhile). */
function useCurrentTerms() {
  const [load, setLoad] = useState<TermsLoad>({ phase: 'loading' });
  const read = useCallback(async () => {
    setLoad({ phase: 'loading' });
    try {
      setLoad({ phase: 'ready', terms: await api.getTerms({}) });
    } catch (error) {
      setLoad({ phase: 'failed', problem: apiProblemOf(error) });
    }
  }, []);
  useEffect(() => {
    void read();
  }, [read]);
  return { load, read };
}

/**
 * Registering, in two steps: the terms in full, accepted with a box of
 * their own; then login, password, name, ПИН and phone, with the rules
 * shown before typing and each problem beside its field. The terms come
 * first because nothing is registered without them, and because a problem
 * the service finds (a taken login) then lands on the page with the fields.
 */
export function RegisterScreen() {
  const { t } = useTranslation();
  const go = useNavigation((s) => s.go);
  const { load, read } = useCurrentTerms();
  const [step, setStep] = useState<Step>('terms');
  const [accepted, setAccepted] = useState(false);
  const [acceptError, setAcceptError] = useState(false);
  const [termsChanged, setTermsChanged] = useState(false);
  const [values, setValues] = useState<RegistrationValues>(EMPTY_REGISTRATION);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const back = () => {
    if (step === 'details') {
      setStep('terms');
      return;
    }
    go(useApplication.getState().draftId !== null ? { name: 'form' } : { name: 'home' });
  };

  const continueToDetails = () => {
    if (!accepted) {
      setAcceptError(true);
      setAttempt((n) => n + 1);
      return;
    }
    setAcceptError(false);
    setTermsChanged(false);
    setProblem(null);
    setStep('details');
  };

  const change = (field: RegistrationField, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    setErrors((shown) => followTyping(shown, field, next));
  };

  const register = async () => {
    if (busy || load.phase !== 'ready') return;
    const found = registrationProblems(values);
    setProblem(null);
    if (found.length > 0) {
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const state = await api.register({
        login: values.login.trim(),
        password: values.password,
        fullName: values.fullName.trim().replace(/\s+/g, ' '),
        pin: values.pin.replace(/\s+/g, ''),
        phone: values.phone.trim(),
        termsVersion: load.terms.version,
        acceptTerms: true,
      });
      setValues(EMPTY_REGISTRATION);
      signedIn(state, 'registered');
    } catch (error) {
      setBusy(false);
      const refused = apiProblemOf(error);
      if (refused.code === 'account.termsOutdated') {
        // A new edition took effect while the citizen typed: it must be read and accepted; the answers wait.
        setAccepted(false);
        setTermsChanged(true);
        setStep('terms');
        void read();
        return;
      }
      const fields = error instanceof ApiCallError ? error.fields : [];
      if (refused.code === 'account.invalid' && fields.length > 0) {
        setErrors(fields);
      } else {
        setErrors([]);
        setProblem(refused);
      }
      setAttempt((n) => n + 1);
    }
  };

  const messageOf = (field: RegistrationField) => {
    const error = errors.find((e) => e.field === field);
    return error ? registrationMessage(t, error) : null;
  };

  if (step === 'terms') {
    return (
      <div className="screen account-screen register-terms">
        <BackLink onBack={back} />
        {acceptError && <ErrorSummary items={[{ targetId: 'terms-accept', text: t('account.terms.acceptError') }]} attempt={attempt} />}
        <p className="caption">{t('account.register.step', { current: 1, total: 2 })}</p>
        <ScreenHeading focusOnMount={!acceptError}>{t('account.register.termsTitle')}</ScreenHeading>
        {termsChanged && (
          <div className="banner banner--warning" role="alert" data-testid="terms-changed">
            <p className="banner__text">{t('account.register.termsChanged')}</p>
          </div>
        )}
        <p className="lead">{t('account.register.termsLead')}</p>
        {load.phase === 'loading' && (
          <p className="note" role="status">
            {t('account.loading')}
          </p>
        )}
        {load.phase === 'failed' && <AccountProblem problem={load.problem} />}
        {load.phase === 'ready' && (
          <>
            <TermsDocument terms={load.terms} />
            <div className="action-bar action-bar--terms">
              <TermsAcceptance
                accepted={accepted}
                error={acceptError}
                onChange={(now) => {
                  setAccepted(now);
                  if (now) setAcceptError(false);
                }}
              />
              <button type="button" className="button button--primary button--wide" data-testid="terms-continue" onClick={continueToDetails}>
                {t('form.continue')}
              </button>
            </div>
          </>
        )}
      </div>
    );
  }

  const summary = errors.map((error) => ({ targetId: inputIdOf(error.field), text: registrationMessage(t, error) }));
  return (
    <div className="screen account-screen">
      <BackLink onBack={back} />
      {summary.length > 0 && <ErrorSummary items={summary} attempt={attempt} />}
      {problem && <AccountProblem problem={problem} />}
      <p className="caption">{t('account.register.step', { current: 2, total: 2 })}</p>
      <ScreenHeading focusOnMount={summary.length === 0}>{t('account.register.detailsTitle')}</ScreenHeading>
      <p className="lead">{t('account.register.detailsLead')}</p>
      <form
        noValidate
        autoComplete="off"
        onSubmit={(event) => {
          event.preventDefault();
          void register();
        }}
      >
        {REGISTRATION_FIELDS.map((field) => (
          <AccountField
            key={field}
            id={inputIdOf(field)}
            testId={`register-${field}`}
            label={t(`account.fields.${field}.label`)}
            hint={t(`account.fields.${field}.hint`)}
            error={messageOf(field)}
            value={values[field]}
            onChange={(value) => change(field, value)}
            hints={FIELD_HINTS[field]}
            secret={field === 'password'}
            className={`input--${field}`}
          >
            {field === 'login' && (
              <RuleList
                rules={loginRules(values.login)}
                messageKey="account.rules.login"
                testId="login-rules"
                params={{ min: LOGIN_MIN_LENGTH, max: LOGIN_MAX_LENGTH }}
              />
            )}
            {field === 'password' && (
              <RuleList
                rules={passwordRules(values.password, values.login)}
                messageKey="account.rules.password"
                testId="password-rules"
                params={{ min: PASSWORD_MIN_LENGTH }}
              />
            )}
          </AccountField>
        ))}
        <p className="note">{t('account.register.verifyNote')}</p>
        <div className="action-bar">
          <button type="submit" className="button button--primary button--wide" data-testid="register-submit" aria-disabled={busy}>
            {busy ? t('account.register.registering') : t('account.register.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
