/**
 * How the second copy (second-copy.ts) names and stores a row: its key is the row's store and
 * primary key as JSON, its value the row's bytes in a small self-checking layout.
 */

/** The stores that are copied: enough to unlock and rebuild every space. */
export const COPIED_STORES = ['vault', 'spaces', 'updates'] as const;
export type CopiedStore = (typeof COPIED_STORES)[number];

/** One row as stored by the copy: its store and the row itself (the primary key is in the row). */
export interface CopiedRow {
  store: CopiedStore;
  row: Record<string, unknown>;
}

export type Key = IDBValidKey;

/** Each copied store's primary key, read from a row. */
export const PRIMARY_KEY: Record<CopiedStore, (row: Record<string, unknown>) => Key> = {
  vault: (row) => row.id as Key,
  spaces: (row) => row.id as Key,
  updates: (row) => [row.spaceId, row.seq] as Key,
};

export const isCopied = (name: string): name is CopiedStore =>
  (COPIED_STORES as readonly string[]).includes(name);

/** The copy's key for a row: its store and primary key. */
export function copyKey(store: CopiedStore, key: Key): string {
  return JSON.stringify([store, key]);
}

/** A copy key back into its store and primary key, or null when it is not one. */
export function parseCopyKey(text: string): { store: CopiedStore; key: Key } | null {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2 || !isCopied(parsed[0])) return null;
    return { store: parsed[0], key: parsed[1] as Key };
  } catch {
    return null;
  }
}

/**
 * A row as bytes: a JSON head in which each Uint8Array is replaced by its index, then the arrays.
 * Layout: magic "SF2C", u32 head length, head, then per array a u32 length and the bytes.
 */
const MAGIC = [0x53, 0x46, 0x32, 0x43];

export function encodeRow(row: Record<string, unknown>): Uint8Array {
  const blobs: Uint8Array[] = [];
  const head = new TextEncoder().encode(
    JSON.stringify(row, (_k, v: unknown) => {
      if (v instanceof Uint8Array) {
        blobs.push(v);
        return { $bytes: blobs.length - 1 };
      }
      return v;
    }),
  );
  const size = 8 + head.length + blobs.reduce((n, b) => n + 4 + b.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, head.length);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const b of blobs) {
    view.setUint32(at, b.length);
    out.set(b, at + 4);
    at += 4 + b.length;
  }
  return out;
}

/** The row back, or null when the bytes are not a whole encoded row. */
export function decodeRow(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const headLength = view.getUint32(4);
    if (8 + headLength > bytes.length) return null;
    const blobs: Uint8Array[] = [];
    let at = 8 + headLength;
    while (at < bytes.length) {
      if (at + 4 > bytes.length) return null;
      const n = view.getUint32(at);
      if (at + 4 + n > bytes.length) return null;
      blobs.push(bytes.slice(at + 4, at + 4 + n));
      at += 4 + n;
    }
    let bad = false;
    const row = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headLength)),
      (_k, v: unknown) => {
        if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '$bytes' in v) {
          const blob = blobs[(v as { $bytes: number }).$bytes];
          if (!blob) bad = true;
          return blob;
        }
        return v;
      },
    ) as unknown;
    if (bad || !row || typeof row !== 'object' || Array.isArray(row)) return null;
    return row as Record<string, unknown>;
  } catch {
    return null;
  }
}
