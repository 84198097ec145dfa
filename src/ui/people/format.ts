/**
 * Small formatting helpers shared by the field-use screens: dates in the organizer's own time zone
 * and language, assessment labels, and coded domain errors turned into words.
 */
import { type Assessment, localIsoDate } from '../../domain';
import { dateFormat, hasMessage, lang, type MessageKey, numberFormat, t } from '../kit/i18n';

const pad = (n: number) => String(n).padStart(2, '0');

/** Today as an ISO date (`YYYY-MM-DD`) in the device's time zone. */
export function localToday(now = new Date()): string {
  return localIsoDate(now);
}

/** A `datetime-local` input value (`YYYY-MM-DDTHH:mm`) for a moment, in the device's time zone. */
export function toLocalInput(date = new Date()): string {
  return `${localToday(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An ISO timestamp from a `datetime-local` value, or `null` when it is not a valid time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** "14 Mar 2025, 09:30" in the UI language. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** "14 Mar 2025" for an ISO date (read as a calendar date, not a UTC moment). */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return dateFormat({ dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

/** "Supporter" for 2; "Not assessed" for null. */
export function assessmentName(value: Assessment | null | undefined): string {
  return t(`assess.${value ?? 0}` as MessageKey);
}

/** "2 · Supporter". */
export function assessmentLabel(value: Assessment | null | undefined): string {
  return value ? `${value} · ${assessmentName(value)}` : assessmentName(null);
}

/** Words for a refused command, with its limits filled in (`typed`: the length the user typed). */
export function domainErrorText(
  error: { code: string; detail: Readonly<Record<string, unknown>> },
  typed?: number,
): string {
  const key = `error.${error.code}`;
  if (!hasMessage(key)) return t('error.generic', { code: error.code });
  const max = typeof error.detail.max === 'number' ? error.detail.max : 0;
  return t(key, {
    max: new Intl.NumberFormat(lang()).format(max),
    n: new Intl.NumberFormat(lang()).format(typed ?? 0),
  });
}

/** Percent with no decimals, in the UI language's digits. */
export function pct(value: number): string {
  return numberFormat({ maximumFractionDigits: 0 }).format(value);
}

/** "Needs 14 more cards to reach 65%." (singular for one card). */
export function cardsNeeded(params: { n: number | string; pct: number }): string {
  return Number(params.n) === 1
    ? t('dash.cardsNeeded.one', { pct: params.pct })
    : t('dash.cardsNeeded', params);
}
