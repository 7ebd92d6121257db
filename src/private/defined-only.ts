/** `value` without its undefined fields: what a spread over defaults, or a stored answer, should carry. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
