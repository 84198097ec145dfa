/** The quick "Log a conversation" form, rendered in a DOM and used as an organizer would. */
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { conversationsOf, getPerson, readDraft } from '../../../../src/domain';
import { LogConversation } from '../../../../src/ui/people/LogConversation';
import { peopleSession } from './people-fixture';

afterEach(cleanup);

const logged = (w: ReturnType<typeof peopleSession>, personId: string) =>
  conversationsOf({ campaign: w.campaignDoc, personal: w.personalDoc }, personId);

describe('LogConversation (quick log)', () => {
  it('refuses to save with nobody chosen: every problem marked, the who field says so, nothing written', async () => {
    const w = peopleSession(['Ana Ruiz']);
    render(() => <LogConversation session={w.session} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save conversation' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Check the highlighted fields/);
    expect(screen.getByText('Choose a coworker, or add a new one.')).toBeTruthy();
    expect(screen.getByLabelText('Coworker').getAttribute('aria-invalid')).toBe('true');
    expect(logged(w, w.ids[0] as string)).toHaveLength(0);
    expect(w.flushed.campaign).toBe(0);
  });

  it('logs from the person page in at most five taps, and confirms only once it is on disk', async () => {
    const w = peopleSession(['Ana Ruiz']);
    const ana = w.ids[0] as string;
    render(() => <LogConversation session={w.session} personId={ana} />);
    expect(screen.getByTestId('log-who').textContent).toBe('Ana Ruiz');
    const taps = [
      screen.getByRole('radio', { name: 'In person' }),
      screen.getByRole('radio', { name: 'Yes' }),
      screen.getByRole('radio', { name: /2 · Supporter/ }),
      screen.getByRole('button', { name: 'Save conversation' }),
    ];
    expect(taps.length).toBeLessThanOrEqual(5);
    for (const el of taps) fireEvent.click(el);
    expect(await screen.findByText('Conversation saved.')).toBeTruthy();
    const [entry] = logged(w, ana);
    expect(entry).toMatchObject({ channel: 'in-person', answer: 'yes' });
    const person = getPerson(w.campaignDoc, ana);
    expect(person.ok && person.value.assessment).toBe(2);
    expect(w.flushed.campaign).toBeGreaterThan(0);
    expect(w.flushed.personal).toBeGreaterThan(0);
    expect(readDraft(w.personalDoc, 'conversation')).toBeUndefined();
  });

  it('shows the domain refusal next to the field and keeps what was typed', async () => {
    const w = peopleSession(['Ana Ruiz']);
    const ana = w.ids[0] as string;
    render(() => <LogConversation session={w.session} personId={ana} />);
    const note = screen.getByLabelText('Note') as HTMLTextAreaElement;
    const tooLong = 'x'.repeat(10_001);
    fireEvent.input(note, { target: { value: tooLong } });
    fireEvent.click(screen.getByRole('button', { name: 'Save conversation' }));
    await waitFor(() => expect(note.getAttribute('aria-invalid')).toBe('true'));
    const error = document.getElementById('log-notes-error');
    expect(error?.textContent).toMatch(/10[,.]?001/);
    expect(note.value).toBe(tooLong);
    expect(logged(w, ana)).toHaveLength(0);
  });

  it('keeps typing as a draft, and a new visit to the same person continues it', async () => {
    const w = peopleSession(['Ana Ruiz']);
    const ana = w.ids[0] as string;
    const first = render(() => <LogConversation session={w.session} personId={ana} />);
    // Typed as on a phone: a keystroke at a time.
    for (const text of ['T', 'Ta', 'Talked about breaks'])
      fireEvent.input(screen.getByLabelText('Note'), { target: { value: text } });
    await waitFor(() => expect(readDraft(w.personalDoc, 'conversation')).toBeDefined(), { timeout: 2000 });
    first.unmount();
    render(() => <LogConversation session={w.session} personId={ana} />);
    expect((screen.getByLabelText('Note') as HTMLTextAreaElement).value).toBe('Talked about breaks');
    expect(screen.getByRole('button', { name: 'Discard draft' })).toBeTruthy();
  });
});
