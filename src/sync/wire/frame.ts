/**
 * Framing: every message on a data channel is cut into frames well under the 256 KiB that
 * Chromium and wrtc accept (y-webrtc sends whole messages and silently loses larger ones), and
 * reassembled on the other side.
 *
 * Frame layout (big-endian), 17-byte header then payload:
 *   0      version (1)
 *   1..4   message id (uint32, per connection and direction)
 *   5..8   chunk index (uint32, 0-based)
 *   9..12  chunk count (uint32, ≥ 1)
 *   13..16 total message length in bytes (uint32)
 *   17..   payload
 *
 * What must stay true: the reassembler is fed by an untrusted peer, so every header field is
 * checked before it is used, memory is reserved against the declared total (bounded per message
 * and in total), the number of partial messages is bounded, and partial messages that stop
 * arriving are dropped. A bad frame drops its whole message with a coded reason; it never throws.
 */
import type { FrameDropReason } from '../errors';

/** Frame format version written in byte 0. */
export const FRAME_VERSION = 1;
/** Header bytes before each frame's payload. */
export const FRAME_HEADER_BYTES = 17;

/** Limits for framing and reassembly. */
export interface FrameLimits {
  /** Payload bytes per frame when sending. */
  chunkBytes: number;
  /** Largest payload a received frame may carry (the sender's chunk size may differ from ours). */
  maxChunkBytes: number;
  /** Largest message accepted (declared total). */
  maxMessageBytes: number;
  /** Partial messages kept at once. */
  maxInFlight: number;
  /** Sum of declared totals of all partial messages. */
  maxBufferedBytes: number;
  /** A partial message with no new frame for this long is dropped. */
  staleMs: number;
}

/** Defaults: 64 KiB frames, messages up to 64 MiB, 8 partial messages, 64 MiB reserved in total. */
export const DEFAULT_FRAME_LIMITS: Readonly<FrameLimits> = Object.freeze({
  chunkBytes: 64 * 1024,
  maxChunkBytes: 192 * 1024,
  maxMessageBytes: 64 * 1024 * 1024,
  maxInFlight: 8,
  maxBufferedBytes: 64 * 1024 * 1024,
  staleMs: 60_000,
});

/** A decoded frame header. */
export interface FrameHeader {
  id: number;
  index: number;
  count: number;
  total: number;
}

/** Number of frames a message of `length` bytes needs. */
export function frameCount(length: number, chunkBytes: number): number {
  return Math.max(1, Math.ceil(length / chunkBytes));
}

/** Builds one frame (header + a copy of `payload`). */
export function encodeFrame(header: FrameHeader, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, FRAME_VERSION);
  view.setUint32(1, header.id >>> 0);
  view.setUint32(5, header.index >>> 0);
  view.setUint32(9, header.count >>> 0);
  view.setUint32(13, header.total >>> 0);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/**
 * Cuts `message` into frames lazily (one 64 KiB copy at a time, so a 30 MB message is never held
 * twice in memory).
 *
 * @example
 * for (const frame of splitMessage(7, message)) channel.send(frame);
 */
export function* splitMessage(
  id: number,
  message: Uint8Array,
  chunkBytes: number = DEFAULT_FRAME_LIMITS.chunkBytes,
): Generator<Uint8Array<ArrayBuffer>> {
  const count = frameCount(message.length, chunkBytes);
  for (let index = 0; index < count; index++) {
    const payload = message.subarray(index * chunkBytes, (index + 1) * chunkBytes);
    yield encodeFrame({ id, index, count, total: message.length }, payload);
  }
}

/** Result of feeding one frame to the reassembler. */
export type FrameResult =
  | { kind: 'message'; id: number; bytes: Uint8Array }
  | { kind: 'partial'; id: number }
  | { kind: 'dropped'; reason: FrameDropReason; id?: number }
  /** A later frame of a message already dropped: ignored without reporting again. */
  | { kind: 'ignored'; id: number };

interface PartialMessage {
  count: number;
  total: number;
  chunks: (Uint8Array | undefined)[];
  received: number;
  bytes: number;
  lastSeen: number;
}

/** How many ids of dropped messages are remembered so their remaining frames are ignored quietly. */
const DEAD_IDS = 64;

