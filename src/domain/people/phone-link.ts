/**
 * Phone numbers as people type them (or as a spreadsheet exports them) turned into the links a
 * phone hands to its installed apps: `tel:` and `sms:` for the dialer and messages, and the
 * Signal and WhatsApp link forms. These are navigations the organizer starts with a tap; the app
 * itself never requests them.
 *
 * What must stay true: Signal and WhatsApp identify people by their full international number. A
 * number without a country code is never guessed into one (a wrong guess messages a stranger), so
 * `signal`/`whatsapp` are left out and `international` says why.
 */

/** Dialable forms of one phone number. */
export interface PhoneLinks {
  /** The number as written, without spreadsheet quoting or surrounding space. */
  readonly display: string;
  /** Digits only, with a leading `+` when the number is international (`+15550100`). */
  readonly dial: string;
  /** True when the number carries a country code (`+…` or `00…`). */
  readonly international: boolean;
  /** `tel:+15550100` (with `;ext=12` when an extension was written). */
  readonly tel: string;
  /** `sms:+15550100`. */
  readonly sms: string;
  /** `https://signal.me/#p/+15550100`; only for international numbers. */
  readonly signal?: string;
  /** `https://wa.me/15550100`; only for international numbers. */
  readonly whatsapp?: string;
}

/** E.164 allows at most 15 digits; fewer than 3 is no phone number anywhere. */
const MAX_DIGITS = 15;
const MIN_DIGITS = 3;
/** Quotes a spreadsheet puts before a value to keep it text (`'+1 555…`), and stray wrapping quotes. */
const QUOTES = /^['’‘"]+|['’‘"]+$/g;
/** Separators people write inside numbers: spaces (incl. non-breaking), dashes, dots, slashes, brackets. */
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u2010-\u2015\u2212.\-/()[\]]/g;
/** An extension at the end: `x12`, `ext. 12`, `ext 12`, `#12`, `;ext=12`. */
const EXTENSION = /\s*(?:;ext=|ext\.?|extension|x|#)\s*(\d{1,6})\s*$/i;

/**
 * The links for a phone number, or `null` when the text is not a phone number (empty, letters,
 * too few or too many digits).
 *
 * @example
 * phoneLinks("'+1 (555) 010-0100")?.tel      // 'tel:+15550100100'
 * phoneLinks('0612 34 56 78')?.international // false: no country code, no Signal/WhatsApp link
 * phoneLinks('0044 20 7946 0018')?.whatsapp  // 'https://wa.me/442079460018'
 */
export function phoneLinks(raw: string | null | undefined): PhoneLinks | null {
  if (typeof raw !== 'string') return null;
  const display = raw.trim().replace(QUOTES, '').trim();
  if (display === '') return null;
  let rest = display;
  let ext = '';
  const extMatch = EXTENSION.exec(rest);
  if (extMatch?.[1]) {
    ext = extMatch[1];
    rest = rest.slice(0, extMatch.index);
  }
  // "+44 (0)20 …": the bracketed trunk zero is dialled only from inside the country.
  rest = rest.replace(/^(\+\d{1,3})\s*\(0\)/, '$1');
  let compact = rest.replace(SEPARATORS, '');
  let international = false;
  if (compact.startsWith('+')) {
    international = true;
    compact = compact.slice(1);
  } else if (compact.startsWith('00')) {
    international = true;
    compact = compact.slice(2);
  }
  if (!/^\d+$/.test(compact)) return null;
  if (compact.length < MIN_DIGITS || compact.length > MAX_DIGITS) return null;
  // Country codes never start with 0: "+0…" is a mistyped number, dialled as written.
  if (international && compact.startsWith('0')) international = false;
  const dial = international ? `+${compact}` : compact;
  const links: PhoneLinks = {
    display,
    dial,
    international,
    tel: `tel:${dial}${ext ? `;ext=${ext}` : ''}`,
    sms: `sms:${dial}`,
  };
  if (!international) return links;
  return {
    ...links,
    signal: `https://signal.me/#p/${dial}`,
    whatsapp: `https://wa.me/${compact}`,
  };
}
