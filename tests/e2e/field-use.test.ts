import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from './a11y';
import { firstRun, goto, unlock } from './app-model';
import { campaignPhoneForBlock } from './block-phone';
import { screenshot as fullShot, launchPhone, type Phone } from './browser';

const PASS = 'copper kettle river lantern';
const CAMPAIGN = 'Riverside DC night crew';
const ROSA = 'Rosa Díaz-Okafor';
const SECRET = 'Her cousin is a shift supervisor';

/** A full-page screenshot from the top (a sticky header would otherwise be drawn mid-page). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

/** Today and a later day as ISO dates, in the browser's own time zone. */
async function browserDates(page: Page): Promise<{ today: string; inThreeDays: string; tomorrow: string }> {
  return page.evaluate(() => {
    const iso = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const now = new Date();
    const later = (n: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + n);
    return { today: iso(now), tomorrow: iso(later(1)), inThreeDays: iso(later(3)) };
  });
}

/** Opens "More detail" on the log form unless it is already open (its state is remembered). */
async function openMoreDetail(page: Page, name = 'More detail'): Promise<void> {
  const toggle = page.getByRole('button', { name: new RegExp(name) });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.locator('#log-more').waitFor();
}

async function personIdOf(page: Page, name: string): Promise<string> {
  await goto(page, 'people');
  const href = await page.getByRole('link', { name: new RegExp(name) }).getAttribute('href');
  return decodeURIComponent((href ?? '').replace('#/people/', ''));
}

