/**
 * Reads the server configuration from environment variables (documented in docs/deploy.md).
 *
 * What must stay true: pure (no I/O, no logging); invalid values are rejected with a message
 * naming the variable, never silently replaced by a default.
 */
import type { MailboxLimits } from './mailbox/limits';
import type { ServerOptions } from './server';
import type { SignalingLimits } from './signaling';
import { isValidSignalingOrigin } from './static';

/** Environment variable → signaling limit it sets. */
export const LIMIT_ENV: Readonly<Record<string, keyof SignalingLimits>> = Object.freeze({
  SHOPFLOOR_MAX_MESSAGE_BYTES: 'maxMessageBytes',
  SHOPFLOOR_MAX_TOPICS_PER_CONNECTION: 'maxTopicsPerConnection',
  SHOPFLOOR_MAX_TOPIC_LENGTH: 'maxTopicLength',
  SHOPFLOOR_MESSAGES_PER_SECOND: 'messagesPerSecond',
  SHOPFLOOR_MESSAGE_BURST: 'messageBurst',
  SHOPFLOOR_MAX_CONNECTIONS: 'maxConnections',
  SHOPFLOOR_MAX_CONNECTIONS_PER_ADDRESS: 'maxConnectionsPerAddress',
  SHOPFLOOR_FANOUT_BYTES_PER_SECOND: 'fanoutBytesPerSecond',
  SHOPFLOOR_FANOUT_BURST_BYTES: 'fanoutBurstBytes',
  SHOPFLOOR_MAX_BUFFERED_BYTES: 'maxBufferedBytes',
  SHOPFLOOR_PING_INTERVAL_MS: 'pingIntervalMs',
});

/** Environment variable → mailbox limit it sets (docs/deploy.md). */
export const MAILBOX_LIMIT_ENV: Readonly<Record<string, keyof MailboxLimits>> = Object.freeze({
  SHOPFLOOR_MAILBOX_MAX_ENTRY_BYTES: 'maxEntryBytes',
  SHOPFLOOR_MAILBOX_MAX_BLOB_BYTES: 'maxBlobBytes',
  SHOPFLOOR_MAILBOX_MAX_BYTES: 'maxMailboxBytes',
  SHOPFLOOR_MAILBOX_MAX_ENTRIES: 'maxMailboxEntries',
  SHOPFLOOR_MAILBOX_STAGING_BYTES: 'maxStagingBytes',
  SHOPFLOOR_MAILBOX_IDLE_DAYS: 'idleRetentionDays',
  SHOPFLOOR_MAILBOX_RETIRED_DAYS: 'retiredRetentionDays',
  SHOPFLOOR_MAILBOX_MESSAGES_PER_SECOND: 'messagesPerSecond',
  SHOPFLOOR_MAILBOX_MESSAGE_BURST: 'messageBurst',
  SHOPFLOOR_MAILBOX_MAX_CONNECTIONS_PER_ADDRESS: 'maxConnectionsPerAddress',
  SHOPFLOOR_MAILBOX_MAX_CONNECTIONS: 'maxConnections',
  SHOPFLOOR_MAILBOX_SEND_BUFFER_BYTES: 'sendBufferBytes',
  SHOPFLOOR_MAILBOX_MAX_BUFFERED_BYTES: 'maxBufferedBytes',
  SHOPFLOOR_MAILBOX_PING_INTERVAL_MS: 'pingIntervalMs',
  SHOPFLOOR_MAILBOX_SWEEP_INTERVAL_MS: 'sweepIntervalMs',
});

/** Server options as read from the environment; `port`, `host` and `root` are always set. */
export type EnvConfig = Omit<ServerOptions, 'mailbox'> & { port: number; host: string; root: string };

/**
 * Parses `PORT`, `HOST`, `SHOPFLOOR_DIST`, `SHOPFLOOR_SIGNALING_ORIGINS` and the `SHOPFLOOR_*`
 * limits in {@link LIMIT_ENV}. Unset or empty variables keep their defaults. The mailbox's
 * variables are read by {@link mailboxConfigFromEnv}.
 *
 * @param env - Usually `process.env`.
 * @returns Options for `startServer`.
 * @throws Error listing every invalid variable.
 */
