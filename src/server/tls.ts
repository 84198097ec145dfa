/**
 * The certificate for `HTTPS=1`: the files the operator named (`HTTPS_CERT`, `HTTPS_KEY`), or a
 * self-signed one made once and kept under the data directory (`<dataDir>/tls/`), made again only
 * when it no longer names every address of this machine or is about to expire.
 *
 * Why: WebCrypto and service workers exist only in a secure context, so a phone on the same
 * network can use the app only over HTTPS (docs/deploy.md, "Open it on a phone").
 *
 * What must stay true: the private key file is written readable by its owner only; nothing here
 * logs; the key never leaves this machine.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { HttpsConfig } from './config';
import {
  assertPrivateKey,
  type CertificatePair,
  certificateFingerprint,
  createSelfSignedCertificate,
} from './tls-cert';

/** A certificate ready for the server, and what to tell the organizer about it. */
export interface ServerCertificate extends CertificatePair {
  /** SHA-256 fingerprint, `AB:CD:…`. */
  fingerprint: string;
  /** True when made by this server (the browser warns once; the fingerprint lets you check it). */
  selfSigned: boolean;
  /** True when it was (re)made at this start. */
  created: boolean;
  /** Where the certificate file is. */
  certFile: string;
}

/** Renew a self-signed certificate this long before it expires. */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * This machine's addresses on its networks: IPv4 and global IPv6, not loopback, not link-local
 * (a phone cannot be sent to `fe80::…` in a URL without a zone).
 */
export function lanAddresses(
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): string[] {
  const out: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4' && !a.address.startsWith('169.254.')) out.push(a.address);
      if (a.family === 'IPv6' && !/^fe[89ab]/i.test(a.address)) out.push(a.address);
    }
  }
  return [...new Set(out)];
}

/** Every name the self-signed certificate carries: loopback, this machine's names, its LAN addresses. */
export function certificateNames(lan: readonly string[] = lanAddresses(), host = hostname()): string[] {
  const names = ['localhost', '127.0.0.1', '::1'];
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(host) && isIP(host) === 0) {
    names.push(host.toLowerCase());
    if (!host.includes('.')) names.push(`${host.toLowerCase()}.local`);
  }
  return [...new Set([...names, ...lan])];
}

/** True when `cert` names every one of `names` and is valid for at least 30 more days. */
export function certificateCovers(certPem: string, names: readonly string[], now = Date.now()): boolean {
  try {
    const c = new X509Certificate(certPem);
    if (Date.parse(c.validTo) - now < RENEW_BEFORE_MS || Date.parse(c.validFrom) > now + 60 * 60 * 1000)
      return false;
    return names.every((n) => (isIP(n) ? c.checkIP(n) !== undefined : c.checkHost(n) !== undefined));
  } catch {
    return false;
  }
}

/**
 * Loads the configured certificate, or the self-signed one under the data directory (making it
 * when missing, when an address of this machine is not in it, or when it expires within 30 days).
 *
 * @param config - From `httpsConfigFromEnv`; must not be `false`.
 * @param names - Names the self-signed certificate must carry (default {@link certificateNames}).
 * @throws Error naming the file when a configured file is unreadable or not a certificate/key.
 */
export function loadServerCertificate(
  config: Exclude<HttpsConfig, false>,
  names: readonly string[] = certificateNames(),
): ServerCertificate {
  if (config.mode === 'files') {
    const read = (file: string, what: string) => {
      try {
        return readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(`cannot read the ${what} ${file} (${(err as NodeJS.ErrnoException).code ?? err})`);
      }
    };
    const cert = read(config.certFile, 'certificate');
    const key = read(config.keyFile, 'private key');
    let fingerprint: string;
    try {
      fingerprint = certificateFingerprint(cert);
      assertPrivateKey(key);
    } catch {
      throw new Error(`HTTPS_CERT must be a PEM certificate and HTTPS_KEY its PEM private key`);
    }
    return { cert, key, fingerprint, selfSigned: false, created: false, certFile: config.certFile };
  }
  const dir = join(config.dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  try {
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    if (certificateCovers(cert, names)) {
      assertPrivateKey(key);
      return {
        cert,
        key,
        fingerprint: certificateFingerprint(cert),
        selfSigned: true,
        created: false,
        certFile,
      };
    }
  } catch {
    // Missing or unreadable: make a new one below.
  }
  const pair = createSelfSignedCertificate({ names });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pair.key, { mode: 0o600 });
  writeFileSync(certFile, pair.cert, { mode: 0o644 });
  return {
    ...pair,
    fingerprint: certificateFingerprint(pair.cert),
    selfSigned: true,
    created: true,
    certFile,
  };
}
