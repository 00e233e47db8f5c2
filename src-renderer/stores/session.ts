import { create } from 'zustand';
import { DEFAULT_LANGUAGE, type Language } from '../../src-shared/language';
import { api } from '../api/client';
import { applyLanguage } from '../i18n';

interface SessionState {
  language: Language;
  /** The kiosk's language for a new citizen; switching away from it makes the home screen "not empty". */
  defaultLanguage: Language;
  start(language: Language, defaultLanguage: Language): void;
  /** Switches in place at once (nothing typed is lost), then tells the core. */
  setLanguage(language: Language): Promise<void>;
  reset(): void;
}

const initial = { language: DEFAULT_LANGUAGE, defaultLanguage: DEFAULT_LANGUAGE };

export const useSession = create<SessionState>()((set, get) => ({
  ...initial,
  start(language, defaultLanguage) {
    applyLanguage(language);
    set({ language, defaultLanguage });
  },
  async setLanguage(language) {
    if (get().language === language) return;
    applyLanguage(language);
    set({ language });
    // The core remembers it for a restart; the screen has already switched.
    await api.setLanguage({ language });
  },
  reset() {
    applyLanguage(initial.language);
    set(initial);
  },
}));
