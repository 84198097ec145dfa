/** A moment as the Sharing screens show it: medium date, short time, in the page's language. */
export function when(ms: number): string {
  return new Date(ms).toLocaleString(document.documentElement.lang || undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}
