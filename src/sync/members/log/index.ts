/** Device signing identities and the signed membership log (docs/membership.md). */
export * from './errors';
export * from './identity';
export * from './log';
export * from './ops';
export * from './proofs';
export {
  compareRank,
  MAX_DEVICES_PER_PERSON,
  type Rank,
  type RemovalState,
  type RotationState,
} from './state';
export * from './verify';
