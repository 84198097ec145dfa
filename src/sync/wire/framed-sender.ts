/**
 * The sending half of framing for one connection: a FIFO of whole messages, cut into frames and
 * handed to the data channel only while its buffer is below a high-water mark.
 *
 * What must stay true: frames of one message are sent in order and messages are sent in the order
 * they were queued (the receiver's acknowledgements rely on it). Backpressure: a data channel
 * whose `bufferedAmount` grows past the browser's limit (16 MiB in Chromium) closes, so we wait
 * for `bufferedamountlow` (or poll) instead of pushing a 30 MB sync step at once. The queue is
 * bounded: past `maxQueuedBytes` the connection is given up (`onOverflow`), and the peer catches
 * up through a fresh sync handshake when it reconnects.
 */
import { DEFAULT_FRAME_LIMITS, splitMessage } from './frame';

/** What the sender needs from a data channel. */
export interface FrameTransport {
  /** Sends one frame; throws when the channel is closed. */
  sendFrame(frame: Uint8Array): void;
  /** Bytes queued in the channel, not yet handed to the network. */
  bufferedAmount(): number;
  /** Resolves when the buffer may have drained (a `bufferedamountlow` event or a short timeout). */
  waitForDrain(): Promise<void>;
}

/** Sender limits. */
export interface SenderLimits {
  /** Payload bytes per frame. */
  chunkBytes: number;
  /** Stop sending while the channel buffers more than this. */
  highWaterBytes: number;
  /** Give up the connection when more than this is queued and not yet sent. */
  maxQueuedBytes: number;
}

/** Defaults: 64 KiB frames, at most 1 MiB in the channel buffer, 128 MiB queued. */
export const DEFAULT_SENDER_LIMITS: Readonly<SenderLimits> = Object.freeze({
  chunkBytes: DEFAULT_FRAME_LIMITS.chunkBytes,
  highWaterBytes: 1024 * 1024,
  maxQueuedBytes: 128 * 1024 * 1024,
});

/**
 * Frames and sends messages on one connection, honouring backpressure.
 *
 * @example
 * const sender = new FramedSender(transport, {}, () => conn.destroy());
 * const id = sender.enqueue(message); // the frame header's message id, or null if closed
 */
export class FramedSender {
  readonly limits: SenderLimits;
  private readonly queue: { id: number; bytes: Uint8Array }[] = [];
  private queuedBytes = 0;
  private nextId = 1;
  private pumping = false;
  private closed = false;

  constructor(
    private readonly transport: FrameTransport,
    limits: Partial<SenderLimits> = {},
    private readonly onOverflow: () => void = () => {},
  ) {
    this.limits = { ...DEFAULT_SENDER_LIMITS, ...limits };
  }

  /** Messages queued or being sent. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Queues a whole message; returns the message id its frames carry, or `null` when the sender is
   * closed or the queue overflowed (then the connection is given up).
   */
  enqueue(message: Uint8Array): number | null {
    if (this.closed) return null;
    if (this.queuedBytes + message.length > this.limits.maxQueuedBytes) {
      this.close();
      this.onOverflow();
      return null;
    }
    const id = this.nextId;
    this.nextId = (this.nextId + 1) >>> 0 || 1;
    this.queue.push({ id, bytes: message });
    this.queuedBytes += message.length;
    if (!this.pumping) void this.pump();
    return id;
  }

  /** Stops sending and forgets the queue. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const next = this.queue[0] as { id: number; bytes: Uint8Array };
        for (const frame of splitMessage(next.id, next.bytes, this.limits.chunkBytes)) {
          while (!this.closed && this.transport.bufferedAmount() > this.limits.highWaterBytes) {
            await this.transport.waitForDrain();
          }
          if (this.closed) return;
          this.transport.sendFrame(frame);
        }
        this.queue.shift();
        this.queuedBytes -= next.bytes.length;
      }
    } catch {
      // The channel closed under us: y-webrtc's 'close' handler tears the connection down.
      this.close();
    } finally {
      this.pumping = false;
    }
  }
}
