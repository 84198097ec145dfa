import { describe, expect, it } from 'vitest';
import { fromBase64Url, randomBytes, randomId, toBase64Url, utf8 } from '../../../src/crypto';
import {
  crc32,
  createInviteLink,
  type Invite,
  inviteServerUrl,
  parseInvite,
  SyncError,
} from '../../../src/sync';

const invite = (servers: string[] = []): Invite => ({
  spaceId: randomId(),
  spaceKey: randomBytes(32),
  name: 'Warehouse 4 — comité Δ 工会',
  servers,
});

const SERVERS = ['https://shopfloor.example/', 'http://192.168.1.20:8080/shopfloor/'];

/** The payload of a link, decoded. */
const payloadOf = (link: string) => fromBase64Url(link.slice(link.indexOf('#/join/') + 7));

/** A link around `body` with a correct checksum, as a careful forger would write it. */
function sealed(body: Uint8Array): string {
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, crc32(body));
  return `https://x.example/#/join/${toBase64Url(out)}`;
}

/** The body of a version 2 invite with these raw server entries (each already UTF-8). */
function v2Body(entries: Uint8Array[], count = entries.length): Uint8Array {
  const id = utf8(randomId());
  const parts: Uint8Array[] = [
    Uint8Array.of(2, id.length),
    id,
    randomBytes(32),
    Uint8Array.of(2),
    utf8('W4'),
  ];
  parts.push(Uint8Array.of(count));
  for (const e of entries) parts.push(Uint8Array.of(e.length), e);
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.length;
  }
  return body;
}

