import type { Language } from '../../src-shared/language';
import ky from '../i18n/ky/common.json';
import ru from '../i18n/ru/common.json';

type Resources = typeof ky;

/** The app's own resources, so formatting never depends on Intl's Kyrgyz data. */
export function resourcesOf(language: Language): Resources {
  return language === 'ru' ? (ru as unknown as Resources) : ky;
}
