/**
 * The membership state a resolution builds (state.ts says what each op does to it). Every change
 * goes through its methods so a resolution can mark a point and roll back to it: resolve.ts walks
 * the DAG on one state instead of copying it per op, which keeps verifyLog near-linear.
 *
 * What must stay true: a method that changes anything records how to undo it; fields are changed
 * only through `set` or the methods (never directly) while a mark may be open.
 */
import type { Op, Role } from './ops';

/**
 * Admin seniority: the founder is `[]`; an admin made by admin X gets X's rank followed by
 * [depth, hash] of the granting op. Compared lexicographically, a prefix first: an admin is always
 * senior to every admin they made, so a granting op's chosen depth only orders the granter's own
 * appointees.
 */
export type Rank = readonly (readonly [number, string])[];

/** −1 when `a` is senior to `b`. */
export function compareRank(a: Rank, b: Rank): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [da, ha] = a[i] as readonly [number, string];
    const [db, hb] = b[i] as readonly [number, string];
    if (da !== db) return da - db;
    if (ha !== hb) return ha < hb ? -1 : 1;
  }
  return a.length - b.length;
}

/** An op as the resolver sees it. */
export interface OpNode {
  index: number;
  hash: string;
  op: Op;
  /** Longest path from the genesis (genesis = 0). */
  depth: number;
  /** Device id of the author key. */
  authorId: string;
  /** For add-device: device id of the added key. */
  addedId?: string;
  /** For joins: hashes of invite ops under whose key the proof verifies. */
  proofOkFor?: ReadonlySet<string>;
}

export interface PersonState {
  id: string;
  name: string;
  role: Role;
  rank: Rank | null;
  devices: string[];
}
export interface DeviceState {
  id: string;
  personId: string;
  name: string;
  publicKey: Uint8Array;
  ecdhPublicKey: Uint8Array;
}
export interface InviteState {
  id: string;
  opHash: string;
  by: string;
  at: number;
  role: Role;
  expiresAt: number;
  singleUse: boolean;
  /** Rank an admin who joins with it gets. */
  rank: Rank | null;
  used: number;
  revoked: boolean;
}
export interface RotationState {
  epoch: number;
  keyId: string;
  recipients: string[];
  opHash: string;
  by: string;
  rank: Rank;
}
export interface RemovalState {
  personId: string;
  name: string;
  by: string;
  opHash: string;
}

/**
 * What the log says at some point. Every change goes through the methods below, so a resolution
 * can `mark` a point and `rollback` to it (resolve.ts walks the DAG on one state instead of
 * copying it per op); without a mark nothing is recorded.
 */
export class MembershipState {
  campaignId = '';
  readonly persons = new Map<string, PersonState>();
  readonly devices = new Map<string, DeviceState>();
  /** Every device id ever admitted (a removed device never comes back under any person). */
  readonly known = new Set<string>();
  readonly invites = new Map<string, InviteState>();
  /** Invite ids by the person who issued them. */
  private readonly invitesBy = new Map<string, string[]>();
  readonly rotations: RotationState[] = [];
  readonly removals: RemovalState[] = [];
  maxEpoch = -1;
  /** Latest claimed time of an admin op (joins may not claim an earlier time). */
  latestAdminAt = 0;
  private adminCount = 0;
  private undo: (() => void)[] | null = null;

  /** Person of an author device, if it is a current member's. */
  personOf(deviceId: string): PersonState | undefined {
    const d = this.devices.get(deviceId);
    return d ? this.persons.get(d.personId) : undefined;
  }

  admins(): number {
    return this.adminCount;
  }

  /** Every current device id, sorted. */
  deviceIds(): string[] {
    return [...this.devices.keys()].sort();
  }

  /** Starts recording changes (if not yet) and returns the point to roll back to. */
  mark(): number {
    this.undo ??= [];
    return this.undo.length;
  }

  /** Undoes every change made since `mark` returned `point`. */
  rollback(point: number): void {
    const undo = this.undo ?? [];
    while (undo.length > point) (undo.pop() as () => void)();
  }

  private record(fn: () => void): void {
    this.undo?.push(fn);
  }

  /** Sets a field of the state or of one of its records, recording how to undo it. */
  set<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
    const before = target[key];
    target[key] = value;
    this.record(() => {
      target[key] = before;
    });
  }

  setRole(person: PersonState, role: Role, rank: Rank | null): void {
    const delta = (role === 'admin' ? 1 : 0) - (person.role === 'admin' ? 1 : 0);
    this.set(person, 'role', role);
    this.set(person, 'rank', rank);
    this.adjustAdmins(delta);
  }

  private adjustAdmins(delta: number): void {
    if (delta === 0) return;
    this.adminCount += delta;
    this.record(() => {
      this.adminCount -= delta;
    });
  }

  putPerson(person: PersonState): void {
    this.persons.set(person.id, person);
    this.adjustAdmins(person.role === 'admin' ? 1 : 0);
    this.record(() => this.persons.delete(person.id));
  }

  deletePerson(person: PersonState): void {
    this.persons.delete(person.id);
    this.adjustAdmins(person.role === 'admin' ? -1 : 0);
    this.record(() => this.persons.set(person.id, person));
  }

  admitDevice(person: PersonState, device: DeviceState): void {
    this.devices.set(device.id, device);
    const wasKnown = this.known.has(device.id);
    this.known.add(device.id);
    this.set(person, 'devices', [...person.devices, device.id].sort());
    this.record(() => {
      this.devices.delete(device.id);
      if (!wasKnown) this.known.delete(device.id);
    });
  }

  deleteDevice(id: string): void {
    const d = this.devices.get(id);
    if (!d) return;
    this.devices.delete(id);
    this.record(() => this.devices.set(id, d));
  }

  putInvite(invite: InviteState): void {
    this.invites.set(invite.id, invite);
    const by = this.invitesBy.get(invite.by) ?? [];
    by.push(invite.id);
    this.invitesBy.set(invite.by, by);
    this.record(() => {
      this.invites.delete(invite.id);
      by.pop();
    });
  }

  /** Invites `personId` issued. */
  invitesIssuedBy(personId: string): InviteState[] {
    return (this.invitesBy.get(personId) ?? []).flatMap((id) => this.invites.get(id) ?? []);
  }

  pushRotation(r: RotationState): void {
    this.rotations.push(r);
    this.record(() => this.rotations.pop());
  }

  pushRemoval(r: RemovalState): void {
    this.removals.push(r);
    this.record(() => this.removals.pop());
  }
}
