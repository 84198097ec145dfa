import { afterAll, it } from 'vitest';
import { inject } from 'vitest';
import { firstRun, goto } from './app-model';
import { launchPhone, type Phone } from './browser';
const phones: Phone[] = [];
afterAll(async () => { for (const p of phones) await p.close(); });
it('dbg', async () => {
  const p = await launchPhone({ webrtc: true }); phones.push(p);
  const { page } = p;
  await page.goto(inject('baseUrl'));
  await firstRun(page, 'amber lathe orchard whistle', 'X');
  await goto(page, 'surveys');
  await page.getByRole('link', { name: 'New survey' }).click();
  await page.getByLabel('Title').fill('S');
  await page.getByRole('button', { name: '+ Single choice' }).click();
  await page.locator('#sq-text-0').fill('Q');
  await page.locator('#sq-opts-0').fill('A\nB');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('img', { name: 'QR code of the survey link' }).waitFor();
  const link = await page.getByTestId('survey-link').inputValue();
  const r = await launchPhone({ webrtc: true }); phones.push(r);
  await r.context.addInitScript(() => { (globalThis as any).__shopfloorSurveyDelayMs = 300; });
  const results: string[] = [];
  for (let i = 0; i < 10; i++) {
    const pg = await r.context.newPage();
    pg.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(i, 'console:', m.text()); });
    const t0 = Date.now();
    await pg.goto(link);
    await pg.getByRole('radio', { name: 'A' }).check();
    await pg.getByRole('button', { name: 'Send my answers' }).click();
    try {
      await pg.getByRole('heading', { name: 'Thank you — your answers arrived' }).waitFor({ timeout: 20000 });
      results.push(`ok ${Date.now() - t0}`);
    } catch {
      results.push(`FAIL state=${await pg.locator('.status').getAttribute('data-state').catch(() => '?')}`);
    }
    await pg.close();
  }
  console.log(results.join('\n'));
});
