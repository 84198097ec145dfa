/**
 * Reading roster files: the corpus of awkward files in tests/fixtures/roster (each encoding and
 * separator, quoted line breaks, blank rows, trailing columns), decoding, cell values and the
 * formula-injection escape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cellText,
  decodeText,
  detectDelimiter,
  escapeFormula,
  guessDateOrder,
  guessMapping,
  INVALID,
  parseAssessment,
  parseCsvBytes,
  parseCsvText,
  parseDate,
  parseYesNo,
  unescapeFormula,
} from '../../../src/roster';
import { encodeWindows1252, ROSTER_DIR, rosterFixtures } from '../../fixtures/make-roster-fixtures';

const file = (name: string) => new Uint8Array(readFileSync(join(ROSTER_DIR, name)));
const read = (name: string) => parseCsvBytes(file(name));
const cells = (name: string) => read(name).table.rows.map((r) => [r.row, ...r.cells]);

describe('the fixture corpus', () => {
  it('is exactly what the generator makes (regenerate with make-roster-fixtures.ts)', () => {
    const expected = rosterFixtures();
    const onDisk = readdirSync(ROSTER_DIR).sort();
    expect(onDisk).toEqual(Object.keys(expected).sort());
    for (const [name, bytes] of Object.entries(expected)) expect(file(name), name).toEqual(bytes);
  });
});

describe('decoding', () => {
  it('reads UTF-8 with and without a BOM, UTF-16 with a BOM, and falls back to Windows-1252', () => {
    expect(decodeText(new TextEncoder().encode('José')).encoding).toBe('utf-8');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).text).toBe('A');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).encoding).toBe('utf-8-bom');
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe9, 0x00]))).toEqual({
      text: 'Aé',
      encoding: 'utf-16le',
    });
    expect(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x41]))).toEqual({ text: 'A', encoding: 'utf-16be' });
    // Every character Windows-1252 adds over Latin-1 survives (Node's own decoder loses them).
    const legacy = 'Begoña “sí” – 5 € ‘ok’ … Œuvre™ Šárka Žižek Ÿ';
    expect(decodeText(encodeWindows1252(legacy))).toEqual({ text: legacy, encoding: 'windows-1252' });
  });
});

describe('CSV corpus', () => {
  it('UTF-8, comma, LF: accents, scripts and nested unit paths intact', () => {
    const { table, problems } = read('utf8-comma.csv');
    expect(problems).toEqual([]);
    expect(table.source).toEqual({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
    expect(table.columns[2]).toBe('Department');
    expect(table.rows.map((r) => r.cells[0])).toEqual([
      'José Ramírez',
      'Nguyễn Thị Đào',
      'Zoë Ødegård',
      'Chidi Okafor',
      'Ана Петрова',
    ]);
    expect(table.rows[0]?.cells[10]).toBe('heat, breaks');
  });

  it('UTF-8 with BOM, semicolon, CRLF: the BOM never reaches the first header', () => {
    const { table } = read('utf8-bom-semicolon.csv');
    expect(table.source).toEqual({ format: 'csv', encoding: 'utf-8-bom', delimiter: ';' });
    expect(table.columns[0]).toBe('Nombre');
    expect(table.rows).toHaveLength(4);
    expect(table.rows[0]?.cells).toContain('calor, descansos');
    expect(table.rows[3]?.cells[0]).toBe('Íñigo Sáez');
  });

  it('Windows-1252, semicolon: accented names and curly quotes decoded', () => {
    const { table } = read('windows-1252-semicolon.csv');
    expect(table.source.encoding).toBe('windows-1252');
    expect(table.source.delimiter).toBe(';');
    expect(table.columns).toEqual(['Nombre', 'Departamento', 'Turno', 'Teléfono', 'Evaluación', 'Notas']);
    expect(cells('windows-1252-semicolon.csv')).toEqual([
      [2, 'Begoña Muñoz', 'Almacén', 'Noche', '600 010 301', '2', 'Dice “sí” – pero con miedo'],
      [3, 'Agustín Güell', 'Almacén', 'Noche', '600 010 302', '3', 'Le preocupa el horario…'],
      [4, 'Noémie Lefèvre', 'Recepción', 'Día', '', '', 'Pagó 5 € de más’'],
    ]);
  });

  it('Latin-1, comma: quoted cells keep their commas', () => {
    expect(cells('latin1-comma.csv')).toEqual([
      [2, 'François Lefèvre', 'Packing, Line 1', 'Days', 'supporter'],
      [3, 'Ángela Núñez', 'Packing, Line 1', 'Days', 'opposed'],
      [4, 'Björn Åström', 'Shipping', 'Nights', ''],
    ]);
  });

  it('quoted fields with separators, doubled quotes and line breaks stay one cell', () => {
    const { table, problems } = read('quoted-newlines.csv');
    expect(problems).toEqual([]);
    expect(table.rows.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(table.rows[0]?.cells).toEqual([
      'Okafor, Chidi',
      'Dock 3',
      'Line one\nLine two, with a comma\nLine "three"',
      'heat',
    ]);
    expect(table.rows[1]?.cells[2]).toBe('Said: "I\'ll think about it";\nfollow up Tuesday');
    expect(table.rows[2]?.cells[0]).toBe('Lee\nWong');
  });

  it('skips blank rows and rows of separators, drops trailing untitled columns, keeps row numbers', () => {
    const { table } = read('blank-lines-trailing-columns.csv');
    expect(table.columns).toEqual(['Name', 'Unit', 'Shift']);
    expect(table.rows.map((r) => r.row)).toEqual([3, 5, 8]);
    expect(table.rows.map((r) => cellText(r.cells[0]))).toEqual(['Alice Martin', 'Bob Chen', 'Carla Díaz']);
    expect(table.rows.every((r) => r.cells.length === 3)).toBe(true);
  });

  it("honours Excel's sep= line, and reads UTF-16 tab-separated text", () => {
    const sep = read('excel-sep-line.csv');
    expect(sep.table.source.delimiter).toBe(';');
    expect(sep.table.columns).toEqual(['Name', 'Unit', 'Notes']);
    expect(sep.table.rows.map((r) => [r.row, ...r.cells])).toEqual([
      [3, 'Ines Ruiz', 'Dock 3', 'a; b'],
      [4, 'Pat Kim', 'Dock 4', ''],
    ]);
    const tab = read('utf16-tab.csv');
    expect(tab.table.source).toEqual({ format: 'csv', encoding: 'utf-16le', delimiter: '\t' });
    expect(tab.table.rows.map((r) => r.cells[0])).toEqual(['Łucja Wiśniewska', '王小明']);
  });

  it('reports an unclosed quote with its row, and keeps the rows before it', () => {
    const { table, problems } = parseCsvText('Name,Notes\nAna,ok\nBo,"never closed\nCy,x\n');
    expect(table.rows[0]?.cells).toEqual(['Ana', 'ok']);
    expect(problems).toContainEqual({ row: 3, code: 'unclosed-quote' });
  });

  it('detects the separator from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('Name,Unit,Shift')).toBe(',');
    expect(detectDelimiter('Nombre;"Área, sección";Turno')).toBe(';');
    expect(detectDelimiter('Name\tUnit')).toBe('\t');
    expect(detectDelimiter('Name')).toBe(',');
  });

  it('parses 10,000 rows with quoted line breaks', () => {
    const lines = ['Name,Unit,Notes'];
    for (let i = 0; i < 10_000; i++) lines.push(`Person ${i},Dock ${i % 7},"line one, ${i}\nline two"`);
    const { table, problems } = parseCsvText(lines.join('\r\n'));
    expect(problems).toEqual([]);
    expect(table.rows).toHaveLength(10_000);
    expect(table.rows[9999]).toEqual({
      row: 10_001,
      cells: ['Person 9999', 'Dock 3', 'line one, 9999\nline two'],
    });
  });
});

describe('column guesses', () => {
  it('recognises English and Spanish headers, accents and case aside', () => {
    /** What the twelve columns of both header rows below are guessed to be. */
    const GUESSED = [
      'name',
      'codeName',
      'unit',
      'shift',
      'jobTitle',
      'phone',
      'email',
      'assessment',
      'leader',
      'card',
      'tags',
      'notes',
    ];
    expect(
      guessMapping([
        'Name',
        'Code name',
        'Unit',
        'Shift',
        'Job title',
        'Phone',
        'Email',
        'Assessment',
        'Leader',
        'Card signed',
        'Tags',
        'Notes',
      ]),
    ).toEqual(GUESSED);
    expect(
      guessMapping([
        'NOMBRE',
        'apodo',
        'Departamento',
        'Turno',
        'Puesto',
        'Teléfono',
        'Correo',
        'Evaluación',
        'Lider',
        'Tarjeta firmada',
        'Etiquetas',
        'Notas',
      ]),
    ).toEqual(GUESSED);
    expect(guessMapping(['Área', 'Celular', 'E-mail', 'Department'])).toEqual([
      'unit',
      'phone',
      'email',
      null,
    ]);
  });

  it('maps a second phone column too, but never guesses from a mere prefix for single fields', () => {
    expect(guessMapping(['Name', 'Teléfono 1', 'Teléfono 2', 'Employee ID', 'Nombre'])).toEqual([
      'name',
      'phone',
      'phone',
      null,
      null,
    ]);
    expect(guessMapping(['First name', 'Last name', 'Badge'])).toEqual(['name', 'lastName', null]);
    expect(guessMapping(['Nombre', 'Apellidos'])).toEqual(['name', 'lastName']);
  });
});

