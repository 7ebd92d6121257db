import type { IssueCollector } from './input-error.js';

/** Keeps a value with line breaks on one line of an error message. */
const shown = (text: string) => text.replace(/\r/g, '\\r').replace(/\n/g, '\\n');

/** RFC 1123 label: Kubernetes object names, cluster names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const K8S_LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export const K8S_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Adds an issue for every key or value of `labels` Kubernetes would reject; `at` is the field path. */
export function checkLabels(labels: Readonly<Record<string, string>>, at: string, issues: IssueCollector): void {
  for (const [key, value] of Object.entries(labels)) {
    const where = `${at}.${shown(key)}`;
    if (!K8S_LABEL_KEY.test(key)) {
      issues.add(where, 'is not a Kubernetes label key', 'use [prefix/]name with letters, digits, "-", "_" and "."');
    }
    if (!K8S_LABEL_VALUE.test(value)) {
      issues.add(where, `"${shown(value)}" is not a Kubernetes label value`, 'use at most 63 letters, digits, "-", "_" and "."');
    }
  }
}
