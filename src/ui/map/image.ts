/**
 * Downscales a photo or sketch of the floor plan before it is stored: at most
 * `FLOOR_PLAN_LIMITS.dimension` pixels on the longest side, re-encoded as JPEG, stepping the
 * quality (then the size) down until it fits the byte budget. Re-encoding through a canvas also
 * drops the photo's metadata (EXIF: camera, time, GPS position), which must never reach the
 * shared campaign.
 */
import { FLOOR_PLAN_LIMITS, type FloorPlanImageInput } from '../../domain';

/** Bytes we aim for: well under the stored limit, so a plan syncs quickly to every phone. */
export const PLAN_TARGET_BYTES = 250_000;
const QUALITIES = [0.82, 0.7, 0.6, 0.5];

/** Thrown when the file is not a picture the browser can read. */
export class PlanImageError extends Error {
  constructor(readonly code: 'not-an-image' | 'too-large') {
    super(`plan image: ${code}`);
  }
}

async function encode(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) throw new PlanImageError('not-an-image');
  g.fillStyle = '#ffffff'; // transparent sketches become white paper, not black
  g.fillRect(0, 0, width, height);
  g.imageSmoothingQuality = 'high';
  g.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new PlanImageError('not-an-image'))),
      'image/jpeg',
      quality,
    ),
  );
}

/**
 * A stored-ready picture from a file the user picked.
 * @example const input = await downscaleImage(file); setFloorPlanImage(doc, input, ctx);
 */
export async function downscaleImage(file: Blob, maxBytes = PLAN_TARGET_BYTES): Promise<FloorPlanImageInput> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new PlanImageError('not-an-image');
  }
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    if (longest === 0) throw new PlanImageError('not-an-image');
    let scale = Math.min(1, FLOOR_PLAN_LIMITS.dimension / longest);
    for (let round = 0; round < 6; round++) {
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      for (const quality of QUALITIES) {
        const blob = await encode(bitmap, width, height, quality);
        if (blob.size <= maxBytes) {
          return { data: new Uint8Array(await blob.arrayBuffer()), type: 'image/jpeg', width, height };
        }
      }
      scale *= 0.75;
    }
    throw new PlanImageError('too-large');
  } finally {
    bitmap.close();
  }
}
