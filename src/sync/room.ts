/**
 * Room derivation: a space's y-webrtc room name and room password both come from its 256-bit key
 * through HKDF-SHA256 under distinct labels.
 *
 * What must stay true: the room name is the only thing about a space the signaling server sees in
 * clear, so it must reveal nothing (not the key, not the password, not the space id, not the
 * campaign name). HKDF with a different `info` label gives independent outputs: knowing the room
 * name tells nothing about the password (which y-webrtc uses to encrypt every signaling message).
 * Changing a label moves every space to a new room, so labels are versioned and never edited.
 */
import { hkdfSha256, toBase64Url } from '../crypto';
import { SyncError } from './errors';

/** HKDF `info` label for the room name. */
export const ROOM_LABEL = 'shopfloor/room/v1';
/** HKDF `info` label for the room password. */
export const ROOM_PASSWORD_LABEL = 'shopfloor/room-password/v1';

/** What y-webrtc needs to join a space's room. */
export interface RoomSecrets {
  /** Opaque room id (base64url of 32 derived bytes); the signaling server sees it. */
  roomName: string;
  /** y-webrtc `password` (base64url of 32 derived bytes); never leaves the device. */
  password: string;
}

/**
 * Derives a space's room name and password from its 32-byte key. Deterministic: every member
 * derives the same room; different keys give unrelated rooms.
 *
 * @throws SyncError('invalid-space-key') when the key is not 32 bytes.
 * @example
 * const { roomName, password } = await deriveRoom(space.key);
 */
export async function deriveRoom(spaceKey: Uint8Array): Promise<RoomSecrets> {
  if (!(spaceKey instanceof Uint8Array) || spaceKey.length !== 32) {
    throw new SyncError('invalid-space-key', { bytes: spaceKey?.length });
  }
  const [name, password] = await Promise.all([
    hkdfSha256(spaceKey, ROOM_LABEL, 32),
    hkdfSha256(spaceKey, ROOM_PASSWORD_LABEL, 32),
  ]);
  return { roomName: toBase64Url(name), password: toBase64Url(password) };
}
