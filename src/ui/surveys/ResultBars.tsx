import { For } from 'solid-js';
import { formatNumber } from '../kit/i18n';

export interface Bar {
  label: string;
  value: number;
  /** Words shown after the label (count, share…); also what screen readers get. */
  text: string;
}

const W = 300;

/**
 * Horizontal bars: each row has its label and numbers in text, and an SVG bar drawn with Solid
 * (hidden from screen readers, which read the text).
 */
export function ResultBars(props: { bars: readonly Bar[]; max?: number }) {
  const max = () => Math.max(1, props.max ?? Math.max(...props.bars.map((b) => b.value), 1));
  return (
    <ul class="sv-bars">
      <For each={props.bars}>
        {(bar) => (
          <li>
            <div class="sv-bar-head">
              <span class="sv-bar-label">{bar.label}</span>
              <span class="sv-bar-text">{bar.text}</span>
            </div>
            <svg class="sv-bar" viewBox={`0 0 ${W} 12`} preserveAspectRatio="none" aria-hidden="true">
              <rect class="sv-bar-track" x="0" y="0" width={W} height="12" rx="3" />
              <rect class="sv-bar-fill" x="0" y="0" width={(bar.value / max()) * W} height="12" rx="3" />
            </svg>
          </li>
        )}
      </For>
    </ul>
  );
}

/** "7 (47%)" */
export function countText(n: number, of: number): string {
  return `${formatNumber(n)} (${of > 0 ? Math.round((n / of) * 100) : 0}%)`;
}
