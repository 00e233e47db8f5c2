import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, type Language, type Localized } from '../../src-shared/language';
import ky from './ky.json';
import ru from './ru.json';

/** Both languages are bundled (they are small); nothing is fetched. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { ky: { translation: ky }, ru: { translation: ru } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: false,
  supportedLngs: ['ky', 'ru'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

export function currentLanguage(): Language {
  return i18n.language === 'ru' ? 'ru' : 'ky';
}

/** The current language and a picker for catalog/form texts that carry both. */
export function useLanguage(): { language: Language; pick: (text: Localized) => string } {
  const { i18n: instance } = useTranslation();
  const language: Language = instance.language === 'ru' ? 'ru' : 'ky';
  return { language, pick: (text) => text[language] };
}
