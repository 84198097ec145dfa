/** Sync of campaign spaces: direct over y-webrtc and through the blind mailbox (docs/sync.md, docs/mailbox.md). */

export * from './delivery';
export * from './errors';
export { campaignMailboxRoot, deriveMailboxKeys, type MailboxKeys } from './mailbox/keys';
export type { MailboxLinkOptions, MailboxView } from './mailbox/link-types';
export { retireMailbox } from './mailbox/retire';
export * from './members/devices';
export * from './members/invite';
export * from './members/rekey';
export * from './members/rotation';
export * from './options';
export * from './room';
export * from './session';
export * from './wire/awareness-filter';
export * from './wire/frame';
export * from './wire/framed-sender';
export * from './wire/origin';
export * from './wire/protocol';
export * from './wire/state-split';
export * from './wire/validate-update';
