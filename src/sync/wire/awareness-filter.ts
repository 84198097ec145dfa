/**
 * Awareness from peers, filtered. Shopfloor's awareness state is exactly `{deviceName, deviceId}`;
 * an incoming awareness update is decoded, every state is reduced to those two validated fields
 * (states that lack them are dropped, `null` removals are kept), and the result is re-encoded for
 * y-webrtc to apply. Nothing else a peer puts in its awareness ever reaches the app.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { parseDeviceInfo } from './protocol';

/** Most client states one awareness update may carry. */
export const MAX_AWARENESS_STATES = 256;
/** Largest awareness update accepted, in bytes. */
export const MAX_AWARENESS_BYTES = 64 * 1024;

/**
 * Returns a re-encoded awareness update holding only valid `{deviceName, deviceId}` states, or
 * `null` when the update is malformed or too large.
 *
 * @example
 * const clean = sanitizeAwarenessUpdate(update);
 * if (clean) applyAwarenessUpdate(awareness, clean, origin);
 */
export function sanitizeAwarenessUpdate(update: Uint8Array): Uint8Array | null {
  if (!(update instanceof Uint8Array) || update.length > MAX_AWARENESS_BYTES) return null;
  const kept: { client: number; clock: number; state: string }[] = [];
  try {
    const d = decoding.createDecoder(update);
    const n = decoding.readVarUint(d);
    if (n > MAX_AWARENESS_STATES) return null;
    for (let i = 0; i < n; i++) {
      const client = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const raw = JSON.parse(decoding.readVarString(d)) as unknown;
      if (client > 0xffffffff) return null;
      if (raw === null) {
        kept.push({ client, clock, state: 'null' });
        continue;
      }
      const device = parseDeviceInfo(raw);
      if (device) kept.push({ client, clock, state: JSON.stringify(device) });
    }
  } catch {
    return null;
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, kept.length);
  for (const k of kept) {
    encoding.writeVarUint(e, k.client);
    encoding.writeVarUint(e, k.clock);
    encoding.writeVarString(e, k.state);
  }
  return encoding.toUint8Array(e);
}
