/**
 * `npm start` / `npm run serve` entry point: reads the environment, opens the mailbox backend,
 * serves the built app, signaling and the mailbox on one origin, and shuts down cleanly on
 * SIGINT/SIGTERM.
 *
 * What must stay true: it prints the start line, configuration errors, limit events and shutdown
 * counts, and nothing else; never a payload, topic name, path or client address.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configFromEnv, type EnvConfig, type MailboxConfig, mailboxConfigFromEnv } from './config';
import { openBackend } from './mailbox/backend';
import { type ServerMailboxOptions, startServer } from './server';

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
  if (config === undefined || mailboxConfig === undefined) {
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

  const mailbox = await mailboxOptions(mailboxConfig);
  const server = await startServer({ ...config, mailbox, log: (line) => console.log(line) });
  console.log(`Shopfloor running at ${server.url}${mailbox === false ? ' (mailbox off)' : ''}`);

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

main().catch((err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'EADDRINUSE' ? 'the port is already in use (set PORT)' : String(err);
  console.error(`Shopfloor: could not start: ${why}`);
  process.exit(1);
});
