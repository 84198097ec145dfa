/**
 * Follow-ups as calendar events (RFC 5545 iCalendar text), so the phone's own calendar can remind
 * an organizer without any server. Pure: the UI offers the text as an `.ics` download.
 *
 * What must stay true:
 * - The calendar is outside the app's encryption (it may sync to a cloud account), so an event
 *   carries only what the organizer needs to act: who (the code name when the person has one) and
 *   the next step. No unit, assessment, notes, contacts or link into the app.
 * - Each follow-up keeps one UID however often it is downloaded (same person, date and text), so
 *   importing it again updates the calendar entry instead of adding a copy; a new next step is a
 *   new event.
 * - Lines end in CRLF and are folded at 75 octets of UTF-8 without splitting a character; TEXT
 *   values escape `\`, `;`, `,` and newlines (RFC 5545 §3.1, §3.3.11).
 */
import type { FollowUp, Person } from '../types';

/** One event to write. */
export interface CalendarFollowUp {
  readonly person: Pick<Person, 'id' | 'name' | 'codeName'>;
  readonly followUp: FollowUp;
}

/** Words and clock for the file; the UI passes its translations. */
export interface CalendarOptions {
  /** Event title: `{name}` and `{step}` are filled in, e.g. "Follow up: {name} — {step}". */
  readonly summary: string;
  /** Title when the follow-up has no text, e.g. "Follow up with {name}". */
  readonly summaryNoStep: string;
  /** Alarm text shown by the phone. */
  readonly alarm: string;
  /** DTSTAMP; defaults to now. */
  readonly now?: Date;
  /** Local hour (0–23) of the reminder on the due day; default 9. */
  readonly alarmHour?: number;
}

const encoder = new TextEncoder();
/** Control characters other than tab and newline have no place in a calendar line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, and newlines as `\n`. */
export function escapeIcsText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * Folds one content line at 75 octets (UTF-8), continuation lines starting with one space, never
 * splitting a multi-byte character; joined with CRLF.
 */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** FNV-1a 32-bit, hex: a short stable digest for UIDs (not a security property). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The UID of a follow-up's event: stable for the same person, date and text. */
export function followUpUid(personId: string, followUp: FollowUp): string {
  return `followup-${personId}-${followUp.due.replaceAll('-', '')}-${fnv1a(followUp.text)}@shopfloor`;
}

const basic = (isoDate: string) => isoDate.replaceAll('-', '');

function nextDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function stamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

/**
 * An iCalendar file with one all-day event per follow-up, each with a reminder on the morning of
 * the due day.
 * @example
 * const text = followUpsCalendar([{ person, followUp }], { summary: 'Follow up: {name} — {step}',
 *   summaryNoStep: 'Follow up with {name}', alarm: 'Follow-up due' });
 */
export function followUpsCalendar(items: readonly CalendarFollowUp[], options: CalendarOptions): string {
  const dtstamp = stamp(options.now ?? new Date());
  const hour = Math.min(23, Math.max(0, Math.trunc(options.alarmHour ?? 9)));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Shopfloor//Follow-ups//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  for (const { person, followUp } of items) {
    const name = person.codeName?.trim() || person.name;
    const step = followUp.text.trim();
    const summary = step ? fill(options.summary, { name, step }) : fill(options.summaryNoStep, { name });
    lines.push(
      'BEGIN:VEVENT',
      `UID:${followUpUid(person.id, followUp)}`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${basic(followUp.due)}`,
      `DTEND;VALUE=DATE:${basic(nextDay(followUp.due))}`,
      `SUMMARY:${escapeIcsText(summary)}`,
      'TRANSP:TRANSPARENT',
      'CLASS:PRIVATE',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeIcsText(options.alarm)}`,
      `TRIGGER:PT${hour}H`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}

/** A file name for one person's follow-up, without the person's name (file names get shared). */
export function followUpFileName(followUp: FollowUp): string {
  return `follow-up-${followUp.due}.ics`;
}
