/** A YAML or JSON map (an object that is not a list), as parsed input and rendered objects hold them. */
export const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
