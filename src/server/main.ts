/**
 * `npm start` / `npm run serve` entry point: reads the environment, opens the mailbox backend,
 * serves the built app, signaling and the mailbox on one origin, and shuts down cleanly on
 * SIGINT/SIGTERM.
 *
 * With `HTTPS=1` it serves https/wss with a self-signed certificate for this machine's addresses
 * (tls.ts), and prints the address(es) to open on a phone and the certificate's fingerprint.
 *
 * What must stay true: it prints the start line(s), configuration errors, limit events and
 * shutdown counts, and nothing else; never a payload, topic name, path or client address.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  configFromEnv,
  type EnvConfig,
  type HttpsConfig,
  httpsConfigFromEnv,
  type MailboxConfig,
  mailboxConfigFromEnv,
} from './config';
import { openBackend } from './mailbox/backend';
import { formatUrl, type ServerMailboxOptions, startServer } from './server';
import { lanAddresses, loadServerCertificate, type ServerCertificate } from './tls';

/** The mailbox part of the server options: the backend the configuration names, opened. */
async function mailboxOptions(config: MailboxConfig): Promise<false | ServerMailboxOptions> {
  if (config === false) return false;
  const { store, bus } = await openBackend({
    dataDir: config.dataDir,
    ...(config.redisUrl === undefined ? {} : { redisUrl: config.redisUrl }),
  });
  return { store, bus, limits: config.limits };
}

async function main(): Promise<void> {
  let config: EnvConfig | undefined;
  let mailboxConfig: MailboxConfig | undefined;
  let httpsConfig: HttpsConfig | undefined;
  const errors: string[] = [];
  try {
    config = configFromEnv(process.env);
  } catch (err) {
    errors.push((err as Error).message);
  }
  try {
    mailboxConfig = mailboxConfigFromEnv(process.env);
  } catch (err) {
    errors.push((err as Error).message);
  }
  try {
    httpsConfig = httpsConfigFromEnv(process.env);
  } catch (err) {
    errors.push((err as Error).message);
  }
  if (config === undefined || mailboxConfig === undefined || httpsConfig === undefined) {
    console.error(`Shopfloor: invalid configuration:\n${errors.join('\n')}`);
    process.exit(1);
  }

  const indexFile = join(resolve(config.root), 'index.html');
  if (!existsSync(indexFile)) {
    console.error(
      `Shopfloor: the app is not built (${indexFile} is missing). Run \`npm run build\` first, ` +
        'or `npm start` to build and serve. Serving signaling only until then.',
    );
  }

  let certificate: ServerCertificate | null = null;
  if (httpsConfig !== false) {
    try {
      certificate = loadServerCertificate(httpsConfig);
    } catch (err) {
      console.error(`Shopfloor: invalid configuration:\n${(err as Error).message}`);
      process.exit(1);
    }
  }

  const mailbox = await mailboxOptions(mailboxConfig);
  const server = await startServer({
    ...config,
    mailbox,
    log: (line) => console.log(line),
    ...(certificate ? { tls: { cert: certificate.cert, key: certificate.key } } : {}),
  });
  console.log(`Shopfloor running at ${server.url}${mailbox === false ? ' (mailbox off)' : ''}`);
  printReachability(config.host, server.port, certificate);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    const { connections } = server.signaling.stats();
    console.log(`Shopfloor: ${signal}, closing ${connections} signaling connection(s)`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The addresses a phone on the same network can open, and what to check about the certificate. */
function printReachability(host: string, port: number, certificate: ServerCertificate | null): void {
  const everywhere = host === '0.0.0.0' || host === '::';
  const lan = everywhere ? lanAddresses().filter((a) => host === '::' || !a.includes(':')) : [];
  if (certificate) {
    for (const address of lan) console.log(`  on this network: ${formatUrl(address, port, 'https')}`);
    console.log(`  certificate SHA-256 fingerprint: ${certificate.fingerprint}`);
    if (certificate.selfSigned) {
      console.log(
        `  self-signed (${certificate.created ? 'made now' : 'kept'} in ${certificate.certFile}): the phone warns once;` +
          ' check that the fingerprint it shows is this one before going on.',
      );
    }
  } else if (lan.length > 0) {
    // WebCrypto and service workers need a secure context: plain http works on this computer only.
    console.log(
      '  Phones on this network need HTTPS: start with HTTPS=1 (see "Open it on a phone" in README.md).',
    );
  }
}

main().catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'EADDRINUSE' ? 'the port is already in use (set PORT)' : String(err);
  console.error(`Shopfloor: could not start: ${why}`);
  process.exit(1);
});
