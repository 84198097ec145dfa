/** The quick log's draft autosave: a single change, with nothing typed after it, is kept. */
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { readDraft } from '../../../../src/domain';
import { LogConversation } from '../../../../src/ui/people/LogConversation';
import { peopleSession } from './people-fixture';

afterEach(cleanup);

describe('LogConversation draft autosave', () => {
  it('keeps one lone change as a draft, with no second change to carry it', async () => {
    const w = peopleSession(['Ana Ruiz']);
    render(() => <LogConversation session={w.session} personId={w.ids[0] as string} />);
    fireEvent.input(screen.getByLabelText('Note'), { target: { value: 'Talked about breaks' } });
    await waitFor(
      () => expect(readDraft(w.personalDoc, 'conversation')?.fields.notes).toBe('Talked about breaks'),
      {
        timeout: 3000,
      },
    );
  });

  it('keeps one lone tap (a choice, not text) as a draft', async () => {
    const w = peopleSession(['Ana Ruiz']);
    render(() => <LogConversation session={w.session} personId={w.ids[0] as string} />);
    fireEvent.click(screen.getByRole('radio', { name: 'In person' }));
    await waitFor(() => expect(readDraft(w.personalDoc, 'conversation')?.fields.channel).toBe('in-person'), {
      timeout: 3000,
    });
  });
});
