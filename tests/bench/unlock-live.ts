/**
 * How long until the campaign is open, not only painted: passphrase submit → home painted (the
 * stored view) and → the live home (the doc loaded, its preview gone), for several builds side by
 * side, alternating which goes first. A diagnostic for changes to the load path, not part of
 * `npm run bench`.
 *
 *   sh tests/e2e/isolated.sh node --import tsx tests/bench/unlock-live.ts [--people 8000]
 *     [--rounds 3] [--rate 4] <label>=<built app dir> [<label>=<dir> ...]
 */
import { startServer } from '../../src/server/server';
import { launchPhone, type Phone } from '../e2e/browser';
import { PASS_A, restoreTimed } from './mailbox-browser';
import { campaignBackup } from './mailbox-campaign';
import { median } from './report';
import { lockNow } from './unlock-page';

const LONG = 600_000;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const people = arg('people', 8000);
const rounds = arg('rounds', 3);
const rate = arg('rate', 4);
const builds = process.argv
  .slice(2)
  .filter((a) => a.includes('='))
  .map((a) => ({ label: a.split('=')[0]!, dir: a.slice(a.indexOf('=') + 1) }));

/** Arms timers on the lock screen: painted (every person counted) and live (no preview left). */
const ARM = `(() => {
  window.__live = new Promise((resolve) => {
    let t0 = 0;
    let painted = 0;
    const check = () => {
      const el = document.querySelector('[data-testid="count-people"]');
      if (!painted && el && Number(el.textContent.replace(/[^0-9]/g, '')) >= ${people}) painted = performance.now();
      if (painted && !document.querySelector('[data-testid="home-preview"]')) {
        resolve({ painted: painted - t0, live: performance.now() - t0 });
        return;
      }
      requestAnimationFrame(check);
    };
    document.addEventListener('submit', () => {
      t0 = performance.now();
      requestAnimationFrame(check);
    }, { capture: true, once: true });
  });
})()`;

async function unlockOnce(phone: Phone, base: string): Promise<{ painted: number; live: number }> {
  const { page } = phone;
  await page.goto(base);
  await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor({ timeout: LONG });
  const cdp = await phone.context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.evaluate(ARM);
  await page.getByLabel('Passphrase').fill(PASS_A);
  await page.getByRole('button', { name: 'Unlock' }).click();
  const r = (await page.evaluate('window.__live')) as { painted: number; live: number };
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return r;
}

const backup = await campaignBackup(people, Math.round(people * 3.75));
const running = await Promise.all(
  builds.map(async (b) => ({ ...b, server: await startServer({ port: 0, host: '127.0.0.1', root: b.dir }) })),
);
const phones: Phone[] = [];
try {
  for (const b of running) {
    const phone = await launchPhone();
    phones.push(phone);
    await restoreTimed(phone, b.server.url, backup, people);
    await lockNow(phone.page);
  }
  const results = running.map(() => ({ painted: [] as number[], live: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    const order = running.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const res = await unlockOnce(phones[i]!, running[i]!.server.url);
      results[i]!.painted.push(res.painted);
      results[i]!.live.push(res.live);
      console.log(
        `round ${r + 1} ${running[i]!.label}: painted ${res.painted.toFixed(0)} ms, live ${res.live.toFixed(0)} ms`,
      );
    }
  }
  for (const [i, b] of running.entries())
    console.log(
      `${b.label}: ${people} people, CPU ${rate}×, median painted ${median(results[i]!.painted).toFixed(0)} ms, live ${median(results[i]!.live).toFixed(0)} ms`,
    );
} finally {
  for (const p of phones) await p.close().catch(() => {});
  for (const b of running) await b.server.close();
}
