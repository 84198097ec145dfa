/**
 * The signaling server for sync tests, in its own process inside the test's network namespace.
 * `kind: 'shopfloor'` runs src/server's `startServer` and records every frame it receives
 * (`onFrame`); the stock y-webrtc server is started by the harness directly.
 */
import { startServer } from '../../src/server/server';

const frames: string[] = [];
const send = (m: unknown) => process.send?.(m);

const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  root: 'dist',
  onFrame: (raw) => frames.push(raw),
});

process.on('message', async (m: { id: number; cmd: string }) => {
  if (m.cmd === 'frames') send({ id: m.id, ok: true, result: frames });
  else if (m.cmd === 'close') {
    await server.close();
    send({ id: m.id, ok: true, result: null });
  } else send({ id: m.id, ok: false, error: `unknown command ${m.cmd}` });
});
process.on('disconnect', () => {
  void server.close().then(() => process.exit(0));
});
send({ event: 'ready', port: server.port });
