/**
 * The one editor behind the units and the shifts lists: a list of named items, each with
 * edit (rename), earlier / later, delete, and a folded list of deleted items to restore.
 * What differs between the two (the add form, extra fields, how a name reads) comes in as props.
 */
import { type Accessor, createSignal, For, type JSX, Show } from 'solid-js';
import type { Result } from '../../domain';
import { formatNumber, t } from '../kit/i18n';

export interface NamedItem {
  readonly id: string;
  readonly name: string;
}

/** Flushes a successful command and announces `done`, or shows the refusal; true when saved. */
export type SaveCommand = (r: Result<unknown>, done: string) => Promise<boolean>;

/**
 * Handles an add form's submit: runs `command` on the form's data and, once saved, empties the
 * form and puts the cursor back in its name field for the next one.
 */
export async function submitAdd(
  e: SubmitEvent & { currentTarget: HTMLFormElement },
  save: SaveCommand,
  command: (data: FormData, name: string) => { result: Result<unknown>; done: string },
): Promise<void> {
  e.preventDefault();
  const form = e.currentTarget;
  const data = new FormData(form);
  const { result, done } = command(data, String(data.get('name') ?? ''));
  if (await save(result, done)) {
    form.reset();
    form.querySelector<HTMLInputElement>('input[name=name]')?.focus();
  }
}

export interface NamedListProps<T extends NamedItem> {
  /** Names the list (`data-testid`) and its heading (`<id>-title`). */
  id: string;
  title: string;
  addForm: JSX.Element;
  items: Accessor<readonly T[]>;
  deleted: Accessor<readonly T[]>;
  none: string;
  deletedList: (n: string) => string;
  /** How the item is named to screen readers and in the deleted list (a unit's path). */
  label: (item: T) => string;
  itemClass?: (item: T) => string;
  /** What the name span shows (default: the name). */
  nameView?: (item: T) => JSX.Element;
  editText: string;
  /** The glyphs of the earlier / later buttons. */
  arrows: readonly [string, string];
  isFirst: (item: T, i: number) => boolean;
  isLast: (item: T, i: number) => boolean;
  form: {
    /** The id of the name field of an item's form. */
    nameId: (item: T) => string;
    nameLabel: string;
    maxLength: number;
    /** Fields after the name (a unit's parent and estimate). */
    extra?: (item: T) => JSX.Element;
  };
  onSave: (item: T, data: FormData) => Promise<boolean>;
  onMove: (item: T, dir: -1 | 1) => void;
  onDelete: (item: T) => void;
  onRestore: (item: T) => void;
}

export function NamedListEditor<T extends NamedItem>(props: NamedListProps<T>) {
  const [editing, setEditing] = createSignal<string | null>(null);
  const save = async (item: T, data: FormData) => {
    if (await props.onSave(item, data)) setEditing(null);
  };
  return (
    <section class="card stack" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.addForm}
      <Show when={props.items().length > 0} fallback={<p class="muted">{props.none}</p>}>
        <ul class="map-edit-list" data-testid={props.id}>
          <For each={props.items()}>
            {(item, i) => (
              <li class={props.itemClass?.(item) ?? 'map-edit-item'}>
                <Show
                  when={editing() === item.id}
                  fallback={
                    <ItemLine
                      list={props}
                      item={item}
                      first={props.isFirst(item, i())}
                      last={props.isLast(item, i())}
                      onEdit={() => setEditing(item.id)}
                    />
                  }
                >
                  <ItemForm
                    list={props}
                    item={item}
                    onSave={(data) => void save(item, data)}
                    onCancel={() => setEditing(null)}
                  />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <DeletedItems list={props} />
    </section>
  );
}

function ItemLine<T extends NamedItem>(props: {
  list: NamedListProps<T>;
  item: T;
  first: boolean;
  last: boolean;
  onEdit: () => void;
}) {
  const label = () => props.list.label(props.item);
  return (
    <>
      <span class="map-edit-name">{props.list.nameView?.(props.item) ?? props.item.name}</span>
      <span class="map-edit-actions">
        <button type="button" onClick={() => props.onEdit()}>
          {props.list.editText}
          <span class="visually-hidden">{` ${label()}`}</span>
        </button>
        <button
          type="button"
          class="map-icon"
          disabled={props.first}
          onClick={() => props.list.onMove(props.item, -1)}
        >
          <span aria-hidden="true">{props.list.arrows[0]}</span>
          <span class="visually-hidden">{t('map.moveUp', { name: label() })}</span>
        </button>
        <button
          type="button"
          class="map-icon"
          disabled={props.last}
          onClick={() => props.list.onMove(props.item, 1)}
        >
          <span aria-hidden="true">{props.list.arrows[1]}</span>
          <span class="visually-hidden">{t('map.moveDown', { name: label() })}</span>
        </button>
        <button type="button" class="danger" onClick={() => props.list.onDelete(props.item)}>
          {t('map.delete')}
          <span class="visually-hidden">{` ${label()}`}</span>
        </button>
      </span>
    </>
  );
}

function ItemForm<T extends NamedItem>(props: {
  list: NamedListProps<T>;
  item: T;
  onSave: (data: FormData) => void;
  onCancel: () => void;
}) {
  const form = () => props.list.form;
  // Made once per form, so typing in the extra fields survives a re-render of the labels.
  const extra = form().extra?.(props.item);
  const submit = (e: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    e.preventDefault();
    props.onSave(new FormData(e.currentTarget));
  };
  return (
    <form class="stack map-unit-form" onSubmit={submit} novalidate>
      <label for={form().nameId(props.item)}>{form().nameLabel}</label>
      <input
        id={form().nameId(props.item)}
        name="name"
        type="text"
        maxlength={form().maxLength}
        autocomplete="off"
        value={props.item.name}
        ref={(el) => queueMicrotask(() => el.focus())}
      />
      {extra}
      <div class="row wrap">
        <button type="submit" class="primary">
          {t('map.save')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('map.cancel')}
        </button>
      </div>
    </form>
  );
}

function DeletedItems<T extends NamedItem>(props: { list: NamedListProps<T> }) {
  return (
    <Show when={props.list.deleted().length > 0}>
      <details class="map-deleted">
        <summary>{props.list.deletedList(formatNumber(props.list.deleted().length))}</summary>
        <ul class="map-edit-list">
          <For each={props.list.deleted()}>
            {(item) => (
              <li class="map-edit-item">
                <span class="map-edit-name">{props.list.label(item)}</span>
                <button type="button" onClick={() => props.list.onRestore(item)}>
                  {t('map.restore')}
                  <span class="visually-hidden">{` ${props.list.label(item)}`}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </details>
    </Show>
  );
}
