/**
 * The in-process {@link MailboxBus}: live fan-out when one server instance holds every socket.
 * Delivery is asynchronous (a microtask) so a publisher never runs subscriber code inside its own
 * call, and in publish order, which is seq order per mailbox because appends publish after they
 * are durable, in commit order.
 */
import type { MailboxBus, StoredEntry } from './store';

/** Creates an in-process bus. */
export function createMemoryBus(): MailboxBus {
  const subscribers = new Map<string, Set<(entry: StoredEntry) => void>>();
  let closed = false;
  return {
    publish: async (id, entry) => {
      if (closed) return;
      const subs = subscribers.get(id);
      if (!subs) return;
      for (const fn of [...subs]) {
        queueMicrotask(() => {
          if (subs.has(fn)) fn(entry);
        });
      }
    },
    subscribe: (id, fn) => {
      let subs = subscribers.get(id);
      if (!subs) {
        subs = new Set();
        subscribers.set(id, subs);
      }
      subs.add(fn);
      return () => {
        const set = subscribers.get(id);
        if (!set) return;
        set.delete(fn);
        if (set.size === 0) subscribers.delete(id);
      };
    },
    close: async () => {
      closed = true;
      subscribers.clear();
    },
  };
}