describe('invite links', () => {
  it('round-trips id, key and name, with the secret only in the fragment', () => {
    const inv = invite();
    const link = createInviteLink('https://shopfloor.example/app/?utm=x#/home', inv);
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://shopfloor.example/app/');
    expect(url.search).toBe('');
    expect(url.hash.startsWith('#/join/')).toBe(true);
    const parsed = parseInvite(link);
    expect(parsed).toEqual({ ok: true, value: inv });
  });

  it('parses the fragment alone and the bare payload', () => {
    const inv = invite();
    const link = createInviteLink('http://localhost:5173/', inv);
    const fragment = link.slice(link.indexOf('#'));
    const payload = fragment.slice('#/join/'.length);
    expect(parseInvite(fragment)).toEqual({ ok: true, value: inv });
    expect(parseInvite(`  ${payload}\n`)).toEqual({ ok: true, value: inv });
  });

  it('shortens very long names to 200 UTF-8 bytes without splitting a character', () => {
    const inv = { ...invite(), name: 'é'.repeat(300) };
    const parsed = parseInvite(createInviteLink('https://x.example/', inv));
    expect(parsed.ok && parsed.value.name).toBe('é'.repeat(100));
  });

  it.each([
    ['version 1', []],
    ['version 2', SERVERS],
  ])('reports every truncation of a %s link as truncated', (_, servers) => {
    const link = createInviteLink('https://x.example/', invite(servers));
    const payload = link.slice(link.indexOf('#/join/') + 7);
    const codes = new Set<string>();
    for (let cut = 0; cut < payload.length; cut++) {
      const r = parseInvite(`https://x.example/#/join/${payload.slice(0, cut)}`);
      expect(r.ok).toBe(false);
      if (!r.ok) codes.add(r.error);
    }
    expect([...codes]).toEqual(['truncated']);
  });

  it.each([
    ['version 1', []],
    ['version 2', SERVERS],
  ])('catches every single-character change anywhere in a %s link', (_, servers) => {
    const link = createInviteLink('https://x.example/', invite(servers));
    const at = link.indexOf('#/join/') + 7;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = at; i < link.length; i++) {
      for (const c of alphabet) {
        if (c === link[i]) continue;
        const r = parseInvite(link.slice(0, i) + c + link.slice(i + 1));
        expect(r.ok, `position ${i}, ${c}`).toBe(false);
      }
    }
  });

  it('still parses version 1 links, with no servers', () => {
    const inv = invite();
    const link = createInviteLink('https://x.example/', inv);
    expect(payloadOf(link)[0]).toBe(1);
    expect(parseInvite(link)).toEqual({ ok: true, value: { ...inv, servers: [] } });
    // A link written by an earlier version of the app (no server list), byte for byte.
    const id = utf8('AAAAAAAAAAAAAAAAAAAAAA');
    const body = new Uint8Array([1, id.length, ...id, ...new Uint8Array(32).fill(7), 2, ...utf8('W4')]);
    expect(parseInvite(sealed(body))).toEqual({
      ok: true,
      value: {
        spaceId: 'AAAAAAAAAAAAAAAAAAAAAA',
        spaceKey: new Uint8Array(32).fill(7),
        name: 'W4',
        servers: [],
      },
    });
  });

  it('round-trips the campaign servers as version 2, canonical and without duplicates', () => {
    const inv = invite(SERVERS);
    const link = createInviteLink('https://shopfloor.example/', inv);
    expect(payloadOf(link)[0]).toBe(2);
    expect(parseInvite(link)).toEqual({ ok: true, value: inv });
    const messy = createInviteLink('https://x.example/', {
      ...inv,
      servers: ['HTTPS://Shopfloor.Example', 'https://shopfloor.example/', 'https://b.example/x?y=1'],
    });
    const parsed = parseInvite(messy);
    expect(parsed.ok && parsed.value.servers).toEqual([
      'https://shopfloor.example/',
      'https://b.example/x?y=1',
    ]);
    // At most four; a 200-byte URL fits.
    const long = `https://a.example/${'p'.repeat(200 - 'https://a.example/'.length)}`;
    expect(utf8(long).length).toBe(200);
    const many = [
      'https://1.example/',
      'https://2.example/',
      'https://3.example/',
      long,
      'https://5.example/',
    ];
    const four = parseInvite(createInviteLink('https://x.example/', { ...inv, servers: many }));
    expect(four.ok && four.value.servers).toEqual(many.slice(0, 4));
  });

  it('refuses to write a server URL an invite must not carry', () => {
    for (const bad of [
      'ftp://shopfloor.example/',
      'javascript:alert(1)',
      'wss://shopfloor.example/signal',
      'https://user:pw@shopfloor.example/',
      'https://user@shopfloor.example/',
      'https://shopfloor.example/#frag',
      'https://shopfloor.example/#',
      `https://a.example/${'p'.repeat(200)}`,
      'not a url',
      '',
    ]) {
      expect(inviteServerUrl(bad), bad).toBeNull();
      expect(() => createInviteLink('https://x.example/', { ...invite(), servers: [bad] }), bad).toThrow(
        expect.objectContaining({ code: 'invalid-server-url' }),
      );
    }
  });

  it('reports a malformed server list as malformed, even under a correct checksum', () => {
    const ok = utf8('https://shopfloor.example/');
    expect(parseInvite(sealed(v2Body([ok])))).toMatchObject({
      ok: true,
      value: { servers: ['https://shopfloor.example/'] },
    });
    const cases: [string, Uint8Array][] = [
      ['five servers', v2Body([ok, ok, ok, ok, ok])],
      ['empty URL', v2Body([new Uint8Array(0)])],
      ['not http(s)', v2Body([utf8('ftp://shopfloor.example/')])],
      ['credentials', v2Body([utf8('https://u:p@shopfloor.example/')])],
      ['fragment', v2Body([utf8('https://shopfloor.example/#x')])],
      ['not canonical', v2Body([utf8('HTTPS://shopfloor.example')])],
      ['not a URL', v2Body([utf8('shopfloor')])],
      ['invalid UTF-8', v2Body([Uint8Array.of(0x68, 0xff, 0xfe)])],
      ['too long', v2Body([utf8(`https://a.example/${'p'.repeat(190)}`)])],
      ['count past the entries', v2Body([ok], 2)],
    ];
    for (const [what, body] of cases) {
      const r = parseInvite(sealed(body));
      expect(r, what).toEqual({
        ok: false,
        error: what === 'count past the entries' ? 'truncated' : 'malformed',
      });
    }
    // Bytes left over after the server list.
    expect(parseInvite(sealed(new Uint8Array([...v2Body([ok]), 0])))).toEqual({
      ok: false,
      error: 'malformed',
    });
  });

  it('rejects malformed input with coded errors', () => {
    const link = createInviteLink('https://x.example/', invite());
    expect(parseInvite('https://x.example/#/people')).toEqual({ ok: false, error: 'not-an-invite' });
    expect(parseInvite('hello world')).toEqual({ ok: false, error: 'not-an-invite' });
    expect(parseInvite('https://x.example/#/join/abc$def')).toEqual({ ok: false, error: 'malformed' });
    expect(parseInvite(`${link}AAAA`)).toMatchObject({ ok: false });
    expect(parseInvite(`https://x.example/#/join/${'A'.repeat(80)}`)).toEqual({
      ok: false,
      error: 'unsupported-version',
    });
    expect(parseInvite(`https://x.example/#/join/BQ${'A'.repeat(78)}`)).toEqual({
      ok: false,
      error: 'unsupported-version',
    });
    expect(parseInvite('https://x.example/#/join/')).toEqual({ ok: false, error: 'truncated' });
    expect(parseInvite(42 as unknown as string)).toEqual({ ok: false, error: 'not-an-invite' });
  });

  it('refuses to build a link for a bad key or id', () => {
    expect(() => createInviteLink('https://x.example/', { ...invite(), spaceKey: randomBytes(31) })).toThrow(
      SyncError,
    );
    expect(() => createInviteLink('https://x.example/', { ...invite(), spaceId: 'short' })).toThrow(
      SyncError,
    );
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('version 3: the membership root and invite secret', () => {
  const membership = {
    root: 'ab'.repeat(32),
    inviteId: toBase64Url(new Uint8Array(16).fill(7)),
    seed: toBase64Url(new Uint8Array(32).fill(9)),
  };

  it('round-trips root, invite id and seed, with or without servers', () => {
    for (const servers of [[], ['https://shopfloor.example/']]) {
      const inv = { ...invite(servers), membership };
      const link = createInviteLink('https://x.example/', inv);
      const parsed = parseInvite(link);
      expect(parsed).toEqual({ ok: true, value: { ...inv, servers } });
      expect(fromBase64Url(link.split('#/join/')[1] as string)[0]).toBe(3);
    }
  });

  it('stays short enough for a QR code scanned from a phone', () => {
    const link = createInviteLink('https://shopfloor.example/', {
      ...invite(['https://shopfloor.example/']),
      membership,
    });
    expect(link.length).toBeLessThan(320);
  });

  it('refuses a membership part of the wrong size', () => {
    expect(() =>
      createInviteLink('https://x.example/', { ...invite(), membership: { ...membership, root: 'ab' } }),
    ).toThrow('invalid-invite-secret');
    expect(() =>
      createInviteLink('https://x.example/', { ...invite(), membership: { ...membership, seed: 'AAAA' } }),
    ).toThrow('invalid-invite-secret');
  });

  it('reports every truncation of a version 3 link as truncated and catches changed characters', () => {
    const link = createInviteLink('https://x.example/', { ...invite(), membership });
    const payload = link.split('#/join/')[1] as string;
    for (let n = 1; n < payload.length; n++) {
      const r = parseInvite(payload.slice(0, n));
      expect(r.ok, `cut at ${n}`).toBe(false);
    }
    for (let i = 0; i < payload.length; i++) {
      const c = payload[i] === 'A' ? 'B' : 'A';
      const r = parseInvite(payload.slice(0, i) + c + payload.slice(i + 1));
      expect(r.ok, `changed at ${i}`).toBe(false);
    }
  });
});

describe('version 4: pairing one’s own other phone', () => {
  const pairing = {
    root: 'cd'.repeat(32),
    inviteId: toBase64Url(new Uint8Array(16).fill(5)),
    seed: toBase64Url(new Uint8Array(32).fill(6)),
    pairWith: toBase64Url(new Uint8Array(32).fill(8)),
    pairUntil: 1_800_000_000_123,
  };

  it('round-trips the adding device and the expiry, and every truncation or change is caught', () => {
    const inv = { ...invite(['https://shopfloor.example/']), membership: pairing };
    const link = createInviteLink('https://x.example/', inv);
    expect(parseInvite(link)).toEqual({ ok: true, value: inv });
    const payload = link.split('#/join/')[1] as string;
    expect(fromBase64Url(payload)[0]).toBe(4);
    expect(link.length).toBeLessThan(380);
    for (let n = 1; n < payload.length; n++)
      expect(parseInvite(payload.slice(0, n)).ok, `cut at ${n}`).toBe(false);
    for (let i = 0; i < payload.length; i++) {
      const c = payload[i] === 'A' ? 'B' : 'A';
      expect(parseInvite(payload.slice(0, i) + c + payload.slice(i + 1)).ok, `changed at ${i}`).toBe(false);
    }
  });

  it('refuses a pairing without an expiry, with a bad key, or an expiry with no device', () => {
    const bad = [
      { ...pairing, pairUntil: undefined },
      { ...pairing, pairWith: 'AAAA' },
      { ...pairing, pairWith: undefined },
      { ...pairing, pairUntil: 2 ** 48 },
    ];
    for (const membership of bad)
      expect(() => createInviteLink('https://x.example/', { ...invite(), membership })).toThrow(
        'invalid-invite-secret',
      );
  });
});
