/** vCard import: 2.1 quoted-printable, 3.0 folded, 4.0, and the rules each relies on. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessMapping, parseVCardBytes, parseVCards, planImport } from '../../../src/roster';
import { ROSTER_DIR } from '../../fixtures/make-roster-fixtures';
import { newCampaign } from '../../support/domain';

const vcf = (name: string) => new Uint8Array(readFileSync(join(ROSTER_DIR, name)));
const text = (name: string) => new TextDecoder().decode(vcf(name));

describe('vCard 2.1 (quoted-printable, as older Android phones share)', () => {
  const cards = parseVCards(text('contacts-v21-qp.vcf'));

  it('decodes quoted-printable across soft line breaks, in UTF-8 and ISO-8859-1', () => {
    expect(cards.map((c) => c.name)).toEqual(['José Ángel Ramírez Núñez', 'Françoise Müller', '']);
    expect(cards[0]).toMatchObject({
      version: '2.1',
      phones: ['+15550101001', '555-010-1002'],
      emails: ['jose.angel@example.org'],
      organization: 'Almacén Central',
      department: 'Recepción',
      title: 'Carretillero',
      note: 'Turno de noche.\r\nHabla con todos.',
    });
  });

  it('a card with no name becomes a row the import lists as missing a name', () => {
    const table = parseVCardBytes(vcf('contacts-v21-qp.vcf'));
    const plan = planImport(newCampaign(), table, guessMapping(table.columns));
    expect(plan.problems).toEqual([{ row: 3, code: 'missing-name', field: 'name', skipped: true }]);
    expect(plan.rows.map((r) => r.draft.name)).toEqual(['José Ángel Ramírez Núñez', 'Françoise Müller']);
    expect(plan.rows[0]?.draft.contacts).toEqual([
      { kind: 'phone', value: '+15550101001' },
      { kind: 'phone', value: '555-010-1002' },
      { kind: 'email', value: 'jose.angel@example.org' },
    ]);
    expect(plan.rows[0]?.draft.unitPath).toEqual(['Recepción']);
    expect(plan.rows[0]?.draft.jobTitle).toBe('Carretillero');
  });
});

describe('vCard 3.0 (folded, as iPhones share)', () => {
  const cards = parseVCards(text('contacts-v30-folded.vcf'));

  it('unfolds lines, strips groups, unescapes text, skips photos', () => {
    expect(cards).toHaveLength(2);
    expect(cards[0]).toEqual({
      version: '3.0',
      name: 'Chidi Okafor',
      nickname: 'Chi',
      phones: ['+1 (555) 010-2001'],
      emails: ['chidi@example.org'],
      organization: 'Riverside Distribution',
      department: 'Inbound, Dock 3',
      title: 'Lead, nights',
      note: 'Met at the gate\nWants to talk about heat; and breaks',
      organizationCard: false,
    });
    expect(cards[1]?.phones).toEqual(['555.010.2002', '555.010.2003']);
  });
});

describe('vCard 4.0', () => {
  it('reads tel: URIs, quoted params, and builds the name from N when FN is missing', () => {
    const cards = parseVCards(text('contacts-v40.vcf'));
    expect(cards.map((c) => [c.version, c.name, c.phones, c.emails, c.department])).toEqual([
      ['4.0', 'Łucja Wiśniewska', ['+1-555-010-3001'], ['lucja@example.org'], 'Quality'],
      ['4.0', '王小明', ['+1-555-010-3002'], [], ''],
    ]);
  });
});

describe('vCard rules', () => {
  it('handles CR-only line ends, text outside cards, lower-case names and tab folding', () => {
    const cards = parseVCards(
      'junk before\rbegin:vcard\rversion:3.0\rfn:Ana\r\t Ruiz\rtel;type=cell:600 000 001\rend:vcard\rjunk after',
    );
    expect(cards).toEqual([expect.objectContaining({ name: 'Ana Ruiz', phones: ['600 000 001'] })]);
  });

  it('decodes a quoted-printable "=" and keeps base64 lines ending in "=" from swallowing the next', () => {
    const cards = parseVCards(
      [
        'BEGIN:VCARD',
        'VERSION:2.1',
        'FN;ENCODING=QUOTED-PRINTABLE:A=3DB',
        'PHOTO;ENCODING=BASE64;TYPE=JPEG:AAAA==',
        'TEL:555 010 9999',
        'END:VCARD',
      ].join('\r\n'),
    );
    expect(cards[0]?.name).toBe('A=B');
    expect(cards[0]?.phones).toEqual(['555 010 9999']);
  });

  it('leaves out company cards (KIND:org, X-ABShowAs:COMPANY, or an ORG with no personal name) with a reason', () => {
    const cards = [
      'BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Taller Ruiz\r\nTEL:555 010 4001\r\nEND:VCARD',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Grúas Norte\r\nORG:Grúas Norte;\r\nX-ABShowAs:COMPANY\r\nEND:VCARD',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Temp Agency Ltd\r\nTEL:555 010 4003\r\nEND:VCARD',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ruiz;Ana;;;\r\nFN:Ana Ruiz\r\nORG:Temp Agency Ltd\r\nEND:VCARD',
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea Soto\r\nORG:Riverside\r\nEND:VCARD',
    ].join('\r\n');
    const parsed = parseVCards(cards);
    expect(parsed.map((c) => [c.name, c.organizationCard])).toEqual([
      ['Taller Ruiz', true],
      ['Grúas Norte', true],
      ['', true],
      ['Ana Ruiz', false],
      ['Bea Soto', false],
    ]);
    const table = parseVCardBytes(new TextEncoder().encode(cards));
    const mapping = guessMapping(table.columns).map((f) => f ?? 'skip');
    const plan = planImport(newCampaign(), table, mapping);
    expect(plan.rows.map((r) => r.draft.name)).toEqual(['Ana Ruiz', 'Bea Soto']);
    expect(plan.skipped).toBe(3);
    expect(plan.problems.map((p) => [p.row, p.code, p.value, p.skipped])).toEqual([
      [1, 'organization', 'Taller Ruiz', true],
      [2, 'organization', 'Grúas Norte', true],
      [3, 'organization', 'Temp Agency Ltd', true],
    ]);
  });

  it('ignores an unterminated card and lines without a colon', () => {
    expect(parseVCards('BEGIN:VCARD\nFN:Lost\n')).toEqual([]);
    expect(parseVCards('BEGIN:VCARD\nnonsense\nFN:Kept\nEND:VCARD').map((c) => c.name)).toEqual(['Kept']);
  });
});
