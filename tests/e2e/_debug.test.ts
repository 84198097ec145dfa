import { describe, inject, it } from 'vitest';
import { firstRun, goto } from './app-model';
import { launchPhone } from './browser';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><svg onload=alert(2)>',
  '<img src=x onerror=alert(3)>',
  '{{constructor.constructor("alert(4)")()}}',
  'Ana',
  'Bea',
  'Cy',
  'Dee',
];
describe('debug', () => {
  it('adds', async () => {
    const phone = await launchPhone();
    const { page } = phone;
    page.on('console', (m) => console.log('console', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.goto(inject('baseUrl'));
    await firstRun(page, 'hostile input passphrase', 'Camp');
    await goto(page, 'people');
    for (const p of PAYLOADS) {
      await page.getByLabel('Quick add a coworker').fill(p);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForTimeout(500);
      const names = await page.$$eval('a[href^="#/people/"] .person-name', (s) =>
        s.map((x) => x.textContent),
      );
      const val = await page.getByLabel('Quick add a coworker').inputValue();
      console.log('after', JSON.stringify(p), 'input=', JSON.stringify(val), 'list=', JSON.stringify(names));
    }
    await page.screenshot({ path: 'test-results/screenshots/_debug.png' });
    await phone.close();
  });
});
