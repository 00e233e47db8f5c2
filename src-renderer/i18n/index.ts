import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, type Language, type Localized } from '../../src-shared/language';

type Messages = Record<string, unknown>;

/**
 * Each feature keeps its messages in its own file, `ky/<feature>.json` and
 * `ru/<feature>.json`, under top-level keys no other file uses; they are
 * merged here. Both languages are bundled (they are small); nothing is fetched.
 */
const files = import.meta.glob<Messages>('./*/*.json', { eager: true, import: 'default' });

function messagesOf(language: Language): Messages {
  const merged: Messages = {};
  for (const [path, messages] of Object.entries(files)) {
    if (!path.startsWith(`./${language}/`)) continue;
    for (const [key, value] of Object.entries(messages)) {
      if (key in merged) throw new Error(`i18n: ${path} repeats the top-level key "${key}"`);
      merged[key] = value;
    }
  }
  return merged;
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { ky: { translation: messagesOf('ky') }, ru: { translation: messagesOf('ru') } },
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
