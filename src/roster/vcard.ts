/**
 * A small vCard reader for contacts shared from a phone's address book (vCard 2.1, 3.0 and 4.0):
 * names (FN, else N), phones (TEL), emails (EMAIL), nickname, organization and department (ORG),
 * job title (TITLE) and note (NOTE). Everything else (photos, addresses, custom fields) is skipped.
 *
 * A phone's address book also holds companies (the garage, the agency). Such a card is not a
 * coworker: it is marked `organization` (vCard 4.0 `KIND:org`, Apple's `X-ABShowAs:COMPANY`, or an
 * ORG with no personal name in N and an FN that is only the organization's name) and the import
 * leaves it out with that reason.
 *
 * What real files do, and this handles:
 * - folded lines: a line starting with a space or tab continues the previous one (all versions);
 * - vCard 2.1 quoted-printable (`ENCODING=QUOTED-PRINTABLE` or a bare `QUOTED-PRINTABLE` param),
 *   whose soft line breaks end a line with `=` and continue WITHOUT leading white space, and whose
 *   bytes are in the `CHARSET` param (UTF-8 by default; anything not valid UTF-8 falls back to
 *   Windows-1252);
 * - 2.1 bare type params (`TEL;CELL;VOICE:`), 3.0/4.0 `TYPE=` params, quoted 4.0 param values;
 * - property groups (`item1.TEL`), backslash escapes (`\n`, `\,`, `\;`, `\\`), `tel:` URIs (4.0);
 * - CRLF, LF or CR line ends, a BOM, and text outside `BEGIN:VCARD`…`END:VCARD`.
 * Hand-written (no library) because it is small and every rule above is tested.
 */
import { decodeText, decodeWindows1252 } from './decode';
import type { Table } from './table';

/** One contact read from a vCard. */
export interface VCardContact {
  /** 2.1, 3.0, 4.0 or '' when the card did not say. */
  readonly version: string;
  readonly name: string;
  readonly nickname: string;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly organization: string;
  readonly department: string;
  readonly title: string;
  readonly note: string;
  /** The card describes a company or other organization, not a person. */
  readonly organizationCard: boolean;
}

interface Property {
  readonly name: string;
  readonly params: ReadonlyMap<string, string>;
  /** Bare 2.1 params (`CELL`, `QUOTED-PRINTABLE`), upper-cased. */
  readonly flags: ReadonlySet<string>;
  readonly raw: string;
}

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') quoted = !quoted;
    else if (c === sep && !quoted) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function parseLine(line: string): Property | null {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return null;
  const [head = '', ...rawParams] = splitOutsideQuotes(line.slice(0, colon), ';');
  const name = (head.split('.').pop() ?? '').trim().toUpperCase();
  const params = new Map<string, string>();
  const flags = new Set<string>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq < 0) flags.add(p.trim().toUpperCase());
    else
      params.set(
        p.slice(0, eq).trim().toUpperCase(),
        p
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, ''),
      );
  }
  return { name, params, flags, raw: line.slice(colon + 1) };
}

const isQuotedPrintable = (p: Property) =>
  p.flags.has('QUOTED-PRINTABLE') || (p.params.get('ENCODING') ?? '').toUpperCase() === 'QUOTED-PRINTABLE';

/** Joins folded lines and quoted-printable soft breaks into logical lines. */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let qpOpen = false;
  for (const physical of text.split(/\r\n|\n|\r/)) {
    const last = out.length - 1;
    if (qpOpen && last >= 0) {
      out[last] = (out[last] as string).slice(0, -1) + physical; // drop the soft-break '='
    } else if ((physical.startsWith(' ') || physical.startsWith('\t')) && last >= 0) {
      out[last] += physical.slice(1);
    } else {
      out.push(physical);
    }
    const current = out[out.length - 1] ?? '';
    const prop = current.endsWith('=') ? parseLine(current) : null;
    qpOpen = prop !== null && isQuotedPrintable(prop);
  }
  return out;
}

/** Quoted-printable to text in the given charset. */
function decodeQuotedPrintable(value: string, charset: string | undefined): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    const hex = value.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      const code = c.charCodeAt(0);
      if (code < 0x80) bytes.push(code);
      else bytes.push(...new TextEncoder().encode(c));
    }
  }
  const data = new Uint8Array(bytes);
  const cs = (charset ?? 'utf-8').toLowerCase();
  if (cs === 'utf-8' || cs === 'utf8') return decodeText(data).text;
  if (/^(iso-?8859-1|latin-?1|windows-1252|cp1252|us-ascii|ascii)$/.test(cs)) return decodeWindows1252(data);
  try {
    return new TextDecoder(cs).decode(data);
  } catch {
    return decodeText(data).text;
  }
}

/** Splits a structured value (N, ORG) on unescaped semicolons. */
function components(value: string): string[] {
  return value.split(/(?<!\\);/);
}

