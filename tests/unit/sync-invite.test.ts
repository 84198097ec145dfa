import { describe, expect, it } from 'vitest';
import { randomBytes, randomId } from '../../src/crypto';
import { crc32, createInviteLink, parseInvite, SyncError } from '../../src/sync';

const invite = () => ({
  spaceId: randomId(),
  spaceKey: randomBytes(32),
  name: 'Warehouse 4 — comité Δ 工会',
});

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

  it('reports every truncation of a link as truncated', () => {
    const link = createInviteLink('https://x.example/', invite());
    const payload = link.slice(link.indexOf('#/join/') + 7);
    const codes = new Set<string>();
    for (let cut = 0; cut < payload.length; cut++) {
      const r = parseInvite(`https://x.example/#/join/${payload.slice(0, cut)}`);
      expect(r.ok).toBe(false);
      if (!r.ok) codes.add(r.error);
    }
    expect([...codes]).toEqual(['truncated']);
  });

  it('catches a single mistyped character anywhere', () => {
    const link = createInviteLink('https://x.example/', invite());
    const at = link.indexOf('#/join/') + 7;
    for (let i = at + 1; i < link.length; i++) {
      const c = link[i] === 'A' ? 'B' : 'A';
      const r = parseInvite(link.slice(0, i) + c + link.slice(i + 1));
      expect(r.ok, `position ${i}`).toBe(false);
    }
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
