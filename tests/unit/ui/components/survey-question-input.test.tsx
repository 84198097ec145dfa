/**
 * The survey question input shared by the respondent page and pass-the-phone mode, answered as a
 * coworker would: one of each kind, and a required question left empty.
 */
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAnswers, type PublicSurvey, type SurveyQuestion } from '../../../../src/domain';
import { LOOK } from '../../../../src/respond/Form';
import { QuestionInput, type QuestionWord } from '../../../../src/ui/kit/QuestionInput';
import { AnswerForm } from '../../../../src/ui/surveys/AnswerForm';

afterEach(cleanup);

const words = (word: QuestionWord, n?: number) => (word === 'rank' ? `rank ${n}` : word);

function question(kind: SurveyQuestion['kind'], options: string[] = []): SurveyQuestion {
  return { id: `q${kind}`, kind, text: `Question ${kind}`, options, required: true };
}

/** Renders one question with its answer in a signal; returns a reader of the answer. */
function answer(q: SurveyQuestion, problem?: string) {
  const [value, setValue] = createSignal<unknown>();
  render(() => (
    <QuestionInput
      question={q}
      n={1}
      value={value()}
      onChange={setValue}
      problem={problem}
      words={words}
      look={LOOK}
    />
  ));
  return value;
}

describe('QuestionInput', () => {
  it('choose one: the option picked is the answer, and picking another replaces it', () => {
    const value = answer(question('single', ['Pay', 'Safety']));
    fireEvent.click(screen.getByLabelText('Pay'));
    expect(value()).toBe(0);
    fireEvent.click(screen.getByLabelText('Safety'));
    expect(value()).toBe(1);
    expect((screen.getByLabelText('Safety') as HTMLInputElement).type).toBe('radio');
  });

  it('choose any: each ticked option is in the answer, unticking takes it out', () => {
    const value = answer(question('multiple', ['Pay', 'Safety', 'Hours']));
    fireEvent.click(screen.getByLabelText('Hours'));
    fireEvent.click(screen.getByLabelText('Pay'));
    expect(value()).toEqual([2, 0]);
    fireEvent.click(screen.getByLabelText('Hours'));
    expect(value()).toEqual([0]);
  });

  it('scale: one of five points', () => {
    const value = answer(question('scale'));
    expect(screen.getAllByRole('radio')).toHaveLength(5);
    fireEvent.click(screen.getByLabelText('4'));
    expect(value()).toBe(4);
  });

  it('ranking: options in the order tapped, tapping again changes nothing, and it can start over', () => {
    const value = answer(question('ranking', ['Pay', 'Safety', 'Hours']));
    fireEvent.click(screen.getByRole('button', { name: /Safety/ }));
    fireEvent.click(screen.getByRole('button', { name: /Pay/ }));
    fireEvent.click(screen.getByRole('button', { name: /Safety/ }));
    expect(value()).toEqual([1, 0]);
    expect(screen.getByRole('button', { name: /Safety/ }).textContent).toContain('rank 1');
    fireEvent.click(screen.getByRole('button', { name: 'rankAgain' }));
    expect(value()).toEqual([]);
  });

  it('free text: what is typed is the answer, under a warning', () => {
    const value = answer(question('text'));
    fireEvent.input(screen.getByLabelText('Question text'), { target: { value: 'More breaks' } });
    expect(value()).toBe('More breaks');
    const group = screen.getByRole('group');
    expect(group.getAttribute('aria-describedby')).toBe('warn-qtext');
    expect(document.getElementById('warn-qtext')?.textContent).toBe('text');
  });

  it('a problem is shown under the question and described by it', () => {
    answer(question('single', ['Pay']), 'Needs an answer');
    const group = screen.getByRole('group');
    expect(screen.getByText('Needs an answer').id).toBe('err-qsingle');
    expect(group.getAttribute('aria-describedby')).toBe('help-qsingle err-qsingle');
    expect(group.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('AnswerForm (pass-the-phone)', () => {
  const survey: PublicSurvey = {
    v: 1,
    id: 'survey1',
    title: 'Shop survey',
    intro: '',
    questions: [question('single', ['Pay', 'Safety'])],
    units: [],
    shifts: [],
    k: 5,
    codes: false,
  };

  it('refuses to send with a required question unanswered, and sends once it is answered', async () => {
    const sent: unknown[] = [];
    render(() => (
      <AnswerForm
        survey={survey}
        onSubmit={async (draft) => {
          const checked = checkAnswers(survey, draft);
          if (!checked.ok) return checked.problems;
          sent.push(checked.value.answers);
          return undefined;
        }}
      />
    ));
    fireEvent.click(screen.getByRole('button', { name: /send/i }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(document.getElementById('perr-qsingle')).not.toBeNull();
    expect(sent).toEqual([]);
    fireEvent.click(screen.getByLabelText('Safety'));
    fireEvent.click(screen.getByRole('button', { name: /send/i }));
    await screen.findByRole('button', { name: /send/i });
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([{ qsingle: 1 }]);
  });
});
