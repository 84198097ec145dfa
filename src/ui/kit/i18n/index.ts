/**
 * i18n: English and Spanish. The language follows the device unless the user picks one in settings.
 * Strings are plain text: interpolated values are inserted as text, never as HTML.
 * To add a feature's strings: create `<feature>.ts` with `defineMessages(en, es)` and list it in
 * TABLES below.
 */
import { createSignal } from 'solid-js';
import { nextup } from '../../home/nextup-strings';
import { counts } from '../../home/strings';
import { map } from '../../map/strings';
import { field } from '../../people/strings';
import { roster } from '../../roster/strings';
import { activity } from '../../sharing/activity-strings';
import { invites } from '../../sharing/invites-strings';
import { sharing } from '../../sharing/strings';
import { platform } from '../../shell/platform-strings';
import { storageLimits } from '../../shell/storage-strings';
import { surveys } from '../../surveys/strings';
import { core } from './core';

const TABLES = [
  activity,
  core,
  counts,
  field,
  invites,
  map,
  nextup,
  platform,
  roster,
  sharing,
  storageLimits,
  surveys,
] as const;

type Keys<T> = T extends { en: Record<infer K, string> } ? K : never;
export type MessageKey = Keys<(typeof TABLES)[number]>;
export type Lang = 'en' | 'es';
export type LangChoice = Lang | 'auto';
export const LANGS: readonly Lang[] = ['en', 'es'];

const dictionaries: Record<Lang, Record<string, string>> = {
  en: Object.assign({}, ...TABLES.map((x) => x.en)),
  es: Object.assign({}, ...TABLES.map((x) => x.es)),
};

export function deviceLang(languages: readonly string[] = globalThis.navigator?.languages ?? []): Lang {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

const [choice, setChoice] = createSignal<LangChoice>('auto');
export const langChoice = choice;
export const lang = (): Lang => {
  const c = choice();
  return c === 'auto' ? deviceLang() : c;
};

export function setLangChoice(next: LangChoice): void {
  setChoice(next);
  if (typeof document !== 'undefined') document.documentElement.lang = lang();
}

/** Translates `key` in the current language, filling `{name}` placeholders. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(dictionaries[lang()][key] ?? dictionaries.en[key] ?? key, params);
}

/** True when `key` names a message (for mapping error codes to words). */
export function hasMessage(key: string): key is MessageKey {
  return key in dictionaries.en;
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/**
 * `Intl` formatters, one per language and options: making one costs far more than using one (and
 * the first of a kind loads locale data), so they are made once and kept.
 */
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** The UI language's `Intl.NumberFormat` with `options` (made once). */
export function numberFormat(options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang()} n ${JSON.stringify(options ?? {})}`;
  let f = formats.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(lang(), options);
    formats.set(key, f);
  }
  return f;
}

/** The UI language's `Intl.DateTimeFormat` with `options` (made once). */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang()} d ${JSON.stringify(options)}`;
  let f = formats.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(lang(), options);
    formats.set(key, f);
  }
  return f;
}

/**
 * Makes and uses the formatters home paints with, so the first paint after unlock does not pay
 * for loading their locale data (the lock screen calls it while the phone is idle).
 */
export function warmFormats(): void {
  numberFormat().format(1234.5);
  numberFormat({ maximumFractionDigits: 0 }).format(12.5);
  dateFormat({ dateStyle: 'medium' }).format(new Date());
  dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date());
}

export function formatNumber(n: number): string {
  return numberFormat().format(n);
}

/** Words for a coded error: `error.<code>` when it exists, else a generic message with the code. */
export function errorText(code: string): string {
  const key = `error.${code}`;
  return hasMessage(key) ? t(key) : t('error.generic', { code });
}
