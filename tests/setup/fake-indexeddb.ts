// Unit tests run in Node: give Dexie an in-memory IndexedDB.
import 'fake-indexeddb/auto';
