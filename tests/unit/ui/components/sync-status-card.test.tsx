/**
 * The Sharing screen's status card before any sync session runs (no device name yet, locked, or
 * between two rooms): it must never say that changes left this phone — an organizer who reads
 * "reached another member" may close the app or wipe the phone while everything is only here.
 */
import { cleanup, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { setLangChoice } from '../../../../src/ui/kit/i18n';
import { SyncStatusCard } from '../../../../src/ui/sharing/SyncStatusCard';

afterEach(() => {
  cleanup();
  setLangChoice('en');
});

describe('the status card with no sync running', () => {
  it('says the latest changes are only on this phone, in English and Spanish', () => {
    // Just named: the session is still starting.
    render(() => <SyncStatusCard named={true} />);
    const latest = screen.getByTestId('latest');
    expect(latest.getAttribute('data-latest')).toBe('this-device');
    expect(latest.textContent).toContain('Your latest changes are only on this phone.');
    expect(latest.textContent).not.toContain('reached');
    expect(screen.getByTestId('unsent').getAttribute('data-unsent')).toBe('true');
    cleanup();
    setLangChoice('es');
    render(() => <SyncStatusCard named={true} />);
    expect(screen.getByTestId('latest').textContent).toContain(
      'Tus últimos cambios solo están en este teléfono.',
    );
  });
});
