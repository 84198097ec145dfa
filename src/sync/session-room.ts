/**
 * A sync session's direct path: the y-webrtc room derived from the space key, joined through a
 * WebrtcProvider whose connections all go through PeerLinks (room-hook.ts), and left again.
 * One room per name: a reconnect opens the next provider only once the previous one is gone.
 */
import { WebrtcProvider } from 'y-webrtc';
import { simplePeerOptions } from './options';
import { deriveRoom } from './room';
import { hookRoom, type RoomHooks, type RoomLike } from './room-hook';
import {
  type SessionContext,
  type SessionParts,
  type SignalingConnLike,
  signalingConns,
} from './session-state';
import { sessionSignalingUrls } from './signaling-urls';
import { isPeerOrigin } from './wire/origin';

export class SessionRoom {
  private readonly secrets: ReturnType<typeof deriveRoom>;
  private readonly peerOpts: ReturnType<typeof simplePeerOptions>;

  constructor(
    private readonly s: SessionParts,
    private readonly context: SessionContext,
  ) {
    this.secrets = deriveRoom(s.opts.spaceKey);
    this.peerOpts = simplePeerOptions(s.opts.peerOpts, s.opts.iceServers);
  }

  /** Joins the room once `after` (the previous provider's teardown) has settled. */
  async open(after: PromiseLike<unknown> | undefined): Promise<void> {
    const { s } = this;
    const { roomName, password } = await this.secrets;
    await after; // the previous provider's room must be gone first (one room per name)
    if (s.stopped) return;
    // Start the decode worker now, so that starting it is not charged to the first update's budget.
    void s.guard.warmUp();
    if (!s.direct) return;
    s.awareness.setLocalState({ deviceName: s.device.deviceName, deviceId: s.device.deviceId });
    const p = new WebrtcProvider(roomName, s.doc, {
      signaling: sessionSignalingUrls(s.opts.signaling), // a socket of its own (signaling-urls.ts)
      password,
      awareness: s.awareness,
      filterBcConns: false,
      peerOpts: this.peerOpts,
    });
    s.provider = p;
    for (const c of signalingConns(p)) {
      c.on('connect', s.feed.schedule);
      c.on('disconnect', s.feed.schedule);
    }
    await p.key;
    if (p.room && s.provider === p) hookRoom(p.room as unknown as RoomLike, this.hooks());
    s.feed.schedule();
  }

  /** What the room hook does with new links, doc updates and broadcasts. */
  private hooks(): RoomHooks {
    const { s, context } = this;
    return {
      context,
      handshake: s.opts.handshake,
      added: (link) => {
        s.links.add(link);
        s.feed.schedule();
      },
      docUpdate: (_update, origin, send) => {
        // A peer's update is relayed at once: its author sent it only once it was stored there.
        if (isPeerOrigin(origin)) send(null);
        else {
          const gen = s.delivery.currentGen; // the local update count already numbered this update
          s.outbox.push(() => send({ kind: 'update', gen }));
        }
      },
      beginBroadcast: (tag, origin) => {
        context.broadcast = { tag, origin };
      },
      endBroadcast: () => {
        context.broadcast = null;
      },
    };
  }

  /** Leaves the room; resolves once the provider is gone (undefined when there was none). */
  teardown(): PromiseLike<unknown> | undefined {
    const { s } = this;
    const p = s.provider;
    if (!p) return undefined;
    s.provider = null;
    for (const c of p.signalingConns as SignalingConnLike[]) {
      c.off('connect', s.feed.schedule);
      c.off('disconnect', s.feed.schedule);
    }
    p.disconnect();
    p.destroy();
    s.links.clear();
    return p.key;
  }
}
