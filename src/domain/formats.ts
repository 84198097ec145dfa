/** Small pure checks on untrusted values, shared by parsers and commands. */

const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIMESTAMP = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Whether day `d` exists in month `m` (1-based) of year `y`. Regex + arithmetic: no Date objects on hot paths. */
function dayExists(y: number, m: number, d: number): boolean {
  if (m === 2) return d <= (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28);
  return d <= (m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

function matchDate(re: RegExp, value: string): boolean {
  const m = re.exec(value);
  return m !== null && dayExists(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && value.length === 10 && matchDate(DATE, value);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The day `now` falls on in the device's time zone, as an ISO date (`YYYY-MM-DD`). */
export function localIsoDate(now = new Date()): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

/**
 * True for a UTC timestamp exactly as `Date#toISOString` writes it for years 0–9999
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`). One fixed format means timestamps sort as strings.
 */
export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && value.length === 24 && matchDate(TIMESTAMP, value);
}

/**
 * True for a plain data object (`{}` literal, JSON, or null-prototype), never an array, class
 * instance or Yjs type. Read its fields with `Object.hasOwn` only.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own property of a plain object, never an inherited one. */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Structural equality for JSON-like values (primitives, arrays, plain objects). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}
