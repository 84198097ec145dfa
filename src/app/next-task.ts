/**
 * The turn of the event loop that work cut into slices gives between slices: `scheduler.yield`,
 * else a `MessageChannel` message (not `setTimeout`: nested timeouts are clamped to 4 ms). The one
 * unlock's load slices with (storage), for the UI's sliced work, which may not import storage.
 */
import { yieldToEventLoop } from '../storage/space-store-load';

/** Gives the event loop a turn (input, paint, timers). */
export const nextTask: () => Promise<void> = yieldToEventLoop;
