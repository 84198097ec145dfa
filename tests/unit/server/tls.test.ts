/**
 * The self-signed certificate (parsed back with Node's own X.509 parser), the names it carries,
 * and the HTTPS environment variables.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { httpsConfigFromEnv } from '../../../src/server/config';
import { certificateCovers, certificateNames, lanAddresses } from '../../../src/server/tls';
import { createSelfSignedCertificate } from '../../../src/server/tls-cert';

describe('createSelfSignedCertificate', () => {
  const names = ['localhost', '127.0.0.1', '192.168.1.20', '::1', '2001:db8::7', 'shop-pc.local'];
  const now = new Date('2030-03-01T12:00:00Z');
  const pair = createSelfSignedCertificate({ names, now });
  const cert = new X509Certificate(pair.cert);

  it('is a signed end-entity TLS server certificate for every name', () => {
    expect(cert.verify(createPublicKey(pair.key))).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.subject).toContain('CN=localhost');
    expect(cert.issuer).toBe(cert.subject);
    for (const ip of ['127.0.0.1', '192.168.1.20', '::1', '2001:db8::7'])
      expect(cert.checkIP(ip), ip).toBe(ip);
    expect(cert.checkHost('shop-pc.local')).toBe('shop-pc.local');
    expect(cert.checkIP('192.168.1.21')).toBeUndefined();
    expect(cert.checkHost('example.org')).toBeUndefined();
  });

  it('is valid from an hour back for 397 days, under the 825 days phones accept', () => {
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    expect(now.getTime() - from).toBe(60 * 60 * 1000);
    expect((to - now.getTime()) / 86_400_000).toBe(397);
    expect(() => createSelfSignedCertificate({ names, days: 825 })).toThrow(RangeError);
    expect(() => createSelfSignedCertificate({ names: [] })).toThrow(RangeError);
  });

  it('has a fresh key and serial each time', () => {
    const other = new X509Certificate(createSelfSignedCertificate({ names }).cert);
    expect(other.serialNumber).not.toBe(cert.serialNumber);
    expect(other.fingerprint256).not.toBe(cert.fingerprint256);
  });

  it('is renewed when a name is missing or it expires within 30 days', () => {
    expect(certificateCovers(pair.cert, ['localhost', '192.168.1.20'], now.getTime())).toBe(true);
    expect(certificateCovers(pair.cert, ['10.0.0.2'], now.getTime())).toBe(false);
    expect(certificateCovers(pair.cert, ['localhost'], now.getTime() + 380 * 86_400_000)).toBe(false);
    expect(certificateCovers('not a certificate', ['localhost'])).toBe(false);
  });
});

describe('certificate names', () => {
  it('lists LAN addresses but not loopback or link-local ones', () => {
    const lan = lanAddresses({
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
      eth0: [
        { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
        { address: '169.254.3.4', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
        { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 2 },
        {
          address: '2001:db8::7',
          family: 'IPv6',
          internal: false,
          netmask: '',
          mac: '',
          cidr: null,
          scopeid: 0,
        },
      ],
    });
    expect(lan).toEqual(['192.168.1.20', '2001:db8::7']);
    expect(certificateNames(lan, 'Shop-PC')).toEqual([
      'localhost',
      '127.0.0.1',
      '::1',
      'shop-pc',
      'shop-pc.local',
      '192.168.1.20',
      '2001:db8::7',
    ]);
    expect(certificateNames([], 'bad name!')).toEqual(['localhost', '127.0.0.1', '::1']);
  });
});

describe('httpsConfigFromEnv', () => {
  it('is off by default and self-signed under the data directory with HTTPS=1', () => {
    expect(httpsConfigFromEnv({})).toBe(false);
    expect(httpsConfigFromEnv({ HTTPS: '0' })).toBe(false);
    expect(httpsConfigFromEnv({ HTTPS: '1' })).toEqual({ mode: 'self-signed', dataDir: './data' });
    expect(httpsConfigFromEnv({ HTTPS: 'on', SHOPFLOOR_DATA_DIR: '/var/lib/shopfloor' })).toEqual({
      mode: 'self-signed',
      dataDir: '/var/lib/shopfloor',
    });
  });
  it('uses the operator’s files when both are given', () => {
    expect(httpsConfigFromEnv({ HTTPS_CERT: 'c.pem', HTTPS_KEY: 'k.pem' })).toEqual({
      mode: 'files',
      certFile: 'c.pem',
      keyFile: 'k.pem',
    });
  });
  it('rejects what cannot be meant', () => {
    expect(() => httpsConfigFromEnv({ HTTPS: 'maybe' })).toThrow(/HTTPS must be/);
    expect(() => httpsConfigFromEnv({ HTTPS_CERT: 'c.pem' })).toThrow(/go together/);
    expect(() => httpsConfigFromEnv({ HTTPS: '0', HTTPS_CERT: 'c', HTTPS_KEY: 'k' })).toThrow(/HTTPS is off/);
  });
});
