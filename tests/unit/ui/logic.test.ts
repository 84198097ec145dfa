import { describe, expect, it } from 'vitest';
import { passphraseStrength } from '../../../src/app/strength';
import { rerunGuard } from '../../../src/sync/rerun-guard';
import { deviceLang, format } from '../../../src/ui/kit/i18n';
import { backupDue } from '../../../src/ui/shell/BackupReminder';
import { parseRoute } from '../../../src/ui/shell/router';

const DAY = 86_400_000;

describe('passphrase strength', () => {
  it('scores short and common passphrases 0, long multi-word ones high', () => {
    expect(passphraseStrength('short')).toBe(0);
    expect(passphraseStrength('password')).toBe(0);
    expect(passphraseStrength('aaaaaaaaaaaa')).toBeLessThanOrEqual(1);
    expect(passphraseStrength('Tr0ub4dor&3')).toBeGreaterThanOrEqual(2);
    expect(passphraseStrength('copper kettle river lantern')).toBeGreaterThanOrEqual(3);
  });
});

describe('backup reminder', () => {
  it('is due after 30 days without a backup, counting from setup when there never was one', () => {
    const now = 100 * DAY;
    expect(backupDue(now - 29 * DAY, undefined, now)).toBe(false);
    expect(backupDue(now - 31 * DAY, undefined, now)).toBe(true);
    expect(backupDue(undefined, now - 31 * DAY, now)).toBe(true);
    expect(backupDue(undefined, now - 2 * DAY, now)).toBe(false);
  });
});

describe('i18n and routing', () => {
  it('follows the device language, falling back to English', () => {
    expect(deviceLang(['es-MX', 'en'])).toBe('es');
    expect(deviceLang(['fr-FR', 'en-GB'])).toBe('en');
    expect(deviceLang(['de'])).toBe('en');
  });
  it('fills placeholders as text and leaves unknown ones', () => {
    expect(format('{n} personas y {x}', { n: 3 })).toBe('3 personas y {x}');
    expect(format('{n}', { n: '<b>' })).toBe('<b>');
  });
  it('parses hash routes with encoded params', () => {
    expect(parseRoute('#/people/abc%2Fd')).toEqual({ name: 'people', params: ['abc/d'] });
    expect(parseRoute('')).toEqual({ name: 'home', params: [] });
    expect(parseRoute('#/join/%E0%A4%A')).toEqual({ name: 'join', params: ['%E0%A4%A'] });
  });
});

describe('rerun guard (rotation watching)', () => {
  it('runs once at a time and reruns once for any triggers that came in meanwhile', async () => {
    const seen: number[] = [];
    let state = 0;
    let release: () => void = () => {};
    const trigger = rerunGuard(async () => {
      const at = state;
      await new Promise<void>((r) => {
        release = r;
      });
      seen.push(at);
      return false;
    });
    const first = trigger();
    state = 1; // a change arrives while the first check is busy...
    void trigger();
    state = 2; // ...and another one
    void trigger();
    release();
    await new Promise((r) => setTimeout(r, 0));
    release(); // the one rerun, which sees the latest state
    await first;
    expect(seen).toEqual([0, 2]);
  });

  it('stops for good once a run says it is done', async () => {
    let runs = 0;
    const trigger = rerunGuard(async () => {
      runs++;
      return true;
    });
    await trigger();
    await trigger();
    expect(runs).toBe(1);
  });
});
