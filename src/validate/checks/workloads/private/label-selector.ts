import { type Obj, labelsOf, mapsOf, showLabels } from './shape.js';

type Labels = Readonly<Record<string, string>>;

/**
 * Whether a metav1.LabelSelector selects `labels`: matchLabels and matchExpressions (In, NotIn,
 * Exists, DoesNotExist) all hold. An empty selector selects everything, as the API defines; an
 * unknown operator selects nothing (the API server would reject it).
 */
export function selects(selector: Obj, labels: Labels): boolean {
  if (!Object.entries(labelsOf(selector.matchLabels)).every(([key, value]) => labels[key] === value)) return false;
  return mapsOf(selector.matchExpressions).every((expression) => {
    const key = typeof expression.key === 'string' ? expression.key : '';
    const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
    const has = Object.hasOwn(labels, key);
    switch (expression.operator) {
      case 'In':
        return has && values.includes(labels[key]!);
      case 'NotIn':
        return !has || !values.includes(labels[key]!);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** A Service's selector (a plain map): every pair is on the pod. */
export const selectsByMap = (selector: Labels, labels: Labels): boolean => Object.entries(selector).every(([key, value]) => labels[key] === value);

/** How a message shows a LabelSelector. */
export function showSelector(selector: Obj): string {
  const parts = [showLabels(labelsOf(selector.matchLabels))].filter((part) => part !== '(none)');
  for (const e of mapsOf(selector.matchExpressions)) parts.push(`${String(e.key)} ${String(e.operator)}${Array.isArray(e.values) ? ` (${e.values.join(', ')})` : ''}`);
  return parts.join(', ') || '(everything)';
}
