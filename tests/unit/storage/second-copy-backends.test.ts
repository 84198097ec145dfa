/**
 * Both second-copy backends against the contract (second-copy-contract.ts): the in-memory one the
 * unit tests use, and the Cache Storage one the browser uses, here over an in-memory `caches`.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { CacheStorageBackend, MemoryBackend } from '../../../src/storage';
import { FakeCacheStorage } from './fake-cache-storage';
import { runSecondCopyContract } from './second-copy-contract';

runSecondCopyContract('memory', () => new MemoryBackend());

beforeEach(() => {
  vi.stubGlobal('caches', new FakeCacheStorage());
  vi.stubGlobal('location', new URL('https://shopfloor.test/app/'));
});
afterEach(() => {
  vi.unstubAllGlobals();
});
runSecondCopyContract('Cache Storage', () => new CacheStorageBackend());
