export * from './db';
export * from './errors';
export * from './persistence';
export * from './row-cipher';
export * from './space-store';
export * from './spaces';
export * from './vault';