describe('field use', () => {
  const phone = campaignPhoneForBlock(PASS, CAMPAIGN);
  let rosaId = '';

  it('adds people from the list; the list filters as you type and by assessment', async () => {
    const { page } = phone;
    await goto(page, 'people');
    for (const name of [ROSA, 'Luis Ngata', 'Mei-Lin Árnason']) {
      await page.getByLabel('Quick add a coworker').fill(name);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('link', { name: new RegExp(name) }).waitFor();
    }
    await page.getByRole('searchbox', { name: 'Search by name or code name' }).fill('arnason');
    await page.getByRole('link', { name: /Mei-Lin/ }).waitFor();
    await expect(page.getByRole('link', { name: /Rosa/ }).count()).resolves.toBe(0);
    await page.getByRole('searchbox', { name: 'Search by name or code name' }).fill('');
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByLabel('Assessment').selectOption({ label: 'Not assessed' });
    await expect(page.getByTestId('people-count').textContent()).resolves.toContain('3 people');
    await page.getByLabel('Assessment').selectOption({ label: '1 · Active supporter' });
    await page.getByText('No one matches.').waitFor();
    await screenshot(page, 'field-01-people-filtered');
    await expectAccessible(page, 'people (filters open)');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('link', { name: new RegExp(ROSA) }).waitFor();
    rosaId = await personIdOf(page, ROSA);
    expect(rosaId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  });

  it('refuses bad input inline and loses nothing typed', async () => {
    const { page } = phone;
    await goto(page, 'home');
    await page.getByRole('link', { name: 'Log a conversation' }).first().click();
    await page.getByRole('heading', { name: 'Log a conversation', level: 1 }).waitFor();
    const long = 'x'.repeat(50_000);
    await openMoreDetail(page);
    await page.getByLabel('Note', { exact: true }).fill(long);
    await page.getByLabel('Date and time').fill('2099-01-01T10:00');
    await page.getByRole('button', { name: 'Save conversation' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing you typed was lost' }).waitFor();
    await page.getByText('Choose a coworker, or add a new one.').waitFor();
    await page.getByText('That time is in the future').waitFor();
    await page.getByText(/This is too long \(50,000 characters; the limit is 10,000\)/).waitFor();
    await expect(page.getByLabel('Note', { exact: true }).inputValue()).resolves.toHaveLength(50_000);
    await expect(page.getByLabel('Date and time').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'field-02-log-errors');
    await expectAccessible(page, 'log (with errors)');
    await page
      .getByRole('button', { name: 'Discard draft' })
      .waitFor({ timeout: 1 })
      .catch(() => {});
  });

  it('logs a conversation with every section, reached in one tap from a person', async () => {
    const { page } = phone;
    const { today } = await browserDates(page);
    await goto(page, `people/${rosaId}`);
    await page.getByRole('heading', { name: ROSA }).waitFor();
    await screenshot(page, 'field-03-person-new');
    await expectAccessible(page, 'person page');
    await page.getByRole('link', { name: 'Log a conversation' }).click();
    await page.getByRole('heading', { name: 'Log a conversation', level: 1 }).waitFor();
    // The earlier refused draft belongs to nobody yet, so it continues here: clear it first.
    if (await page.getByRole('button', { name: 'Discard draft' }).count()) {
      await page.getByRole('button', { name: 'Discard draft' }).click();
    }
    await expect(page.getByTestId('log-who').textContent()).resolves.toBe(ROSA);
    await page.getByRole('radio', { name: 'In person' }).check();
    await openMoreDetail(page);
    await page.getByLabel('Where (optional)').fill('Break room, dock 4');
    await page.getByLabel('New issue').fill('Forced overtime');
    await page.getByRole('button', { name: 'Add issue' }).click();
    await page.getByLabel('New issue').fill('Heat on the dock');
    await page.getByLabel('New issue').press('Enter');
    await page.getByLabel(/What’s at stake/).fill('Back pain after double shifts; wants time with her kids');
    await page.getByLabel('Vision').fill('A fair overtime rotation everyone can see');
    await page.getByLabel('Inoculation').fill('Expect a captive-audience meeting next week');
    await page.getByLabel('The ask', { exact: true }).fill('Come to Thursday’s committee meeting');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('About their answer').fill('Will bring Luis');
    await page.getByLabel('Note', { exact: true }).fill('Knows everyone on nights');
    await page.getByRole('radio', { name: /^2 · Supporter/ }).check();
    await page.getByLabel('What happens next').fill('Remind her about the meeting');
    await page.getByLabel('By when').fill(today);
    await screenshot(page, 'field-04-log-filled');
    await expectAccessible(page, 'log (filled)');
    await page.getByRole('button', { name: 'Save conversation' }).click();
    await page.getByText('Conversation saved.').waitFor();
    await screenshot(page, 'field-05-log-saved');
    await page.getByRole('link', { name: `Open ${ROSA}` }).click();
    await page.getByRole('heading', { name: ROSA }).waitFor();
    const entry = page.locator('.timeline > li').first();
    await expect(entry.locator('.timeline-title').textContent()).resolves.toBe(
      'In person: Knows everyone on nights',
    );
    for (const text of [
      'In person',
      'Break room, dock 4',
      'Issues: Forced overtime, Heat on the dock',
      'Back pain after double shifts',
      'A fair overtime rotation',
      'captive-audience meeting',
      'Thursday’s committee meeting',
      'Answer: Yes',
      'Will bring Luis',
      'Knows everyone on nights',
      'Assessment after: 2 · Supporter',
      'Next: Remind her about the meeting',
    ]) {
      await expect(entry.textContent()).resolves.toContain(text);
    }
    await expect(page.getByTestId('assessment-history').textContent()).resolves.toContain('– → 2 Supporter');
    await expect(page.getByTestId('assessment-history').textContent()).resolves.toContain('you');
  });

  it('changes an assessment: the history shows who, when, from → to, and the dashboard follows', async () => {
    const { page } = phone;
    await page.getByRole('radio', { name: /^3 · Undecided/ }).check();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved\.?$/ })
      .waitFor();
    const history = page.getByTestId('assessment-history').locator('li');
    await expect(history.first().textContent()).resolves.toContain('2 Supporter → 3 Undecided');
    await expect(history.count()).resolves.toBe(2);
    await expect(page.getByTestId('person-assessment').textContent()).resolves.toContain('3 · Undecided');
    // Edit the details; a status change saved meanwhile must not wipe what is being typed.
    await page.getByLabel('Code name').fill('Ro');
    await page.getByLabel('Job title').fill('Forklift operator');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByLabel('Number or address').fill('+1 555 0100');
    await page.getByLabel('Tags').fill('nights, dock 4');
    await page.getByRole('checkbox', { name: 'Signed a card' }).check();
    await page.getByLabel('Date signed').waitFor();
    await expect(page.getByLabel('Job title').inputValue()).resolves.toBe('Forklift operator');
    // Each field saves when it is left; the status speaks for the newest change only.
    await page.getByLabel('Shared note').fill('Respected by the night crew');
    await page.getByLabel('Shared note').press('Tab');
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved\.?$/ })
      .waitFor();
    await expect(page.getByTestId('person-phone').textContent()).resolves.toBe('+1 555 0100');
    await page.reload();
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    await unlock(page, PASS);
    await goto(page, `people/${rosaId}`);
    await page.getByRole('heading', { name: ROSA }).waitFor();
    await expect(page.getByLabel('Code name').inputValue()).resolves.toBe('Ro');
    await expect(page.getByLabel('Job title').inputValue()).resolves.toBe('Forklift operator');
    await expect(page.getByLabel('Number or address').inputValue()).resolves.toBe('+1 555 0100');
    await expect(page.getByLabel('Tags').inputValue()).resolves.toBe('nights, dock 4');
    await expect(page.getByLabel('Shared note').inputValue()).resolves.toBe('Respected by the night crew');
    await expect(page.getByRole('checkbox', { name: 'Signed a card' }).isChecked()).resolves.toBe(true);
    await screenshot(page, 'field-06-person-after');
    await expectAccessible(page, 'person page (rated)');

    await goto(page, 'home');
    await page.getByRole('heading', { name: CAMPAIGN }).waitFor();
    expect(await page.getByTestId('count-people').textContent()).toBe('3');
    expect(await page.getByTestId('count-assessed').textContent()).toBe('1');
    expect(await page.getByTestId('count-cards').textContent()).toBe('1');
    await expect(page.getByRole('row', { name: /3 · Undecided/ }).textContent()).resolves.toContain(
      '1 (33%)',
    );
    await expect(page.getByRole('row', { name: /2 · Supporter/ }).textContent()).resolves.toContain('0 (0%)');
    // No unit has an estimate and no size is set: the numbers say they are of the people known.
    await expect(page.getByTestId('cards-summary').textContent()).resolves.toContain(
      '1 card signed of 3 known (33%).',
    );
    // 3 people: 30% needs 1 (reached), majority needs 2, 65% needs 2.
    await expect(page.getByTestId('cards-thresholds').textContent()).resolves.toContain(
      'Majority: 2 cards of 3 known',
    );
    await expect(page.getByTestId('cards-thresholds').textContent()).resolves.toContain(
      '65%: 2 cards of 3 known',
    );
    await expect(page.locator('.timeline').first().textContent()).resolves.toContain(ROSA);
    await screenshot(page, 'field-07-dashboard');
    await expectAccessible(page, 'home dashboard');
  });

  it('a next step appears as a follow-up for today, and marking it done logs it', async () => {
    const { page } = phone;
    await expect(page.getByTestId('dash-followups').textContent()).resolves.toContain('1 today');
    await page.getByRole('link', { name: 'All follow-ups' }).click();
    await page.getByRole('heading', { name: 'Follow-ups', level: 1 }).waitFor();
    await expect(page.getByTestId('followups-today').textContent()).resolves.toContain(ROSA);
    await expect(page.getByTestId('followups-today').textContent()).resolves.toContain(
      'Remind her about the meeting',
    );
    await screenshot(page, 'field-08-followups');
    await expectAccessible(page, 'follow-ups');
    await page.getByRole('button', { name: `Mark done: ${ROSA}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Done — logged on ${ROSA}’s timeline.` })
      .waitFor();
    await page.getByText('Nothing due. Good work.').waitFor();
    await goto(page, `people/${rosaId}`);
    const entry = page.locator('.timeline > li').first();
    await expect(entry.textContent()).resolves.toContain('Follow-up done');
    await expect(entry.textContent()).resolves.toContain('Done: Remind her about the meeting');
  });

  it('a private conversation stays in the personal space only', async () => {
    const { page } = phone;
    await page.getByRole('link', { name: 'Log a conversation' }).click();
    await page.getByLabel('Note', { exact: true }).fill(SECRET);
    await page.getByRole('radio', { name: /Only me, on this phone/ }).check();
    await page.getByRole('button', { name: 'Save conversation' }).click();
    await page.getByText('Conversation saved on this phone only.').waitFor();
    await page.getByRole('link', { name: `Open ${ROSA}` }).click();
    await page.getByRole('heading', { name: ROSA }).waitFor();
    // Visibility is derived from the space each entry was read from (never stored), so an entry
    // marked private was read from the personal space, and none read from the campaign holds it.
    const withSecret = page.locator('.timeline > li', { hasText: SECRET });
    await expect(withSecret.count()).resolves.toBe(1);
    await expect(withSecret.getAttribute('data-visibility')).resolves.toBe('private');
    await expect(withSecret.textContent()).resolves.toContain('Private — only on this phone');
    await expect(
      page.locator('.timeline > li[data-visibility="shared"]', { hasText: SECRET }).count(),
    ).resolves.toBe(0);
    await page.getByLabel('Private note').fill('Prefers Signal after 6 pm');
    await page.getByRole('button', { name: 'Save private note' }).click();
    await page.getByRole('status').filter({ hasText: 'Private note saved on this phone.' }).waitFor();
    const note = page.locator('.timeline > li', { hasText: 'Prefers Signal' });
    await expect(note.getAttribute('data-visibility')).resolves.toBe('private');
    await screenshot(page, 'field-09-person-timeline');
  });

  it('keeps a draft through a reload and unlock', async () => {
    const { page } = phone;
    await goto(page, `log/${rosaId}`);
    await page.getByRole('heading', { name: 'Log a conversation', level: 1 }).waitFor();
    await openMoreDetail(page);
    await page.getByLabel('Vision').fill('Draft survives the reload');
    await page.getByLabel('The ask', { exact: true }).fill('Sign a card');
    await page.waitForTimeout(1200); // past the draft debounce and the write
    await page.reload();
    await page.getByRole('heading', { name: 'Unlock Shopfloor' }).waitFor();
    await unlock(page, PASS);
    // Unlocking lands on home, which offers the unsaved conversation in one tap.
    await page.getByRole('heading', { name: CAMPAIGN }).waitFor();
    await screenshot(page, 'field-10-home-with-draft');
    await page.getByRole('link', { name: 'Continue your unsaved conversation' }).click();
    await page.getByRole('heading', { name: 'Log a conversation', level: 1 }).waitFor();
    await page.getByText('Your unsaved conversation is back').waitFor();
    await expect(page.getByLabel('Vision').inputValue()).resolves.toBe('Draft survives the reload');
    await expect(page.getByLabel('The ask', { exact: true }).inputValue()).resolves.toBe('Sign a card');
    await expect(page.getByTestId('log-who').textContent()).resolves.toBe(ROSA);
    await screenshot(page, 'field-11-draft-restored');
    // Starting a conversation with someone else offers the unsaved one instead of overwriting it.
    const luisId = await personIdOf(page, 'Luis Ngata');
    await goto(page, `log/${luisId}`);
    await page.getByText(`You have an unsaved conversation with ${ROSA}.`).waitFor();
    await page.getByRole('link', { name: 'Continue it' }).click();
    await page.getByText('Your unsaved conversation is back').waitFor();
    await expect(page.getByLabel('Vision').inputValue()).resolves.toBe('Draft survives the reload');
    await expect(page.getByTestId('log-who').textContent()).resolves.toBe(ROSA);
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await expect(page.getByLabel('Vision').inputValue()).resolves.toBe('');
  });
});

