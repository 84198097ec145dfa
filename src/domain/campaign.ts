/** The campaign itself: its `meta` map (name, creation, schema version). */
import type * as Y from 'yjs';
import { type CommandContext, commit, run, timestamp } from './context';
import { DomainError } from './errors';
import { isIsoTimestamp } from './formats';
import { LIMITS } from './limits';
import type { Result } from './result';
import { collection, META, SCHEMA_VERSION, schemaVersionOf } from './schema';
import { checkName } from './validate';

/** What a new campaign needs; `by` is optional only for the first write on a fresh device. */
export interface InitCampaignInput extends Partial<CommandContext> {
  name: string;
}

/** The parsed `meta` map. */
export interface CampaignMeta {
  readonly name?: string;
  readonly createdAt?: string;
  readonly createdBy?: string;
  /** 0 when absent, `null` when stored as something that is not a version number. */
  readonly schemaVersion: number | null;
  /** Present (`true`) when the committee chose direct-only delivery: no mailbox, phone to phone only. */
  readonly directOnly?: true;
}

/**
 * Sets up a new campaign space: schema version, name, creation time. Refused with
 * `already-initialized` on a doc that already has a campaign.
 * @example initCampaign(doc, { name: 'Warehouse 7', by: deviceId })
 */
export function initCampaign(doc: Y.Doc, input: InitCampaignInput): Result<void> {
  const ctx: CommandContext = { ...input, by: input.by ?? 'local' };
  return run(doc, ctx, () => {
    const name = checkName(input.name, LIMITS.campaignName);
    const meta = collection(doc, 'meta');
    if (meta.has(META.createdAt) || meta.has(META.name)) throw new DomainError('already-initialized');
    commit(doc, ctx, () => {
      meta.set(META.schemaVersion, SCHEMA_VERSION);
      meta.set(META.name, name);
      meta.set(META.createdAt, timestamp(ctx));
      if (input.by !== undefined) meta.set(META.createdBy, input.by);
    });
  });
}

/** Renames the campaign (no write when the name is unchanged). */
export function renameCampaign(doc: Y.Doc, name: string, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => {
    const clean = checkName(name, LIMITS.campaignName);
    const meta = collection(doc, 'meta');
    if (meta.get(META.name) !== clean) commit(doc, ctx, () => meta.set(META.name, clean));
  });
}

/**
 * Switches the campaign to direct-only delivery (no mailbox) or back; every member's device
 * follows once it has the change. No write when unchanged.
 */
export function setDirectOnly(doc: Y.Doc, directOnly: boolean, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => {
    const meta = collection(doc, 'meta');
    if ((meta.get(META.directOnly) === true) !== directOnly)
      commit(doc, ctx, () => meta.set(META.directOnly, directOnly));
  });
}

/** Reads `meta` defensively: any field of the wrong type or size reads as absent. */
export function readCampaignMeta(doc: Y.Doc): CampaignMeta {
  const meta = collection(doc, 'meta');
  const name = meta.get(META.name);
  const createdAt = meta.get(META.createdAt);
  const createdBy = meta.get(META.createdBy);
  const out: { -readonly [K in keyof CampaignMeta]: CampaignMeta[K] } = {
    schemaVersion: schemaVersionOf(doc),
  };
  // Only a stored `true` switches the mailbox off: anything else keeps the default (mailbox on).
  if (meta.get(META.directOnly) === true) out.directOnly = true;
  if (typeof name === 'string' && name.trim() && name.length <= LIMITS.campaignName) out.name = name;
  if (isIsoTimestamp(createdAt)) out.createdAt = createdAt;
  if (typeof createdBy === 'string' && createdBy && createdBy.length <= LIMITS.actor)
    out.createdBy = createdBy;
  return out;
}

/** The campaign's name, or `undefined` when unset or invalid. */
export function campaignName(doc: Y.Doc): string | undefined {
  return readCampaignMeta(doc).name;
}
