/**
 * A small run of the mailbox load test (tests/load/mailbox-load.ts): 50 mailboxes × 5 sockets on
 * loopback, the server in its own process: every entry must reach every reader of its mailbox, in
 * order, with no error; the server's memory stays bounded and its heap comes back down once the
 * sockets are closed, and so does the clients' process's. The full 1,000 × 5 run is the script's
 * and `npm run bench`'s (figures in their reports).
 */
import { describe, expect, it } from 'vitest';
import { runMailboxLoad } from '../load/mailbox-load';

describe('mailbox under load (small)', () => {
  it('delivers every entry to every reader of 50 mailboxes × 5 sockets, with bounded memory', async () => {
    const report = await runMailboxLoad({
      mailboxes: 50,
      clientsPerMailbox: 5,
      appendsPerMailbox: 10,
      appendSeconds: 3,
      maxSeconds: 100,
      serverProcess: true,
    });
    expect(report.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.appends).toBe(500);
    expect(report.deliveries).toBe(report.deliveriesExpected);
    expect(report.deliveriesExpected).toBe(1500);
    expect(report.complete).toBe(true);
    // Generous: the run holds a few MB of entries at most; a leak of sockets or feeds shows up as
    // tens of MB that stay after close (no forced GC under vitest, hence the margin).
    expect(report.memory.afterClose.heapMB - report.memory.before.heapMB).toBeLessThan(100);
    expect(report.memory.peak.heapMB).toBeLessThan(report.memory.before.heapMB + 300);
    // The server alone (forced GC there): 250 sockets and 500 small entries are a few MB.
    const server = report.serverMemory;
    expect(server).not.toBeNull();
    if (!server) return;
    expect(server.peakRssMB).toBeLessThan(server.before.rssMB + 200);
    expect(server.afterClients.heapMB - server.before.heapMB).toBeLessThan(30);
  }, 120_000);
});