describe('field use in Spanish', () => {
  let phone: Phone;
  const base = inject('baseUrl');

  beforeAll(async () => {
    phone = await launchPhone({ locale: 'es-ES' });
  });
  afterAll(async () => {
    await phone?.close();
  });

  it('shows every field-use screen in Spanish, accessibly', async () => {
    const { page } = phone;
    await page.goto(base);
    await firstRun(page, PASS, 'Almacén norte', 'es');
    await page.getByRole('link', { name: 'Registrar una conversación' }).waitFor();

    await goto(page, 'people');
    await page.getByLabel('Agregar rápido a un compañero').fill('Josefina Quispe');
    await page.getByRole('button', { name: 'Agregar', exact: true }).click();
    await page.getByRole('link', { name: /Josefina Quispe/ }).click();
    await page.getByRole('heading', { name: 'Josefina Quispe' }).waitFor();
    await page.getByText('Historial de evaluación').waitFor();
    await page.getByRole('radio', { name: /^2 · A favor/ }).check();
    await page.getByText('Guardado').waitFor();
    await screenshot(page, 'field-12-es-person');
    await expectAccessible(page, 'persona (es)');

    await page.getByRole('link', { name: 'Registrar una conversación' }).click();
    await page.getByRole('heading', { name: 'Registrar una conversación', level: 1 }).waitFor();
    await openMoreDetail(page, 'Más detalle');
    for (const label of ['Qué se juega', 'Visión', 'Inoculación', 'Nota', 'Para cuándo']) {
      await page.getByLabel(label, { exact: true }).waitFor();
    }
    await page.getByLabel('Nota', { exact: true }).fill('Habló de los turnos');
    await page.getByRole('button', { name: 'Guardar conversación' }).click();
    await page.getByText('Conversación guardada.').waitFor();
    await screenshot(page, 'field-13-es-log-saved');
    await expectAccessible(page, 'registrar (es)');

    await goto(page, 'home');
    await page.getByRole('heading', { name: 'Evaluaciones' }).waitFor();
    await page.getByRole('heading', { name: 'Conversaciones recientes' }).waitFor();
    await expect(page.getByTestId('cards-summary').textContent()).resolves.toContain(
      '0 tarjetas firmadas de 1 conocidas',
    );
    await expect(page.getByTestId('cards-thresholds').textContent()).resolves.toContain(
      '30%: 1 tarjetas de 1 conocidas',
    );
    await screenshot(page, 'field-14-es-dashboard');
    await expectAccessible(page, 'inicio (es)');

    await goto(page, 'followups');
    await page.getByRole('heading', { name: 'Seguimientos', level: 1 }).waitFor();
    await page.getByText('Nada pendiente. Buen trabajo.').waitFor();
    await expectAccessible(page, 'seguimientos (es)');
  });
});

