/** A free loopback port, for the servers tests start (e2e and WebKit global setups, Redis). */
import { createServer } from 'node:net';

/**
 * A port nothing listens on at the moment of asking (the OS picks it). Another process may take it
 * before the caller binds it: callers that cannot bind port 0 themselves retry on failure.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
