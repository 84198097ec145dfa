/**
 * The committed icons are the generator's output, have the sizes the manifest claims, the maskable
 * art stays inside the safe zone, and nothing in them points at another origin.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packIco } from '../../../scripts/make-icons';
import {
  APPLE_TOUCH,
  CANVAS,
  CONTENT_BOUNDS,
  iconSvg,
  MASKABLE,
  MASKABLE_SAFE_RADIUS,
  placePoint,
  ROUNDED,
} from '../../../src/pwa/icon-art';

const pub = (file: string) => readFileSync(`public/${file}`);

/** Width, height and colour type from a PNG's IHDR chunk. */
function pngInfo(bytes: Uint8Array): { width: number; height: number; colorType: number } {
  const buf = Buffer.from(bytes);
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(buf.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), colorType: buf.readUInt8(25) };
}

/** RGBA (colour type 6) or grey+alpha (4) can be transparent. */
const hasAlpha = (colorType: number) => colorType === 4 || colorType === 6;

function corners(scale: number) {
  const { left, top, right, bottom } = CONTENT_BOUNDS;
  return [
    [left, top],
    [right, top],
    [left, bottom],
    [right, bottom],
  ].map(([x, y]) => placePoint(x as number, y as number, scale));
}

describe('icon art', () => {
  it('keeps every corner of the maskable mark inside the central 80 % circle', () => {
    for (const p of corners(MASKABLE.scale)) {
      expect(Math.hypot(p.x - CANVAS / 2, p.y - CANVAS / 2)).toBeLessThanOrEqual(MASKABLE_SAFE_RADIUS);
    }
    // The unscaled mark would not fit: the test can tell the difference.
    const unscaled = corners(1).map((p) => Math.hypot(p.x - CANVAS / 2, p.y - CANVAS / 2));
    expect(Math.max(...unscaled)).toBeGreaterThan(MASKABLE_SAFE_RADIUS);
  });

  it('paints the maskable and Apple icons full-bleed and the rounded one on a rounded tile', () => {
    expect(iconSvg(MASKABLE)).toMatch(/<rect width="512" height="512" fill=/);
    expect(iconSvg(APPLE_TOUCH)).toMatch(/<rect width="512" height="512" fill=/);
    expect(iconSvg(ROUNDED)).toMatch(/<rect width="512" height="512" rx="\d+" fill=/);
  });

  it('references nothing outside the document', () => {
    for (const v of [ROUNDED, MASKABLE, APPLE_TOUCH]) {
      const svg = iconSvg(v);
      expect(svg.match(/url\([^)]*\)/g)).toEqual(['url(#shopfloor-workers)']);
      expect(svg).not.toMatch(/\b(?:xlink:)?href\s*=|\bsrc\s*=/);
      // The only absolute URL is the SVG namespace, which is an identifier, not a request.
      expect(svg.match(/https?:\/\/[^"]+/g)).toEqual(['http://www.w3.org/2000/svg']);
      expect(svg).not.toMatch(/<script|<image|<foreignObject|@import/i);
    }
  });
});

describe('committed icons in public/', () => {
  it('favicon.svg and logo.svg are the current art (run `npx tsx src/scripts/make-icons.ts`)', () => {
    expect(pub('favicon.svg').toString('utf8')).toBe(iconSvg(ROUNDED));
    expect(pub('logo.svg').toString('utf8')).toBe(iconSvg(ROUNDED));
  });

  it('PNGs have the declared sizes; only the rounded ones have transparency', () => {
    const expected: [string, number, boolean | null][] = [
      ['pwa-192x192.png', 192, null],
      ['pwa-512x512.png', 512, null],
      ['maskable-512x512.png', 512, false],
      ['apple-touch-icon.png', 180, false],
    ];
    for (const [file, size, alpha] of expected) {
      const info = pngInfo(pub(file));
      expect({ file, width: info.width, height: info.height }).toEqual({ file, width: size, height: size });
      if (alpha === false) expect(hasAlpha(info.colorType), file).toBe(false);
    }
  });

  it('every icon the manifest in vite.config.ts lists exists with the size it claims', () => {
    const config = readFileSync('vite.config.ts', 'utf8');
    const icons = [
      ...config.matchAll(/\{\s*src:\s*'([^']+)',\s*sizes:\s*'(\d+)x(\d+)',\s*type:\s*'image\/png'/g),
    ];
    expect(icons.length).toBeGreaterThanOrEqual(3);
    expect(config).toMatch(/purpose:\s*'maskable'/);
    for (const [, src, w, h] of icons) {
      const info = pngInfo(pub(src as string));
      expect([src, info.width, info.height]).toEqual([src, Number(w), Number(h)]);
    }
  });

  it('favicon.ico holds 16, 32 and 48 px PNGs', () => {
    const ico = pub('favicon.ico');
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = 6 + 16 * i;
      const len = ico.readUInt32LE(at + 8);
      const off = ico.readUInt32LE(at + 12);
      const info = pngInfo(ico.subarray(off, off + len));
      expect(info.width).toBe(ico.readUInt8(at));
      sizes.push(info.width);
    }
    expect(sizes).toEqual([16, 32, 48]);
  });
});

describe('packIco', () => {
  it('writes a directory entry per image pointing at its bytes', () => {
    const a = new Uint8Array([1, 2, 3]);
    const b = new Uint8Array([4, 5]);
    const ico = packIco([
      { size: 16, png: a },
      { size: 256, png: b },
    ]);
    expect(ico.readUInt16LE(4)).toBe(2);
    expect(ico.readUInt8(6)).toBe(16);
    expect(ico.readUInt8(6 + 16)).toBe(0); // 256 is written as 0
    expect(ico.readUInt32LE(6 + 12)).toBe(38);
    expect([...ico.subarray(38, 41)]).toEqual([1, 2, 3]);
    expect([...ico.subarray(41, 43)]).toEqual([4, 5]);
  });
});