describe('a long people list', () => {
  const phone = campaignPhoneForBlock(PASS, 'Big shop');

  it('is virtualized: only a screenful of rows is in the DOM, and scrolling reaches the last person', async () => {
    const { page } = phone;
    await goto(page, 'people');
    const total = 60;
    for (let i = 1; i <= total; i++) {
      await page.getByLabel('Quick add a coworker').fill(`Worker ${String(i).padStart(3, '0')}`);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForFunction(
        () => (document.getElementById('quick-add') as HTMLInputElement).value === '',
      );
    }
    await expect(page.getByTestId('people-count').textContent()).resolves.toContain(`${total} people`);
    const rows = page.locator('.vlist > li');
    const rendered = await rows.count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(total / 2);
    await expect(rows.first().getAttribute('aria-setsize')).resolves.toBe(String(total));
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.getByRole('link', { name: /Worker 060/ }).waitFor();
    await expect(page.getByRole('link', { name: /Worker 001/ }).count()).resolves.toBe(0);
    await page.getByRole('searchbox', { name: 'Search by name or code name' }).fill('worker 007');
    await page.getByRole('link', { name: /Worker 007/ }).waitFor();
    await expect(rows.count()).resolves.toBe(1);
    await page.getByRole('searchbox', { name: 'Search by name or code name' }).fill('');
    await screenshot(page, 'field-15-people-list');
    await expectAccessible(page, 'people (long list)');
  });
});
