/** The WebSocket URLs of a server (src/sync/server-urls.ts), derived one way for signaling and mailbox. */
import { describe, expect, it } from 'vitest';
import { pageSocketUrl, serverSocketUrl } from '../../../src/sync/server-urls';

describe('server socket URLs', () => {
  it('puts the socket under the base URL, wss for https and ws for http', () => {
    expect(serverSocketUrl('https://a.example/', 'signal')).toBe('wss://a.example/signal');
    expect(serverSocketUrl('http://127.0.0.1:5173/', 'mailbox')).toBe('ws://127.0.0.1:5173/mailbox');
    expect(serverSocketUrl('https://a.example/shop/', 'mailbox')).toBe('wss://a.example/shop/mailbox');
  });

  it('derives the page server from a location', () => {
    expect(pageSocketUrl('signal', { protocol: 'https:', host: 'a.example' })).toBe('wss://a.example/signal');
    expect(pageSocketUrl('mailbox', { protocol: 'http:', host: 'localhost:4173' })).toBe(
      'ws://localhost:4173/mailbox',
    );
    expect(pageSocketUrl('signal', { protocol: 'http:', host: '[::1]:8080' })).toBe('ws://[::1]:8080/signal');
  });
});
