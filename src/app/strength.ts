/**
 * A passphrase strength hint (0–4). It estimates entropy from length, the character classes used and
 * the number of words, and penalizes repetition and very common choices. It is a hint, not a gate:
 * the only hard rule is a minimum length.
 */
const COMMON = new Set([
  'password',
  'passw0rd',
  'contraseña',
  'contrasena',
  '12345678',
  '123456789',
  'qwertyui',
  'iloveyou',
  'union123',
  'sindicato',
  'solidarity',
  'solidaridad',
]);

export const MIN_PASSPHRASE_LENGTH = 8;

export function passphraseStrength(p: string): 0 | 1 | 2 | 3 | 4 {
  if (p.length < MIN_PASSPHRASE_LENGTH || COMMON.has(p.toLowerCase())) return 0;
  let pool = 0;
  if (/[a-z]/.test(p)) pool += 26;
  if (/[A-Z]/.test(p)) pool += 26;
  if (/[0-9]/.test(p)) pool += 10;
  if (/[^A-Za-z0-9]/.test(p)) pool += 33;
  const distinct = new Set(p).size;
  const effectiveLength = Math.min(p.length, distinct * 2);
  let bits = effectiveLength * Math.log2(Math.max(pool, 2));
  const words = p
    .trim()
    .split(/\s+/)
    .filter((w) => w.length >= 3).length;
  if (words >= 4) bits = Math.max(bits, words * 11);
  if (bits < 40) return 1;
  if (bits < 60) return 2;
  if (bits < 80) return 3;
  return 4;
}
