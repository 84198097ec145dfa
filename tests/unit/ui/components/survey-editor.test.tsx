/** The survey editor's question list, used as an organizer would: add questions, remove one. */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Session } from '../../../../src/app/session';
import { SurveyEditor } from '../../../../src/ui/surveys/SurveyEditor';

afterEach(cleanup);

function session(): Session {
  return { campaign: { doc: new Y.Doc(), flush: async () => {} }, deviceId: 'device1' } as unknown as Session;
}

const questions = () => screen.queryAllByRole('group', { name: /^Question \d+$/ });

describe('SurveyEditor', () => {
  it('adds a question of the kind chosen, and removes the one asked for', () => {
    render(() => <SurveyEditor session={session()} survey={null} />);
    expect(screen.getByText('No questions yet. Add one below.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '+ Single choice' }));
    fireEvent.click(screen.getByRole('button', { name: '+ Free text' }));
    expect(questions()).toHaveLength(2);
    expect((document.getElementById('sq-kind-1') as HTMLSelectElement).value).toBe('text');
    expect(screen.queryByText('No questions yet. Add one below.')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Remove Question 1' }));
    expect(questions()).toHaveLength(1);
    expect((document.getElementById('sq-kind-0') as HTMLSelectElement).value).toBe('text');
  });
});
