import { z } from 'zod';

/** Kyrgyz is the kiosk's default language; Russian is one tap away. */
export const LANGUAGES = ['ky', 'ru'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;
export const DEFAULT_LANGUAGE: Language = 'ky';

/** A text the citizen reads, in both languages of the kiosk. */
export const Localized = z.object({
  ky: z.string().min(1),
  ru: z.string().min(1),
});
export type Localized = z.infer<typeof Localized>;
