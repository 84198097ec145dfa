export * from './aead';
export * from './bytes';
export * from './ecdh';
export * from './errors';
export * from './hkdf';
export * from './kdf';
export * from './master-key';
export * from './random';
