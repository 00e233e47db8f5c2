import type { TFunction } from 'i18next';
import type { FieldError } from '../../src-shared/errors';
import type { ApiProblem } from '../api/client';
import { formatDate, formatTime } from '../format';
import { apiErrorMessage } from '../ui/api-error-message';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A refused account call in words. A time among the params (the day a
 * deleted account can still be restored) is written as the screens write
 * dates, "dd.MM.yyyy" and "HH:mm"; `<name>Date` and `<name>Time` fill the message.
 */
export function accountProblemMessage(t: TFunction, problem: ApiProblem): string {
  const params: Record<string, string | number> = { ...problem.params };
  for (const [name, value] of Object.entries(problem.params)) {
    if (typeof value === 'string' && INSTANT.test(value)) {
      params[`${name}Date`] = formatDate(value);
      params[`${name}Time`] = formatTime(value);
    }
  }
  if (problem.code === 'account.deleted' && typeof params.restoreUntilDate === 'string') {
    return t('errors.api.account.deletedUntil', params);
  }
  // The operator's reason for a block comes in the session's language, as the service gave it.
  if (problem.code === 'account.blocked' && typeof params.reason === 'string' && params.reason.trim() !== '') {
    const reason = /[.!?]$/.test(params.reason.trim()) ? params.reason.trim() : `${params.reason.trim()}.`;
    return t('errors.api.account.blockedReason', { reason });
  }
  return apiErrorMessage(t, problem.code, params);
}

/** A field's problem from the shared rules or the service: `errors.field.<code>`, else a plain "check this". */
export function accountFieldMessage(t: TFunction, error: FieldError): string {
  const params: Record<string, string | number> = { ...(error.params ?? {}) };
  const count = Object.values(params).find((v): v is number => typeof v === 'number');
  if (count !== undefined) params.count = count;
  return t(`errors.field.${error.code}`, { ...params, defaultValue: t('account.fieldProblem') });
}
