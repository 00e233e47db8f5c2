import type { TFunction } from 'i18next';
import type { ApiErrorCode } from '../../src-shared/errors';
import type { ApiErrorParams } from '../api/client';

/**
 * A failed call in the citizen's language, `errors.api.<code>` filled with
 * the error's params; a numeric param doubles as the plural count ("через 5
 * минут"), as field messages do.
 */
export function apiErrorMessage(t: TFunction, code: ApiErrorCode, params: ApiErrorParams = {}): string {
  const filled: Record<string, string | number> = { ...params };
  const count = Object.values(params).find((v): v is number => typeof v === 'number');
  if (count !== undefined) filled.count = count;
  return t(`errors.api.${code}`, filled);
}
