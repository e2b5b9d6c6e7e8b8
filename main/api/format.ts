/**
 * Dates and numbers for people, through Intl.
 *
 * Owns: how a date of the archive (`YYYY-MM-DD`) reads in the UI and CLI — "Selasa, 1 Juli 2025"
 * in Indonesian — and how counts and durations are written.
 */
import { INTL_LOCALE, type Language } from './locales';

/** A calendar date as a long human date, e.g. `Selasa, 1 Juli 2025`. */
export function formatLongDate(isoDate: string, lang: Language): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** A calendar date in short form, e.g. `1 Jul 2025`. */
export function formatShortDate(isoDate: string, lang: Language): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function formatNumber(n: number, lang: Language, fractionDigits = 0): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang], {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(n);
}

/** Seconds as `1:02:03` or `2:03`. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}
