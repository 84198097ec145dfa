/**
 * Makes a self-signed X.509 certificate for serving the app over HTTPS on a local network, with
 * node:crypto only: an ECDSA P-256 key, and the certificate's DER written by hand (RFC 5280).
 *
 * Why by hand: Node can parse certificates (`X509Certificate`) but not create them, the `openssl`
 * command is not on every organizer's machine, and a certificate needs only a few fixed ASN.1
 * shapes, which the tests check by parsing the result with Node's own parser.
 *
 * What must stay true: the certificate names every address it will be opened at (subjectAltName:
 * browsers ignore the common name), is an end-entity certificate for TLS servers (CA:FALSE,
 * serverAuth), and stays valid less than 825 days (the longest any iPhone accepts).
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { isIP } from 'node:net';

/** A certificate and its private key, both PEM. */
export interface CertificatePair {
  cert: string;
  key: string;
}

/** Options for {@link createSelfSignedCertificate}. */
export interface SelfSignedOptions {
  /** Host names and IP addresses (v4 or v6) the server is reached at; the first one is the CN. */
  names: readonly string[];
  /** Days of validity from now; at most 824. Default 397 (what public CAs issue today). */
  days?: number;
  /** Now, for tests. */
  now?: Date;
}

// --- DER ---------------------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.of(tag), length(body.length), body]);
};
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const octets = (b: Buffer) => tlv(0x04, b);
const bitString = (b: Buffer) => tlv(0x03, Buffer.of(0), b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bool = (v: boolean) => tlv(0x01, Buffer.of(v ? 0xff : 0));
const explicit = (n: number, c: Buffer) => tlv(0xa0 + n, c);

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && ((b[1] ?? 0) & 0x80) === 0) b = b.subarray(1);
  return tlv(0x02, (b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // Expand "::" and any embedded IPv4 tail into eight 16-bit groups.
  let text = ip.replace(/^\[|\]$/g, '').split('%')[0] ?? '';
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const p = v4[1].split('.').map(Number);
    text = text.replace(
      v4[1],
      `${(((p[0] ?? 0) << 8) | (p[1] ?? 0)).toString(16)}:${(((p[2] ?? 0) << 8) | (p[3] ?? 0)).toString(16)}`,
    );
  }
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  for (const [i, g] of groups.entries()) out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  return out;
}

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const extension = (id: string, critical: boolean, value: Buffer) =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

/**
 * Creates a self-signed certificate for a TLS server reached at `names`.
 *
 * @returns The certificate and its PKCS#8 private key, PEM.
 * @throws RangeError when no name is given or `days` is out of range.
 * @example createSelfSignedCertificate({ names: ['localhost', '127.0.0.1', '192.168.1.20'] })
 */
export function createSelfSignedCertificate(opts: SelfSignedOptions): CertificatePair {
  const names = [...new Set(opts.names.map((n) => n.replace(/^\[|\]$/g, '').toLowerCase()))];
  if (names.length === 0) throw new RangeError('a certificate needs at least one name');
  const days = opts.days ?? 397;
  if (!(days >= 1 && days <= 824)) throw new RangeError('days must be from 1 to 824');
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000); // an hour back, for a phone's clock drift
  const notAfter = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);

  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive
  const name = seq(
    set(seq(oid(OID.organization), utf8('Shopfloor (this computer)'))),
    set(seq(oid(OID.commonName), utf8(names[0] as string))),
  );
  const altNames = seq(
    ...names.map((n) => (isIP(n) ? tlv(0x87, ipBytes(n)) : tlv(0x82, Buffer.from(n, 'ascii')))),
  );
  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const tbs = seq(
    explicit(0, integer(Buffer.of(2))), // v3
    integer(serial),
    algorithm,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(
      3,
      seq(
        extension(OID.basicConstraints, true, seq()),
        extension(OID.keyUsage, true, tlv(0x03, Buffer.of(7, 0x80))), // digitalSignature
        extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
        extension(OID.subjectKeyId, false, octets(createHash('sha1').update(spki).digest())),
        extension(OID.subjectAltName, false, altNames),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const der = seq(tbs, algorithm, bitString(signature));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * The SHA-256 fingerprint the way browsers show it (`AB:CD:…`), for comparing on a phone.
 *
 * @param certPem - A PEM certificate.
 */
export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** Checks that `keyPem` is a private key (a readable error at startup rather than at the first TLS handshake). */
export function assertPrivateKey(keyPem: string): void {
  createPrivateKey(keyPem);
}
