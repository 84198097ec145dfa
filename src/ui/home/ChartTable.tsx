import { For, type JSX } from 'solid-js';

/**
 * A chart's numbers as a table, for screen readers (the chart itself is decoration). A table
 * ignores width: 1px and lays out at its full width, so the wrapper does the hiding.
 */
export function ChartTable(props: {
  caption: JSX.Element;
  columns: readonly string[];
  children: JSX.Element;
}) {
  return (
    <div class="visually-hidden">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <For each={props.columns}>{(c) => <th scope="col">{c}</th>}</For>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