export function configFromEnv(env: Record<string, string | undefined>): EnvConfig {
  const errors: string[] = [];
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const config: EnvConfig = { port: 8787, host: '127.0.0.1', root: 'dist' };

  const port = get('PORT');
  if (port !== undefined) {
    const n = Number(port);
    if (/^\d+$/.test(port) && n <= 65535) config.port = n;
    else errors.push(`PORT must be an integer from 0 to 65535 (got "${port}")`);
  }
  config.host = get('HOST') ?? config.host;
  config.root = get('SHOPFLOOR_DIST') ?? config.root;

  for (const [name, key] of Object.entries(LIMIT_ENV)) {
    const raw = get(name);
    if (raw === undefined) continue;
    const n = Number(raw);
    if (/^\d+(\.\d+)?$/.test(raw) && n > 0 && Number.isFinite(n)) config[key] = n;
    else errors.push(`${name} must be a positive number (got "${raw}")`);
  }

  const origins = get('SHOPFLOOR_SIGNALING_ORIGINS');
  if (origins !== undefined) {
    const list = origins.split(/[\s,]+/).filter((o) => o !== '');
    const bad = list.filter((o) => !isValidSignalingOrigin(o));
    if (bad.length > 0) {
      errors.push(
        `SHOPFLOOR_SIGNALING_ORIGINS must list ws://, wss://, http:// or https:// origins (bad: ${bad.join(' ')})`,
      );
    } else {
      config.signalingOrigins = list;
    }
  }

  if (errors.length > 0) throw new Error(errors.join('\n'));
  return config;
}

/** The mailbox as configured: off, or on with a data directory and limits. */
export type MailboxConfig = false | { dataDir: string; limits: Partial<MailboxLimits>; redisUrl?: string };

/**
 * Parses `SHOPFLOOR_MAILBOX` (`on`, the default, or `off`), `SHOPFLOOR_DATA_DIR` (default
 * `./data`), `SHOPFLOOR_REDIS_URL` (several instances share mailboxes in that Redis) and the
 * mailbox limits in {@link MAILBOX_LIMIT_ENV}. main.ts opens the backend from it.
 *
 * @param env - Usually `process.env`.
 * @throws Error listing every invalid variable.
 */
export function mailboxConfigFromEnv(env: Record<string, string | undefined>): MailboxConfig {
  const errors: string[] = [];
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const mailboxSwitch = get('SHOPFLOOR_MAILBOX')?.toLowerCase();
  if (mailboxSwitch !== undefined && mailboxSwitch !== 'on' && mailboxSwitch !== 'off') {
    errors.push(`SHOPFLOOR_MAILBOX must be "on" or "off" (got "${mailboxSwitch}")`);
  }
  const mailboxLimits: Partial<MailboxLimits> = {};
  for (const [name, key] of Object.entries(MAILBOX_LIMIT_ENV)) {
    const raw = get(name);
    if (raw === undefined) continue;
    const n = Number(raw);
    if (/^\d+(\.\d+)?$/.test(raw) && n > 0 && Number.isFinite(n)) mailboxLimits[key] = n;
    else errors.push(`${name} must be a positive number (got "${raw}")`);
  }
  const redisUrl = get('SHOPFLOOR_REDIS_URL');
  // Never echo the value: a Redis URL may carry a password.
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    errors.push('SHOPFLOOR_REDIS_URL must be a redis:// or rediss:// URL');
  }
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return mailboxSwitch === 'off'
    ? false
    : {
        dataDir: get('SHOPFLOOR_DATA_DIR') ?? './data',
        limits: mailboxLimits,
        ...(redisUrl === undefined ? {} : { redisUrl }),
      };
}

/** HTTPS as configured: off, a self-signed certificate kept in the data directory, or files. */
export type HttpsConfig =
  | false
  | { mode: 'self-signed'; dataDir: string }
  | { mode: 'files'; certFile: string; keyFile: string };

/**
 * Parses `HTTPS` (`1`/`on`/`true` or `0`/`off`/`false`, default off), `HTTPS_CERT` and `HTTPS_KEY`
 * (PEM files; both or neither; giving them turns HTTPS on) and `SHOPFLOOR_DATA_DIR` (where the
 * self-signed certificate is kept, default `./data`). tls.ts loads or makes the certificate.
 *
 * @param env - Usually `process.env`.
 * @throws Error listing every invalid variable.
 */
export function httpsConfigFromEnv(env: Record<string, string | undefined>): HttpsConfig {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const errors: string[] = [];
  const raw = get('HTTPS')?.toLowerCase();
  let on: boolean | undefined;
  if (raw !== undefined) {
    if (['1', 'on', 'true', 'yes'].includes(raw)) on = true;
    else if (['0', 'off', 'false', 'no'].includes(raw)) on = false;
    else errors.push(`HTTPS must be 1 or 0 (got "${raw}")`);
  }
  const certFile = get('HTTPS_CERT');
  const keyFile = get('HTTPS_KEY');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    errors.push('HTTPS_CERT and HTTPS_KEY go together: set both, or neither for a self-signed certificate');
  }
  if (on === false && certFile !== undefined)
    errors.push('HTTPS_CERT and HTTPS_KEY are set but HTTPS is off');
  if (errors.length > 0) throw new Error(errors.join('\n'));
  if (certFile !== undefined && keyFile !== undefined) return { mode: 'files', certFile, keyFile };
  return on === true ? { mode: 'self-signed', dataDir: get('SHOPFLOOR_DATA_DIR') ?? './data' } : false;
}