/**
 * Reassembles frames into messages, for one connection.
 *
 * @example
 * const r = new FrameReassembler({}, (reason) => report(reason));
 * const out = r.push(frame);
 * if (out.kind === 'message') handle(out.bytes);
 */
export class FrameReassembler {
  readonly limits: FrameLimits;
  private readonly partials = new Map<number, PartialMessage>();
  private readonly dead: number[] = [];
  private reserved = 0;

  constructor(
    limits: Partial<FrameLimits> = {},
    private readonly onDrop: (reason: FrameDropReason, id?: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_FRAME_LIMITS, ...limits };
  }

  /** Partial messages currently held. */
  get inFlight(): number {
    return this.partials.size;
  }

  /** Bytes reserved for partial messages (sum of their declared totals). */
  get reservedBytes(): number {
    return this.reserved;
  }

  /** Feeds one received frame. Never throws. */
  push(frame: unknown): FrameResult {
    this.sweep();
    if (!(frame instanceof Uint8Array)) return this.drop('frame-not-binary');
    if (frame.length < FRAME_HEADER_BYTES) return this.drop('frame-too-short');
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    if (view.getUint8(0) !== FRAME_VERSION) return this.drop('frame-version');
    const id = view.getUint32(1);
    const index = view.getUint32(5);
    const count = view.getUint32(9);
    const total = view.getUint32(13);
    const payload = frame.subarray(FRAME_HEADER_BYTES);

    if (this.dead.includes(id) && !this.partials.has(id)) return { kind: 'ignored', id };
    if (count === 0 || index >= count || count > Math.max(1, total) || payload.length > total) {
      return this.drop('frame-header', id);
    }
    if (payload.length > this.limits.maxChunkBytes || count * this.limits.maxChunkBytes < total) {
      return this.drop('frame-header', id);
    }
    if (total > this.limits.maxMessageBytes) return this.drop('message-too-large', id);

    if (count === 1) {
      const existing = this.partials.get(id);
      if (existing) return this.drop('frame-inconsistent', id);
      if (payload.length !== total) return this.drop('frame-length-mismatch', id);
      return { kind: 'message', id, bytes: payload.slice() };
    }

    let p = this.partials.get(id);
    if (!p) {
      if (this.partials.size >= this.limits.maxInFlight) return this.drop('too-many-in-flight', id);
      if (this.reserved + total > this.limits.maxBufferedBytes) return this.drop('reassembly-memory', id);
      p = { count, total, chunks: new Array(count), received: 0, bytes: 0, lastSeen: this.now() };
      this.partials.set(id, p);
      this.reserved += total;
    }
    if (p.count !== count || p.total !== total) return this.drop('frame-inconsistent', id);
    if (p.chunks[index] !== undefined) return this.drop('frame-duplicate', id);
    if (p.bytes + payload.length > p.total) return this.drop('frame-length-mismatch', id);
    p.chunks[index] = payload.slice();
    p.received++;
    p.bytes += payload.length;
    p.lastSeen = this.now();
    if (p.received < p.count) return { kind: 'partial', id };

    this.forget(id);
    if (p.bytes !== p.total) return this.drop('frame-length-mismatch', id);
    const out = new Uint8Array(p.total);
    let at = 0;
    for (const chunk of p.chunks) {
      out.set(chunk as Uint8Array, at);
      at += (chunk as Uint8Array).length;
    }
    return { kind: 'message', id, bytes: out };
  }

  /** Drops partial messages that have not progressed for `staleMs`; returns how many. */
  sweep(): number {
    const limit = this.now() - this.limits.staleMs;
    let dropped = 0;
    for (const [id, p] of this.partials) {
      if (p.lastSeen < limit) {
        this.drop('message-stale', id);
        dropped++;
      }
    }
    return dropped;
  }

  /** Forgets every partial message (on close). */
  clear(): void {
    this.partials.clear();
    this.reserved = 0;
  }

  private forget(id: number): void {
    const p = this.partials.get(id);
    if (!p) return;
    this.partials.delete(id);
    this.reserved -= p.total;
  }

  private drop(reason: FrameDropReason, id?: number): FrameResult {
    if (id !== undefined) {
      this.forget(id);
      this.dead.push(id);
      if (this.dead.length > DEAD_IDS) this.dead.shift();
    }
    this.onDrop(reason, id);
    return id === undefined ? { kind: 'dropped', reason } : { kind: 'dropped', reason, id };
  }
}
