import { createSignal, Show } from 'solid-js';
import { t } from '../kit/i18n';

/** Delete (after an inline confirm) or, for a deleted person, restore. */
export function DeletePerson(props: {
  name: string;
  deleted: boolean;
  onDelete: () => void;
  onRestore: () => void;
}) {
  const [asking, setAsking] = createSignal(false);
  return (
    <div class="card stack">
      <Show
        when={!props.deleted}
        fallback={
          <button type="button" onClick={() => props.onRestore()}>
            {t('person.restore')}
          </button>
        }
      >
        <Show
          when={asking()}
          fallback={
            <button type="button" class="danger" onClick={() => setAsking(true)}>
              {t('person.delete')}
            </button>
          }
        >
          <div class="stack" role="alertdialog" aria-labelledby="delete-q">
            <p id="delete-q">{t('person.deleteConfirm', { name: props.name })}</p>
            <div class="row">
              <button
                type="button"
                class="danger"
                onClick={() => {
                  setAsking(false);
                  props.onDelete();
                }}
              >
                {t('person.deleteYes')}
              </button>
              <button type="button" onClick={() => setAsking(false)}>
                {t('panic.cancel')}
              </button>
            </div>
          </div>
        </Show>
      </Show>
    </div>
  );
}
