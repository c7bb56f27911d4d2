/**
 * Freezes a value and everything in it. For data shared by every caller (the shipped template years,
 * an approved copy read once): a caller that changed it would change what every later caller sees.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
