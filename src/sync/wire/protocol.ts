/**
 * Message types on a Shopfloor data channel. Each message starts with a varUint type; y-webrtc
 * uses 0 (sync), 1 (awareness), 3 (query awareness) and 4 (BroadcastChannel peer id). Shopfloor adds
 * two of its own, which never reach y-webrtc (the connection hook consumes them):
 *   100 hello  varString JSON `{v:1, deviceId, deviceName}` — sent first on every connection;
 *   101 ack    varUint n, then n varUint message ids — frame message ids of sync messages the
 *              receiver has applied (or found already present), so the sender knows what arrived.
 *
 * What must stay true: everything decoded here comes from a peer; decoders never throw and return
 * `null` for anything malformed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_BC_PEER_ID = 4;
export const MESSAGE_HELLO = 100;
export const MESSAGE_ACK = 101;

/** Longest device name accepted from a peer or set locally (in characters). */
export const MAX_DEVICE_NAME = 60;
/** Shape of a device id (base64url, 16–64 characters). */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** Most message ids one ack may carry. */
export const MAX_ACK_IDS = 1024;

/** A peer's device as it introduced itself. */
export interface DeviceInfo {
  deviceId: string;
  deviceName: string;
}

/** True for a device name we accept: a string of 1–60 characters without control characters. */
export function isValidDeviceName(name: unknown): name is string {
  if (typeof name !== 'string') return false;
  const chars = [...name].length;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  return chars >= 1 && chars <= MAX_DEVICE_NAME && !/[\u0000-\u001f\u007f]/.test(name);
}

/** True for a device id we accept. */
export function isValidDeviceId(id: unknown): id is string {
  return typeof id === 'string' && DEVICE_ID_PATTERN.test(id);
}

/** Reads `{deviceId, deviceName}` from an untrusted value, keeping nothing else. */
export function parseDeviceInfo(value: unknown): DeviceInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isValidDeviceId(v.deviceId) || !isValidDeviceName(v.deviceName)) return null;
  return { deviceId: v.deviceId, deviceName: v.deviceName };
}

/** Encodes a hello message. */
export function encodeHello(device: DeviceInfo): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_HELLO);
  encoding.writeVarString(
    e,
    JSON.stringify({ v: 1, deviceId: device.deviceId, deviceName: device.deviceName }),
  );
  return encoding.toUint8Array(e);
}

/** Decodes the body of a hello message (after the type). */
export function decodeHello(decoder: decoding.Decoder): DeviceInfo | null {
  try {
    const json = JSON.parse(decoding.readVarString(decoder)) as unknown;
    if (typeof json !== 'object' || json === null || (json as { v?: unknown }).v !== 1) return null;
    return parseDeviceInfo(json);
  } catch {
    return null;
  }
}

/** Encodes an ack for the given message ids. */
export function encodeAck(ids: readonly number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_ACK);
  encoding.writeVarUint(e, ids.length);
  for (const id of ids) encoding.writeVarUint(e, id);
  return encoding.toUint8Array(e);
}

/** Decodes the body of an ack message (after the type). */
export function decodeAck(decoder: decoding.Decoder): number[] | null {
  try {
    const n = decoding.readVarUint(decoder);
    if (n > MAX_ACK_IDS) return null;
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(decoder);
      if (id > 0xffffffff) return null;
      ids.push(id);
    }
    return ids;
  } catch {
    return null;
  }
}
