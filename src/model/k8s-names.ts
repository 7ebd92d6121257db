import { type IssueCollector, quote, shorten } from './input-error.js';

/** RFC 1123 label: Kubernetes object names, cluster names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K8S_LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export const K8S_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Adds an issue for every key or value of `labels` Kubernetes would reject; `at` is the field path. */
export function checkLabels(labels: Readonly<Record<string, string>>, at: string, issues: IssueCollector): void {
  for (const [key, value] of Object.entries(labels)) {
    const where = `${at}.${shorten(key)}`;
    if (!K8S_LABEL_KEY.test(key)) {
      issues.add('label-key-invalid', where, 'is not a Kubernetes label key', 'use [prefix/]name with letters, digits, "-", "_" and "."');
    }
    if (!K8S_LABEL_VALUE.test(value)) {
      issues.add('label-value-invalid', where, `${quote(value)} is not a Kubernetes label value`, 'use at most 63 letters, digits, "-", "_" and "."');
    }
  }
}