describe('cell values', () => {
  it('reads yes/no in English and Spanish', () => {
    for (const yes of ['yes', 'Y', 'TRUE', 'x', '1', 'Sí', 'si', '✓', 'firmada'])
      expect(parseYesNo(yes), yes).toBe(true);
    for (const no of ['no', 'N', 'false', '0', '-', 'No firmada']) expect(parseYesNo(no), no).toBe(false);
    expect(parseYesNo('')).toBeUndefined();
    expect(parseYesNo('perhaps')).toBe(INVALID);
  });

  it('reads assessments as numbers, "2 - Supporter", or words', () => {
    expect(parseAssessment('2')).toBe(2);
    expect(parseAssessment('2.0')).toBe(2);
    expect(parseAssessment('1 - Active supporter')).toBe(1);
    expect(parseAssessment('Active supporter')).toBe(1);
    expect(parseAssessment('A favor')).toBe(2);
    expect(parseAssessment('indecisa')).toBe(3);
    expect(parseAssessment('En contra')).toBe(4);
    expect(parseAssessment('HOSTIL')).toBe(5);
    expect(parseAssessment('Sin evaluar')).toBeUndefined();
    expect(parseAssessment('')).toBeUndefined();
    for (const bad of ['6', '12', '1.5', 'very keen', 'yes']) expect(parseAssessment(bad), bad).toBe(INVALID);
  });

  it('reads dates in ISO or either slashed order, refusing impossible ones', () => {
    expect(parseDate('2025-03-14', 'mdy')).toBe('2025-03-14');
    expect(parseDate('2025/3/4 00:00:00', 'mdy')).toBe('2025-03-04');
    expect(parseDate('14/03/2025', 'dmy')).toBe('2025-03-14');
    expect(parseDate('03/14/2025', 'mdy')).toBe('2025-03-14');
    expect(parseDate('4.3.25', 'dmy')).toBe('2025-03-04');
    expect(parseDate('31/02/2025', 'dmy')).toBe(INVALID);
    expect(parseDate('someday', 'dmy')).toBe(INVALID);
    expect(parseDate('', 'dmy')).toBeUndefined();
    expect(guessDateOrder(['01/02/2025', '25/03/2025'], 'mdy')).toBe('dmy');
    expect(guessDateOrder(['01/02/2025', '03/25/2025'], 'dmy')).toBe('mdy');
    expect(guessDateOrder(['01/02/2025'], 'mdy')).toBe('mdy');
  });

  it('escapes every formula start and the escape can always be undone', () => {
    for (const v of ['=SUM(A1)', '+1 555', '-3', '@cmd', '\tx', "'=x", "''+y"]) {
      const escaped = escapeFormula(v);
      expect(escaped.startsWith("'"), v).toBe(true);
      expect(unescapeFormula(escaped), v).toBe(v);
    }
    for (const v of ['Ana', "'quoted'", "O'Brien", '']) {
      expect(escapeFormula(v)).toBe(v);
      expect(unescapeFormula(v)).toBe(v);
    }
    expect(cellText('  \'=HYPERLINK("x")  ')).toBe('=HYPERLINK("x")');
  });
});
