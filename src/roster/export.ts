/**
 * Exports to CSV: people (the same columns the import reads, so an export re-imports losslessly)
 * and conversations. What leaves here is NOT encrypted: the UI must make the export an explicit
 * act and say so.
 *
 * Files are UTF-8 with a byte-order mark (so Excel reads accents right), comma-separated, CRLF,
 * quoted where needed by Papa Parse, and every cell that a spreadsheet would run as a formula is
 * prefixed with an apostrophe (`escapeFormula`), which the import removes again.
 *
 * Lossless means: every person field but ids, timestamps and histories comes back equal, except
 * that contacts come back grouped by kind, and that a tag or contact containing `;` (or a tag
 * containing `,`), or a unit name containing `>` or `›`, would be split.
 */
import Papa from 'papaparse';
import {
  type ContactKind,
  type Conversation,
  type ConversationSpaces,
  listConversations,
  listIssues,
  listPeople,
  listShifts,
  listUnits,
  type Person,
  type Space,
} from '../domain';
import { EXPORT_FIELDS, type FieldKey, HEADERS } from './fields';
import { escapeFormula } from './values';

/** Column titles and yes/no words in English or Spanish. */
export type ExportLang = 'en' | 'es';

const YES_NO: Record<ExportLang, [string, string]> = { en: ['yes', 'no'], es: ['sí', 'no'] };

/** Rows (header first) to CSV text, formula-escaped, with a BOM. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const safe = rows.map((r) => r.map(escapeFormula));
  return `\uFEFF${Papa.unparse(safe, { newline: '\r\n', quotes: false, escapeFormulae: false })}\r\n`;
}

const CONTACT_FIELD: Partial<Record<FieldKey, ContactKind>> = {
  phone: 'phone',
  email: 'email',
  signal: 'signal',
  whatsapp: 'whatsapp',
  otherContact: 'other',
};

/** The people export as rows (header first): live people sorted by name. */
export function peopleRows(doc: Space['doc'], lang: ExportLang = 'en'): string[][] {
  const unitPath = new Map(listUnits(doc).map((u) => [u.id, u.path]));
  const shiftName = new Map(listShifts(doc).map((s) => [s.id, s.name]));
  const [yes, no] = YES_NO[lang];
  const yn = (b: boolean) => (b ? yes : no);
  const cell = (p: Person, f: FieldKey): string => {
    const kind = CONTACT_FIELD[f];
    if (kind) {
      return p.contacts
        .filter((c) => c.kind === kind)
        .map((c) => c.value)
        .join('; ');
    }
    switch (f) {
      case 'name':
        return p.name;
      case 'codeName':
        return p.codeName ?? '';
      case 'unit':
        return (p.unitId && unitPath.get(p.unitId)) || '';
      case 'shift':
        return (p.shiftId && shiftName.get(p.shiftId)) || '';
      case 'jobTitle':
        return p.jobTitle ?? '';
      case 'assessment':
        return p.assessment === null ? '' : String(p.assessment);
      case 'leader':
        return yn(p.leader);
      case 'committee':
        return yn(p.committee);
      case 'card':
        return yn(p.card.signed);
      case 'cardDate':
        return p.card.signed ? (p.card.date ?? '') : '';
      case 'tags':
        return p.tags.join(', ');
      case 'language':
        return p.language ?? '';
      case 'nextStep':
        return p.nextFollowUp?.text ?? '';
      case 'nextStepDue':
        return p.nextFollowUp?.due ?? '';
      case 'notes':
        return p.notes ?? '';
      default:
        return '';
    }
  };
  const header = EXPORT_FIELDS.map((f) => HEADERS[lang][f]);
  return [header, ...listPeople(doc).people.map((p) => EXPORT_FIELDS.map((f) => cell(p, f)))];
}

/**
 * The people of a campaign as CSV text.
 * @example download(exportPeopleCsv(store.doc, 'es'), 'personas.csv')
 */
export function exportPeopleCsv(doc: Space['doc'], lang: ExportLang = 'en'): string {
  return toCsv(peopleRows(doc, lang));
}

const CONVERSATION_HEADERS: Record<ExportLang, readonly string[]> = {
  en: [
    'Date',
    'Name',
    'Unit',
    'Kind',
    'Channel',
    'Place',
    'Issues',
    'Stake',
    'Vision',
    'Inoculation',
    'Ask',
    'Answer',
    'Answer note',
    'Notes',
    'Assessment',
    'Next step',
    'Next step due',
    'Visibility',
  ],
  es: [
    'Fecha',
    'Nombre',
    'Área',
    'Tipo',
    'Medio',
    'Lugar',
    'Problemas',
    'Qué está en juego',
    'Visión',
    'Inoculación',
    'Petición',
    'Respuesta',
    'Nota de la respuesta',
    'Notas',
    'Evaluación',
    'Próximo paso',
    'Fecha del próximo paso',
    'Visibilidad',
  ],
};

/**
 * Conversations as rows (header first), newest first: shared ones, plus this device's private
 * ones only when `spaces.personal` is given.
 */
export function conversationRows(spaces: ConversationSpaces, lang: ExportLang = 'en'): string[][] {
  const doc = spaces.campaign;
  const people = new Map(listPeople(doc, { includeDeleted: true }).people.map((p) => [p.id, p]));
  const unitPath = new Map(listUnits(doc, { includeDeleted: true }).map((u) => [u.id, u.path]));
  const issueName = new Map(listIssues(doc, { includeDeleted: true }).map((i) => [i.id, i.name]));
  const row = (c: Conversation): string[] => {
    const person = people.get(c.personId);
    return [
      c.at,
      person?.name ?? '',
      (person?.unitId && unitPath.get(person.unitId)) || '',
      c.kind,
      c.channel ?? '',
      c.place ?? '',
      c.issueIds
        .map((id) => issueName.get(id) ?? '')
        .filter(Boolean)
        .join(', '),
      c.stake ?? '',
      c.vision ?? '',
      c.inoculation ?? '',
      c.ask ?? '',
      c.answer ?? '',
      c.answerNote ?? '',
      c.notes ?? '',
      c.assessment === null ? '' : String(c.assessment),
      c.nextStep?.text ?? '',
      c.nextStep?.due ?? '',
      c.visibility,
    ];
  };
  return [[...CONVERSATION_HEADERS[lang]], ...listConversations(spaces).conversations.map(row)];
}

/** Conversations as CSV text (see `conversationRows`). */
export function exportConversationsCsv(spaces: ConversationSpaces, lang: ExportLang = 'en'): string {
  return toCsv(conversationRows(spaces, lang));
}
