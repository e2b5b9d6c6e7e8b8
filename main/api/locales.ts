/**
 * The languages of the UI and their message catalogs.
 *
 * Owns: the list of languages (Indonesian first and default, English second), the catalogs in
 * resources/locales/, and the Intl locale used for dates and numbers. Shared by the renderer
 * (react-i18next) and the CLI (translated errors).
 */
import en from '../../resources/locales/en.json';
import id from '../../resources/locales/id.json';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';

export const catalogs = { id, en } as const;

/** The Intl locale of a UI language: dates and numbers are written the Indonesian way in `id`. */
export const INTL_LOCALE: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Pick a UI language from an environment string such as `id_ID.UTF-8` or `en-US`. */
export function languageFromLocale(locale: string | undefined): Language {
  const prefix = (locale ?? '').slice(0, 2).toLowerCase();
  return isLanguage(prefix) ? prefix : DEFAULT_LANGUAGE;
}
