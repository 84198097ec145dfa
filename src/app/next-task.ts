/**
 * The turn of the event loop that work cut into slices gives between slices (src/platform), for the
 * UI's sliced work, which imports only app, domain, pwa and roster.
 */
export { nextTask } from '../platform/next-task';
