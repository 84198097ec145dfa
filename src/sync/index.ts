/** Peer-to-peer sync of campaign spaces over y-webrtc: see docs/sync.md. */
export * from './awareness-filter';
export * from './delivery';
export * from './errors';
export * from './frame';
export * from './framed-sender';
export * from './invite';
export * from './members';
export * from './options';
export * from './origin';
export * from './protocol';
export * from './rekey';
export * from './room';
export * from './rotation';
export * from './session';
export * from './state-split';
export * from './validate-update';
