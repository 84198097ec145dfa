/** What every mailbox socket shares: the backend, the limits, the staging area and the clock. */
import type { MailboxLimits } from './limits';
import type { Staging } from './staging';
import type { MailboxBus, MailboxStore, Quota } from './store';

/** Shared by the sockets of one attached mailbox server. */
export interface MailboxContext {
  readonly store: MailboxStore;
  readonly bus: MailboxBus;
  readonly limits: Readonly<MailboxLimits>;
  readonly quota: Quota;
  readonly staging: Staging;
  /** Operational log lines: counts only. */
  readonly log: (line: string) => void;
  /** Milliseconds since the epoch (a test may pass a fake clock). */
  readonly now: () => number;
}

/** A server → client message waiting to be sent. */
export interface Reply {
  header: { op: string; [key: string]: unknown };
  body?: Uint8Array;
  /** Close the socket with this code after sending. */
  close?: number;
  /** Runs after the reply is sent (e.g. starts the catch-up after `opened`). */
  after?: () => void;
}

/** WebSocket close codes used by the mailbox (RFC 6455 §7.4.1). */
export const MailboxClose = Object.freeze({
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  internalError: 1011,
});
