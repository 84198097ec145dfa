/**
 * The Shopfloor mark, as SVG text: a sawtooth factory roofline with a chimney, and three workers
 * standing shoulder to shoulder in its front wall (cut out of the building, so they read as one
 * group at 48 px). Pure: no DOM, no Node APIs. `make-icons.ts` writes these strings to `public/`
 * and rasterizes them; a unit test checks the maskable variant keeps to the safe zone.
 *
 * Palette (see `src/ui/kit/base.css`): background `--accent` #7a1f1a, figure `--bg` #faf7f2.
 */

/** Dark red behind the mark; the same value as `--accent` and the manifest `theme_color`. */
export const ICON_BACKGROUND = '#7a1f1a';
/** The mark itself; the same value as `--bg` and the manifest `background_color`. */
export const ICON_FOREGROUND = '#faf7f2';

/** The art is drawn on a 512 × 512 canvas. */
export const CANVAS = 512;

/** Axis-aligned box that contains every painted pixel of the mark (in canvas units). */
export const CONTENT_BOUNDS = { left: 96, top: 100, right: 416, bottom: 416 } as const;

/** Radius of the maskable safe zone: a circle of 80 % of the icon's width, centred. */
export const MASKABLE_SAFE_RADIUS = CANVAS * 0.4;

/**
 * Scale applied to the mark in the maskable and full-bleed variants so every corner of
 * {@link CONTENT_BOUNDS} lies inside the safe circle with a small margin.
 */
export const MASKABLE_SCALE = 0.86;

/** Building outline: left wall, chimney, three roof teeth, right wall. */
const BUILDING = 'M96 416V232l24-14.4V100h40v93.6l42.67-25.6v64l106.66-64v64L416 168v248z';
/** Shoulders of the three workers (the middle one last, so its gap stroke overlaps the others). */
const SHOULDERS = [
  'M122 430v-44a50 50 0 0 1 100 0v44z',
  'M290 430v-44a50 50 0 0 1 100 0v44z',
  'M206 430v-44a50 50 0 0 1 100 0v44z',
];
const HEADS = [172, 256, 340];

/** Where the mark is drawn and how. */
export interface IconVariant {
  /** Rounded-square tile with transparent corners (`true`) or a full-bleed square (`false`). */
  rounded: boolean;
  /** Scale of the mark around the canvas centre (1 = as drawn). */
  scale: number;
}

/** The mark on a rounded tile, for `favicon.svg`, `logo.svg` and the `any`-purpose PNGs. */
export const ROUNDED: IconVariant = { rounded: true, scale: 1 };
/** Full-bleed background, mark inside the safe zone: the `maskable` PNG. */
export const MASKABLE: IconVariant = { rounded: false, scale: MASKABLE_SCALE };
/** Full-bleed, no transparency (iOS adds its own corner mask): `apple-touch-icon.png`. */
export const APPLE_TOUCH: IconVariant = { rounded: false, scale: 0.92 };

/**
 * Maps a point of the 512 canvas through a variant's scaling (about the content centre, placed at
 * the canvas centre).
 *
 * @param x - Canvas x.
 * @param y - Canvas y.
 * @param scale - The variant's scale.
 * @returns The point where it is painted.
 */
export function placePoint(x: number, y: number, scale: number): { x: number; y: number } {
  const cx = (CONTENT_BOUNDS.left + CONTENT_BOUNDS.right) / 2;
  const cy = (CONTENT_BOUNDS.top + CONTENT_BOUNDS.bottom) / 2;
  return { x: CANVAS / 2 + (x - cx) * scale, y: CANVAS / 2 + (y - cy) * scale };
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/**
 * Builds the icon as a standalone SVG document.
 *
 * @param variant - Tile shape and scale; defaults to {@link ROUNDED}.
 * @returns SVG text (UTF-8, no external references, no scripts).
 */
export function iconSvg(variant: IconVariant = ROUNDED): string {
  const cx = (CONTENT_BOUNDS.left + CONTENT_BOUNDS.right) / 2;
  const cy = (CONTENT_BOUNDS.top + CONTENT_BOUNDS.bottom) / 2;
  const transform =
    variant.scale === 1 && cy === CANVAS / 2 && cx === CANVAS / 2
      ? ''
      : ` transform="translate(${round(CANVAS / 2)} ${round(CANVAS / 2)}) scale(${round(variant.scale)}) translate(${round(-cx)} ${round(-cy)})"`;
  const tile = variant.rounded
    ? `<rect width="${CANVAS}" height="${CANVAS}" rx="112" fill="${ICON_BACKGROUND}"/>`
    : `<rect width="${CANVAS}" height="${CANVAS}" fill="${ICON_BACKGROUND}"/>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CANVAS} ${CANVAS}" width="${CANVAS}" height="${CANVAS}">`,
    '<title>Shopfloor</title>',
    '<defs>',
    // The workers are cut out of the building; white strokes in the mask keep thin gaps between them.
    `<mask id="shopfloor-workers" maskUnits="userSpaceOnUse" x="0" y="0" width="${CANVAS}" height="${CANVAS}">`,
    `<rect width="${CANVAS}" height="${CANVAS}" fill="#fff"/>`,
    `<g fill="#000" stroke="#fff" stroke-width="12">${SHOULDERS.map((d) => `<path d="${d}"/>`).join('')}</g>`,
    `<g fill="#000">${HEADS.map((x) => `<circle cx="${x}" cy="294" r="30"/>`).join('')}</g>`,
    '</mask>',
    '</defs>',
    tile,
    `<g${transform}>`,
    `<path d="${BUILDING}" fill="${ICON_FOREGROUND}" mask="url(#shopfloor-workers)"/>`,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
