import { type Accessor, createSignal, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { changeBargainingUnitSize } from '../../app/workplace';
import { type BargainingUnit, LIMITS, parseSizeInput, type Result, type SizeInputError } from '../../domain';
import { unitOutdated, unitSource } from '../home/denominator';
import { formatNumber, type MessageKey, t } from '../kit/i18n';

const ERROR_TEXT: Record<SizeInputError, MessageKey> = {
  'not-a-number': 'counts.error.not-a-number',
  negative: 'counts.error.negative',
  'not-whole': 'counts.error.not-whole',
  'too-large': 'counts.error.too-large',
};

/**
 * The bargaining unit's size: the number every card percentage and threshold is counted against.
 * Stored in the campaign, so every member sees the same figure; blank goes back to the units'
 * estimates. A typed value that is not a whole number of people is refused in words, in place.
 */
export function BargainingUnitEditor(props: {
  session: Session;
  unit: Accessor<BargainingUnit>;
  save: (r: Result<unknown>, done: string) => Promise<boolean>;
}) {
  const [problem, setProblem] = createSignal('');
  let input: HTMLInputElement | undefined;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const parsed = parseSizeInput(input?.value ?? '');
    if (!parsed.ok) {
      setProblem(t(ERROR_TEXT[parsed.error], { max: formatNumber(LIMITS.headcount) }));
      input?.focus();
      return;
    }
    setProblem('');
    const size = parsed.value;
    const done =
      size === null ? t('counts.editor.cleared') : t('counts.editor.saved', { size: formatNumber(size) });
    if ((await props.save(changeBargainingUnitSize(props.session, size), done)) && input) {
      input.value = size === null ? '' : String(size);
    }
  };
  const clear = async () => {
    setProblem('');
    if (await props.save(changeBargainingUnitSize(props.session, null), t('counts.editor.cleared'))) {
      if (input) input.value = '';
    }
  };
  return (
    <section class="card stack" id="bargaining-unit" aria-labelledby="map-bu-title">
      <h2 id="map-bu-title">{t('counts.editor.title')}</h2>
      <p class="help">{t('counts.editor.help')}</p>
      <p data-testid="bargaining-unit-now">{unitSource(props.unit())}</p>
      <Show when={unitOutdated(props.unit())}>{(w) => <p class="warning small">{w()}</p>}</Show>
      <form class="stack" onSubmit={submit} novalidate>
        <label for="map-bu-size">{t('counts.editor.label')}</label>
        <div class="row">
          <input
            ref={input}
            id="map-bu-size"
            name="size"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            value={props.unit().set === undefined ? '' : String(props.unit().set)}
            aria-invalid={problem() ? 'true' : undefined}
            aria-describedby={problem() ? 'map-bu-error' : undefined}
          />
          <button type="submit" class="primary">
            {t('counts.editor.save')}
          </button>
        </div>
        <Show when={problem()}>
          <p class="error" id="map-bu-error" role="alert">
            {problem()}
          </p>
        </Show>
      </form>
      <Show when={props.unit().source === 'set'}>
        <button type="button" onClick={() => void clear()}>
          {t('counts.editor.clear')}
        </button>
      </Show>
    </section>
  );
}
