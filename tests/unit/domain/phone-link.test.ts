import { describe, expect, it } from 'vitest';
import { phoneLinks } from '../../../src/domain/people/phone-link';

describe('phoneLinks', () => {
  it('builds every link from an international number written with spaces', () => {
    expect(phoneLinks('+1 555 010 0100')).toEqual({
      display: '+1 555 010 0100',
      dial: '+15550100100',
      international: true,
      tel: 'tel:+15550100100',
      sms: 'sms:+15550100100',
      signal: 'https://signal.me/#p/+15550100100',
      whatsapp: 'https://wa.me/15550100100',
    });
  });

  it('drops dashes, dots, brackets and non-breaking spaces', () => {
    expect(phoneLinks('+1 (555) 010-0100')?.tel).toBe('tel:+15550100100');
    expect(phoneLinks('+34.612.345.678')?.whatsapp).toBe('https://wa.me/34612345678');
    expect(phoneLinks('+34\u00a0612\u00a0345\u00a0678')?.dial).toBe('+34612345678');
    expect(phoneLinks('+52 55–1234–5678')?.dial).toBe('+525512345678');
  });

  it('removes the leading apostrophe of a spreadsheet export, and shows the number without it', () => {
    const links = phoneLinks("'+1 555 010 0100");
    expect(links?.display).toBe('+1 555 010 0100');
    expect(links?.tel).toBe('tel:+15550100100');
    expect(phoneLinks('’0612 34 56 78')?.display).toBe('0612 34 56 78');
    expect(phoneLinks("  '+44 20 7946 0018'  ")?.signal).toBe('https://signal.me/#p/+442079460018');
  });

  it('reads 00 as the international prefix and drops a bracketed trunk zero', () => {
    expect(phoneLinks('0044 20 7946 0018')?.whatsapp).toBe('https://wa.me/442079460018');
    expect(phoneLinks('+44 (0)20 7946 0018')?.tel).toBe('tel:+442079460018');
  });

  it('without a country code: call and text work, Signal and WhatsApp are not guessed', () => {
    const links = phoneLinks('0612-34-56-78');
    expect(links?.international).toBe(false);
    expect(links?.tel).toBe('tel:0612345678');
    expect(links?.sms).toBe('sms:0612345678');
    expect(links?.signal).toBeUndefined();
    expect(links?.whatsapp).toBeUndefined();
    expect(phoneLinks('(555) 010-0100')?.international).toBe(false);
    // A country code never starts with 0.
    expect(phoneLinks('+0612 345 678')?.whatsapp).toBeUndefined();
  });

  it('keeps an extension for calls only', () => {
    expect(phoneLinks('+1 555 010 0100 ext. 42')?.tel).toBe('tel:+15550100100;ext=42');
    expect(phoneLinks('+1 555 010 0100 x42')?.sms).toBe('sms:+15550100100');
  });

  it('is null for empty or non-number text', () => {
    for (const raw of [
      '',
      '   ',
      "'",
      undefined,
      null,
      'call after 6',
      'rosa@example.org',
      '12',
      '+1 555 CALL NOW',
    ]) {
      expect(phoneLinks(raw)).toBeNull();
    }
    expect(phoneLinks('1234567890123456')).toBeNull(); // 16 digits: longer than any E.164 number
  });
});
