/** Follow-ups as iCalendar text (RFC 5545): line endings, folding, escaping, stable UIDs, all-day dates. */
import { describe, expect, it } from 'vitest';
import {
  escapeIcsText,
  foldIcsLine,
  followUpFileName,
  followUpsCalendar,
  followUpUid,
} from '../../../src/domain';

const words = {
  summary: 'Follow up: {name} — {step}',
  summaryNoStep: 'Follow up with {name}',
  alarm: 'Follow-up due',
};
const now = new Date('2025-03-14T08:09:10.123Z');
const person = { id: 'p0000000000000000000AA', name: 'José Ramírez' };
const octets = (s: string) => new TextEncoder().encode(s).length;
/** Unfolds (RFC 5545 §3.1) and splits into content lines. */
const unfold = (text: string) => text.replace(/\r\n /g, '').split('\r\n');

describe('escapeIcsText', () => {
  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeIcsText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });
  it('drops control characters', () => {
    expect(escapeIcsText('a\u0000b\u0007c\u001bd')).toBe('abcd');
  });
});

describe('foldIcsLine', () => {
  it('leaves a short line alone', () => {
    expect(foldIcsLine('SUMMARY:short')).toBe('SUMMARY:short');
  });
  it('folds at 75 octets, continuations starting with a space', () => {
    const line = `SUMMARY:${'x'.repeat(200)}`;
    const parts = foldIcsLine(line).split('\r\n');
    expect(parts.length).toBe(3);
    expect(parts.every((p) => octets(p) <= 75)).toBe(true);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(octets(parts[0] as string)).toBe(75);
    expect(parts.join('\r\n').replace(/\r\n /g, '')).toBe(line);
  });
  it('never splits a multi-byte character', () => {
    const line = `SUMMARY:${'ñ'.repeat(60)}${'😀'.repeat(30)}王`;
    const parts = foldIcsLine(line).split('\r\n');
    for (const p of parts) {
      expect(octets(p)).toBeLessThanOrEqual(75);
      expect(p).not.toContain('\uFFFD');
      expect(p.isWellFormed()).toBe(true);
    }
    expect(parts.join('\r\n').replace(/\r\n /g, '')).toBe(line);
  });
});

describe('followUpsCalendar', () => {
  const text = followUpsCalendar(
    [
      { person, followUp: { text: 'Bring the card, ask about nights; 2nd shift', due: '2025-03-20' } },
      {
        person: { id: 'p0000000000000000000BB', name: 'Ana', codeName: 'Blue' },
        followUp: { text: '', due: '2025-12-31' },
      },
    ],
    { ...words, now },
  );

  it('uses CRLF everywhere and ends with one', () => {
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('keeps every physical line within 75 octets', () => {
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it('has the calendar envelope and one all-day event per follow-up', () => {
    const lines = unfold(text);
    expect(lines.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
    expect(lines).toContain('PRODID:-//Shopfloor//Follow-ups//EN');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('DTSTART;VALUE=DATE:20250320');
    expect(lines).toContain('DTEND;VALUE=DATE:20250321');
    expect(lines).toContain('DTSTART;VALUE=DATE:20251231');
    expect(lines).toContain('DTEND;VALUE=DATE:20260101');
    expect(lines).toContain('DTSTAMP:20250314T080910Z');
    expect(lines).toContain('TRIGGER:PT9H');
  });

  it('titles the event with the name and the escaped next step only', () => {
    const lines = unfold(text);
    expect(lines).toContain(
      'SUMMARY:Follow up: José Ramírez — Bring the card\\, ask about nights\\; 2nd shift',
    );
    // A person with a code name appears under it, not under their name.
    expect(lines).toContain('SUMMARY:Follow up with Blue');
    expect(text).not.toContain('Ana');
  });

  it('gives a follow-up the same UID every time, and a new one a new UID', () => {
    const f = { text: 'Bring the card', due: '2025-03-20' };
    expect(followUpUid(person.id, f)).toBe(followUpUid(person.id, { ...f }));
    expect(followUpUid(person.id, f)).not.toBe(followUpUid(person.id, { ...f, due: '2025-03-21' }));
    expect(followUpUid(person.id, f)).not.toBe(followUpUid(person.id, { ...f, text: 'Call' }));
    expect(followUpUid(person.id, f)).toMatch(
      /^followup-p0000000000000000000AA-20250320-[0-9a-f]{8}@shopfloor$/,
    );
    const again = followUpsCalendar([{ person, followUp: f }], { ...words, now: new Date() });
    expect(unfold(again)).toContain(`UID:${followUpUid(person.id, f)}`);
  });

  it('cannot be broken out of by a hostile name or step', () => {
    const evil = followUpsCalendar(
      [
        {
          person: { id: person.id, name: 'X\r\nEND:VEVENT\r\nBEGIN:VEVENT' },
          followUp: { text: 'a\nATTACH:x', due: '2025-03-20' },
        },
      ],
      { ...words, now },
    );
    const lines = unfold(evil);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('ATTACH'))).toHaveLength(0);
  });

  it('names a file without the person', () => {
    expect(followUpFileName({ text: 'x', due: '2025-03-20' })).toBe('follow-up-2025-03-20.ics');
  });

  it('an empty list is still a valid calendar', () => {
    expect(unfold(followUpsCalendar([], { ...words, now }))).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Shopfloor//Follow-ups//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'END:VCALENDAR',
      '',
    ]);
  });
});
