import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import {
  DeliveryTracker,
  decodeAck,
  decodeHello,
  encodeAck,
  encodeHello,
  isPeerOrigin,
  isValidDeviceName,
  MAX_AWARENESS_STATES,
  MESSAGE_ACK,
  MESSAGE_HELLO,
  sanitizeAwarenessUpdate,
} from '../../../src/sync';

const body = (m: Uint8Array, type: number) => {
  const d = decoding.createDecoder(m);
  expect(decoding.readVarUint(d)).toBe(type);
  return d;
};

function awarenessUpdate(states: [number, number, string][]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, states.length);
  for (const [client, clock, json] of states) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, json);
  }
  return encoding.toUint8Array(e);
}

function readAwareness(update: Uint8Array) {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  return Array.from({ length: n }, () => [
    decoding.readVarUint(d),
    decoding.readVarUint(d),
    JSON.parse(decoding.readVarString(d)),
  ]);
}

describe('hello and ack messages', () => {
  it('round-trips a hello and refuses invalid ones', () => {
    const device = { deviceId: 'AAAAAAAAAAAAAAAAAAAAAA', deviceName: 'Ana’s phone' };
    expect(decodeHello(body(encodeHello(device), MESSAGE_HELLO))).toEqual(device);
    const hello = (json: string) => {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, json);
      return decodeHello(decoding.createDecoder(encoding.toUint8Array(e)));
    };
    expect(hello('{"v":2,"deviceId":"AAAAAAAAAAAAAAAAAAAAAA","deviceName":"x"}')).toBeNull();
    expect(hello('{"v":1,"deviceId":"short","deviceName":"x"}')).toBeNull();
    expect(hello(`{"v":1,"deviceId":"AAAAAAAAAAAAAAAAAAAAAA","deviceName":"${'x'.repeat(61)}"}`)).toBeNull();
    expect(hello('not json')).toBeNull();
    expect(decodeHello(decoding.createDecoder(Uint8Array.of(0xff)))).toBeNull();
  });

  it('round-trips acks and refuses oversized or truncated ones', () => {
    expect(decodeAck(body(encodeAck([1, 2, 0xffffffff]), MESSAGE_ACK))).toEqual([1, 2, 0xffffffff]);
    expect(decodeAck(decoding.createDecoder(Uint8Array.of(3, 1)))).toBeNull();
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 5000);
    expect(decodeAck(decoding.createDecoder(encoding.toUint8Array(e)))).toBeNull();
  });

  it('validates device names', () => {
    expect(isValidDeviceName('Pixel 7')).toBe(true);
    expect(isValidDeviceName('x'.repeat(60))).toBe(true);
    expect(isValidDeviceName('😀'.repeat(60))).toBe(true);
    expect(isValidDeviceName('x'.repeat(61))).toBe(false);
    expect(isValidDeviceName('')).toBe(false);
    expect(isValidDeviceName('bad\nname')).toBe(false);
    expect(isValidDeviceName(7)).toBe(false);
  });

  it('recognizes peer origins', () => {
    expect(isPeerOrigin({ kind: 'peer', peerId: 'x' })).toBe(true);
    expect(isPeerOrigin({ kind: 'peer' })).toBe(false);
    expect(isPeerOrigin(null)).toBe(false);
    expect(isPeerOrigin('peer')).toBe(false);
  });
});

describe('sanitizeAwarenessUpdate', () => {
  it('keeps only deviceName and deviceId, drops invalid states, keeps removals', () => {
    const out = sanitizeAwarenessUpdate(
      awarenessUpdate([
        [
          1,
          3,
          JSON.stringify({
            deviceName: 'A',
            deviceId: 'AAAAAAAAAAAAAAAAAAAAAA',
            cursor: { x: 1 },
            user: 'x',
          }),
        ],
        [2, 1, JSON.stringify({ deviceName: 'x'.repeat(61), deviceId: 'AAAAAAAAAAAAAAAAAAAAAA' })],
        [3, 1, JSON.stringify({ deviceName: 'C' })],
        [4, 9, 'null'],
        [5, 1, '"just a string"'],
      ]),
    );
    expect(out && readAwareness(out)).toEqual([
      [1, 3, { deviceName: 'A', deviceId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      [4, 9, null],
    ]);
  });

  it('refuses malformed, truncated and oversized updates', () => {
    expect(sanitizeAwarenessUpdate(Uint8Array.of(1, 1))).toBeNull();
    expect(sanitizeAwarenessUpdate(awarenessUpdate([[1, 1, '{not json']]))).toBeNull();
    const many = awarenessUpdate(
      Array.from({ length: MAX_AWARENESS_STATES + 1 }, (_, i) => [i, 1, 'null'] as [number, number, string]),
    );
    expect(sanitizeAwarenessUpdate(many)).toBeNull();
    expect(sanitizeAwarenessUpdate(new Uint8Array(100 * 1024))).toBeNull();
  });
});

describe('DeliveryTracker', () => {
  it('counts existing state as unsent until a peer confirms a step 2', () => {
    const t = new DeliveryTracker();
    const conn = {};
    expect(t.unsent).toBe(true);
    t.noteSent(conn, 1, { kind: 'state', upTo: t.currentGen });
    expect(t.noteAcked(conn, [1])).toBe(true);
    expect(t.unsent).toBe(false);
  });

  it('clears an update only when the message carrying it is acknowledged', () => {
    const t = new DeliveryTracker(false);
    const a = {};
    const b = {};
    const g1 = t.noteLocalUpdate();
    const g2 = t.noteLocalUpdate();
    t.noteSent(a, 5, { kind: 'update', gen: g1 });
    t.noteSent(b, 9, { kind: 'update', gen: g2 });
    t.noteAcked(a, [9]); // wrong connection: nothing
    expect(t.unsent).toBe(true);
    t.noteAcked(a, [5]);
    expect(t.unsent).toBe(true);
    t.dropConn(b); // b closed before acknowledging
    t.noteAcked(b, [9]);
    expect(t.unsent).toBe(true);
    t.noteSent(a, 6, { kind: 'state', upTo: t.currentGen });
    t.noteAcked(a, [6]);
    expect(t.unsent).toBe(false);
  });

  it('a step 2 covers only what existed when it was sent', () => {
    const t = new DeliveryTracker(false);
    const c = {};
    t.noteLocalUpdate();
    t.noteSent(c, 1, { kind: 'state', upTo: t.currentGen });
    t.noteLocalUpdate();
    t.noteAcked(c, [1]);
    expect(t.unsent).toBe(true);
  });

  it('a state sent in several parts counts only once every part is acknowledged', () => {
    const t = new DeliveryTracker();
    const c = {};
    t.noteSentAll(c, [3, 4, 5], { kind: 'state', upTo: t.currentGen });
    expect(t.noteAcked(c, [3, 5])).toBe(false); // part 4 was refused: a hole in the peer's copy
    expect(t.unsent).toBe(true);
    expect(t.noteAcked(c, [4])).toBe(true);
    expect(t.unsent).toBe(false);
  });
});
