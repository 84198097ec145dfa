/**
 * Declares one feature's strings: English defines the keys, and the compiler insists that the
 * Spanish table has exactly the same keys.
 */
export interface MessageTables<K extends string> {
  en: Record<K, string>;
  es: Record<K, string>;
}

export function defineMessages<const E extends Record<string, string>>(
  en: E,
  es: Record<keyof E & string, string>,
): MessageTables<keyof E & string> {
  return { en, es };
}