/** Undoes vCard text escapes. */
function unescapeText(value: string): string {
  return value.replace(/\\([nN,;:\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function propertyText(p: Property): string {
  return isQuotedPrintable(p) ? decodeQuotedPrintable(p.raw, p.params.get('CHARSET')) : p.raw;
}

const clean = (s: string) => unescapeText(s).trim();

interface Building {
  version: string;
  fn: string;
  n: string;
  nickname: string;
  phones: string[];
  emails: string[];
  organization: string;
  department: string;
  title: string;
  notes: string[];
  /** N had a given or family name. */
  personal: boolean;
  /** KIND (4.0) or X-ABShowAs (Apple) said the card is an organization. */
  orgKind: boolean;
}

const fresh = (): Building => ({
  version: '',
  fn: '',
  n: '',
  nickname: '',
  phones: [],
  emails: [],
  organization: '',
  department: '',
  title: '',
  notes: [],
  personal: false,
  orgKind: false,
});

function finish(b: Building): VCardContact {
  return {
    version: b.version,
    name: b.fn || b.n,
    nickname: b.nickname,
    phones: b.phones,
    emails: b.emails,
    organization: b.organization,
    department: b.department,
    title: b.title,
    note: b.notes.join('\n'),
    organizationCard:
      b.orgKind || (b.organization !== '' && !b.personal && (b.fn === '' || sameText(b.fn, b.organization))),
  };
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Reads every contact in a vCard file's text.
 * @example parseVCards('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nTEL:+34 600 000 000\r\nEND:VCARD')
 */
export function parseVCards(text: string): VCardContact[] {
  const out: VCardContact[] = [];
  let card: Building | null = null;
  for (const line of logicalLines(text.replace(/^\uFEFF/, ''))) {
    const p = parseLine(line);
    if (!p) continue;
    const value = p.name === 'BEGIN' || p.name === 'END' ? p.raw.trim().toUpperCase() : '';
    if (p.name === 'BEGIN' && value === 'VCARD') {
      card = fresh();
      continue;
    }
    if (!card) continue;
    if (p.name === 'END' && value === 'VCARD') {
      out.push(finish(card));
      card = null;
      continue;
    }
    const v = propertyText(p);
    switch (p.name) {
      case 'VERSION':
        card.version = v.trim();
        break;
      case 'FN':
        card.fn ||= clean(v);
        break;
      case 'N': {
        const [family = '', given = '', additional = ''] = components(v).map(clean);
        card.n ||= [given, additional, family].filter(Boolean).join(' ');
        if (family || given) card.personal = true;
        break;
      }
      case 'KIND':
        if (/^(org|organization|group|location)$/i.test(v.trim())) card.orgKind = true;
        break;
      case 'X-ABSHOWAS':
        if (/^company$/i.test(v.trim())) card.orgKind = true;
        break;
      case 'NICKNAME':
        card.nickname ||= clean(v.split(/(?<!\\)[,;]/)[0] ?? '');
        break;
      case 'TEL': {
        const tel = clean(v).replace(/^tel:/i, '');
        if (tel && !card.phones.includes(tel)) card.phones.push(tel);
        break;
      }
      case 'EMAIL': {
        const email = clean(v).replace(/^mailto:/i, '');
        if (email && !card.emails.includes(email)) card.emails.push(email);
        break;
      }
      case 'ORG': {
        const [org = '', ...units] = components(v).map(clean);
        card.organization ||= org;
        card.department ||= units.filter(Boolean).join(' › ');
        break;
      }
      case 'TITLE':
        card.title ||= clean(v);
        break;
      case 'NOTE': {
        const note = clean(v);
        if (note) card.notes.push(note);
        break;
      }
    }
  }
  return out;
}

/** Column titles of a vCard table (guessed like any file's headers: Department → unit). */
export const VCARD_COLUMNS = [
  'Name',
  'Code name',
  'Phone',
  'Email',
  'Organization',
  'Department',
  'Job title',
  'Notes',
] as const;

/** vCard contacts as a table for the common import path (row = the contact's position). */
export function vcardTable(contacts: readonly VCardContact[], encoding: Table['source']['encoding']): Table {
  return {
    columns: [...VCARD_COLUMNS],
    rows: contacts.map((c, i) => ({
      row: i + 1,
      ...(c.organizationCard ? { skip: 'organization' as const } : {}),
      cells: [
        c.name || (c.organizationCard ? c.organization : ''),
        c.nickname,
        c.phones.join('; '),
        c.emails.join('; '),
        c.organization,
        c.department,
        c.title,
        c.note,
      ],
    })),
    source: { format: 'vcard', encoding },
  };
}

/** Decodes and reads a .vcf file's bytes into a table. */
export function parseVCardBytes(bytes: Uint8Array): Table {
  const { text, encoding } = decodeText(bytes);
  return vcardTable(parseVCards(text), encoding);
}
