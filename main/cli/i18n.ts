/**
 * Messages of the command line in the user's language (RISALAH_LANG, else LANG; Indonesian by
 * default), from the same catalogs as the UI.
 */
import i18next, { type TFunction } from 'i18next';
import { catalogs, languageFromLocale, type Language } from '../api/locales';
import { isRisalahError } from '../core/errors';

export const cliLanguage: Language = languageFromLocale(process.env.RISALAH_LANG ?? process.env.LC_ALL ?? process.env.LANG);

const instance = i18next.createInstance();
void instance.init({
  lng: cliLanguage,
  fallbackLng: 'id',
  resources: { id: { translation: catalogs.id }, en: { translation: catalogs.en } },
  interpolation: { escapeValue: false },
  initAsync: false,
});

export const t: TFunction = instance.t.bind(instance);

/** A translated one-line message for any error, and the exit code it deserves. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (isRisalahError(error)) {
    const issues = error.issues?.length ? ` (${error.issues.join('; ')})` : '';
    return { message: `${t(`errors.${error.code}`, error.params)}${issues}`, exitCode: 1 };
  }
  return { message: `${t('errors.INTERNAL')} ${(error as Error)?.message ?? String(error)}`, exitCode: 70 };
}
