/**
 * The state of a survey answer form, shared by the respondent page and pass-the-phone mode: the
 * draft (only in memory, gone with the form), the problems the last submit found, and whether a
 * submit is running. Imports only solid-js and survey types: the respondent page uses it too.
 */
import { createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { AnswerDraft, AnswerProblem } from '../../domain/survey/public';

export interface AnswerFormOptions {
  /** An answer code already known (from the link). */
  code?: string | undefined;
  /** Prefix of the element ids to focus on the first problem (+ the problem's field). */
  focusPrefix: string;
  /** Hands a copy of the draft on; returns the problems to show, or nothing when it was accepted. */
  send(draft: AnswerDraft): Promise<readonly AnswerProblem[] | undefined>;
}

export function createAnswerForm(opts: AnswerFormOptions) {
  const [draft, setDraft] = createStore<AnswerDraft>({
    answers: {},
    unit: null,
    shift: null,
    code: opts.code ?? null,
  });
  const [problems, setProblems] = createSignal<readonly AnswerProblem[]>([]);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    try {
      const found = (await opts.send(draft)) ?? [];
      setProblems(found);
      if (found[0]) document.getElementById(`${opts.focusPrefix}${found[0].field}`)?.focus();
    } finally {
      setBusy(false);
    }
  };
  return {
    draft,
    setDraft,
    problems,
    busy,
    submit,
    problemFor: (field: string) => problems().find((p) => p.field === field),
    setAnswer: (qid: string, value: unknown) => setDraft('answers', qid, value),
  };
}
