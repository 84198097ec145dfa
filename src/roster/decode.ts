/**
 * Turns the bytes of a file picked from a phone or a spreadsheet export into text.
 *
 * Spreadsheets write UTF-8 (with or without a byte-order mark), UTF-16 ("Unicode text" from Excel,
 * always with a BOM) or the legacy Windows-1252 / Latin-1 code page (Excel's plain "CSV" on Windows).
 * A file without a BOM is tried as strict UTF-8 first: text in Windows-1252 with accented letters is
 * almost never valid UTF-8, so a decoding failure is a reliable sign of the legacy code page.
 * (The WHATWG `iso-8859-1` label *is* windows-1252, so Latin-1 files take the same path.)
 */

/** Which decoding was used. */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Decoded text and how it was decoded. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
}

/**
 * Decodes a file's bytes; never throws (Windows-1252 maps every byte to a character).
 * @example decodeText(new Uint8Array(await file.arrayBuffer())).text
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * Windows-1252 bytes 0x80–0x9F (curly quotes, dashes, €, …); the rest of the code page equals the
 * first 256 code points. Decoded by hand because Node's `TextDecoder('windows-1252')` (Node 20)
 * returns Latin-1 control characters for these, unlike browsers, and tests run in Node.
 * 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned and map to the same code point (as WHATWG does).
 */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/** Decodes Windows-1252 (and so Latin-1) text; every byte maps to a character. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) =>
      b >= 0x80 && b <= 0x9f ? (HIGH[b - 0x80] as number) : b,
    );
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}
