/**
 * The foundation in WebKit (the engine of every iPhone browser): first run, people and a logged
 * conversation, reload and unlock, a wrong passphrase refused, and nothing readable in any
 * database, cache or web storage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, firstRun, openPhone, seesPerson, unlock, type WebKitPhone, webkitSkip } from './phone';
import { dumpStorage, secretForms } from './storage-dump';

const PASS = 'walnut meadow signal ferry';
const CAMPAIGN = 'Okapi Bottling Local 88';
const NAMES = ['Xiomara Quintanilla-Brzęczyszczykiewicz', 'Ngozi Okonkwo-Zeitgeist', 'Пётр Ёлкин'];

describe.skipIf(webkitSkip())('WebKit: foundation', () => {
  let phone: WebKitPhone;

  beforeAll(async () => {
    phone = await openPhone();
  });
  afterAll(async () => {
    await phone?.close();
  });

  it('first run → people → log a conversation → reload → unlock → still there', async () => {
    await phone.session.navigate(phone.base);
    await phone.shot('webkit-01-first-run');
    await firstRun(phone, PASS, CAMPAIGN);
    await phone.seesHeading(CAMPAIGN);
    for (const name of NAMES) await addPerson(phone, name);
    await phone.shot('webkit-02-people');

    await phone.route('log');
    await phone.fill('Coworker', 'Ngozi');
    await phone.press('Ngozi Okonkwo-Zeitgeist', { contains: true });
    await phone.fill('Note', 'Wants the break room fixed; talk again Friday');
    await phone.press('Save conversation');
    await phone.seesText('Conversation saved.');
    await phone.shot('webkit-03-logged');

    await phone.session.refresh();
    const t0 = Date.now();
    await unlock(phone, PASS);
    const unlockMs = Date.now() - t0;
    await phone.seesHeading(CAMPAIGN);
    for (const name of NAMES) await seesPerson(phone, name);
    console.info(`WebKit: unlock (type, press, home painted) took ${unlockMs} ms`);
  });

  it('refuses a wrong passphrase and changes nothing', async () => {
    await phone.session.refresh();
    await phone.seesHeading('Unlock Shopfloor');
    const before = (await dumpStorage(phone)).filter((d) => d.source.startsWith('idb:'));
    await phone.fill('Passphrase', `${PASS}!`);
    await phone.press('Unlock');
    await phone.waitFor('the wrong-passphrase alert', () =>
      Array.from(document.querySelectorAll('[role="alert"]')).some((a) =>
        (a.textContent ?? '').includes('not right'),
      ),
    );
    await phone.shot('webkit-04-wrong-passphrase');
    const after = (await dumpStorage(phone)).filter((d) => d.source.startsWith('idb:'));
    expect(after).toEqual(before);
    await unlock(phone, PASS);
  });

  it('stores nothing readable: no name, note, campaign or passphrase anywhere', async () => {
    const dump = await dumpStorage(phone);
    expect(dump.some((d) => d.source.startsWith('idb:shopfloor/updates'))).toBe(true);
    expect(dump.map((d) => d.text).join('').length).toBeGreaterThan(1000);
    const secrets = [...NAMES, CAMPAIGN, PASS, 'Quintanilla', 'Okonkwo', 'Ёлкин', 'break room'];
    for (const secret of secrets) {
      for (const form of secretForms(secret)) {
        const hit = dump.find((d) => d.text.includes(form));
        expect(hit?.source, `"${secret}" found in ${hit?.source}`).toBeUndefined();
      }
    }
  });
});
