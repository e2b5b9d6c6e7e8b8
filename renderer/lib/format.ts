/** Sizes and other small numbers for people, in the UI language (dates: main/api/format). */
import { formatNumber } from '../../main/api/format';
import { currentLanguage } from './i18n';

export function formatBytes(bytes: number): string {
  const lang = currentLanguage();
  if (bytes < 1024) return `${formatNumber(bytes, lang)} B`;
  if (bytes < 1024 ** 2) return `${formatNumber(bytes / 1024, lang)} KB`;
  if (bytes < 1024 ** 3) return `${formatNumber(bytes / 1024 ** 2, lang, 1)} MB`;
  return `${formatNumber(bytes / 1024 ** 3, lang, 2)} GB`;
}
