import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { findService } from '../../src-shared/catalog/schema';
import type { CabinetApplication } from '../../src-shared/accounts/wire';
import { useLanguage } from '../i18n';
import { readingOf, type StateReading } from '../status/explanations';
import { useAccount } from '../stores/account';
import { useCabinet } from '../stores/cabinet';
import { useKiosk } from '../stores/kiosk';
import { useNavigation } from '../stores/navigation';
import { AccountProblem } from './AccountUnavailable';

/** The cabinet, read again from the central service each time a cabinet screen opens. */
export function useCabinetData() {
  const cabinet = useCabinet((s) => s.cabinet);
  const loading = useCabinet((s) => s.loading);
  useEffect(() => {
    void useCabinet
      .getState()
      .load()
      .then(() => {
        const { loading: after } = useCabinet.getState();
        // The service ended the session or wants new terms first: the core's state says which.
        if (after.phase === 'failed' && (after.problem.code === 'account.sessionEnded' || after.problem.code === 'account.termsRequired')) {
          void useAccount.getState().refresh();
        }
      });
  }, []);
  return { cabinet, loading };
}

/**
 * The cabinet could not be read: no connection (the offline notice), or
 * the session is over (sign in again); the last copy, if any, stays below.
 */
export function CabinetLoadProblem() {
  const { t } = useTranslation();
  const loading = useCabinet((s) => s.loading);
  const go = useNavigation((s) => s.go);
  if (loading.phase !== 'failed') return null;
  const ended = loading.problem.code === 'account.sessionEnded' || loading.problem.code === 'account.signedOut';
  return (
    <>
      <AccountProblem problem={loading.problem} testId="cabinet-error" />
      {ended && (
        <button type="button" className="button button--primary" data-testid="cabinet-sign-in" onClick={() => go({ name: 'login' })}>
          {t('account.entry.login')}
        </button>
      )}
    </>
  );
}

/** The service's name as the catalog gives it, with the variant where there is a choice. */
export function useServiceName() {
  const { pick } = useLanguage();
  const catalog = useKiosk((s) => s.catalog);
  return (serviceId: string, variantId: string): string => {
    const service = catalog ? findService(catalog, serviceId) : undefined;
    if (!service) return serviceId;
    const variant = service.variants.find((v) => v.id === variantId);
    return variant && service.variants.length > 1 ? `${pick(service.name)} — ${pick(variant.name)}` : pick(service.name);
  };
}

/**
 * An application of the cabinet in the status screen's words; "not
 * received" (linked at submit, still on its way from a kiosk) has its own.
 */
export function cabinetReading(state: CabinetApplication['state']): StateReading {
  if (state === 'notReceived') {
    return {
      tone: 'waiting',
      titleKey: 'account.cabinet.notReceived.title',
      nextKey: 'account.cabinet.notReceived.next',
      reasonKey: 'status.reason.other',
    };
  }
  return readingOf(state);
}
