/**
 * Writes the app icons into `public/` from the SVG art in `icon-art.ts`:
 * `logo.svg`, `favicon.svg`, `favicon.ico` (16/32/48), `pwa-192x192.png`, `pwa-512x512.png`,
 * `maskable-512x512.png` and `apple-touch-icon.png` (180).
 *
 * Run with `npx tsx src/scripts/make-icons.ts` after changing the art, and commit the output: the PNGs
 * are static assets, never generated at build time. Rasterizes with the system's headless Chromium
 * (`CHROMIUM_PATH`, default `/usr/bin/chromium`), which loads nothing from the network: the SVG is
 * set inline as the page content.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { APPLE_TOUCH, type IconVariant, iconSvg, MASKABLE, ROUNDED } from '../src/pwa/icon-art';

const PUBLIC = resolve(import.meta.dirname, '../../public');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One PNG to render. */
interface PngJob {
  file: string;
  size: number;
  variant: IconVariant;
}

const PNGS: PngJob[] = [
  { file: 'pwa-192x192.png', size: 192, variant: ROUNDED },
  { file: 'pwa-512x512.png', size: 512, variant: ROUNDED },
  { file: 'maskable-512x512.png', size: 512, variant: MASKABLE },
  { file: 'apple-touch-icon.png', size: 180, variant: APPLE_TOUCH },
];
const ICO_SIZES = [16, 32, 48];

/**
 * Renders SVG text to a square PNG with a transparent background where the art leaves it empty.
 *
 * @param page - A blank Chromium page.
 * @param svg - The SVG document.
 * @param size - Width and height in pixels.
 * @returns PNG bytes.
 */
async function renderPng(page: Page, svg: string, size: number): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const sized = svg.replace(/ width="\d+" height="\d+"/, ` width="${size}" height="${size}"`);
  await page.setContent(
    `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}svg{display:block}</style></head><body>${sized}</body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/**
 * Packs PNG images into an ICO file (PNG-compressed entries, supported by every current browser).
 *
 * @param images - Square PNGs with their pixel size (1–256).
 * @returns The `.ico` bytes.
 */
export function packIco(images: { size: number; png: Uint8Array }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2);
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => Buffer.from(png))]);
}

async function main(): Promise<void> {
  const svg = iconSvg(ROUNDED);
  writeFileSync(resolve(PUBLIC, 'logo.svg'), svg);
  writeFileSync(resolve(PUBLIC, 'favicon.svg'), svg);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const job of PNGS) {
      const png = await renderPng(page, iconSvg(job.variant), job.size);
      writeFileSync(resolve(PUBLIC, job.file), png);
      console.log(`public/${job.file} ${job.size}×${job.size}`);
    }
    const icoImages = [];
    for (const size of ICO_SIZES) icoImages.push({ size, png: await renderPng(page, svg, size) });
    writeFileSync(resolve(PUBLIC, 'favicon.ico'), packIco(icoImages));
    console.log(`public/favicon.ico ${ICO_SIZES.join('/')}`);
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main();
}
