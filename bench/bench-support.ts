// What the benchmarks share.
import type { ClusterAnswers } from '../src/index.js';

/** The middle value (the upper one of an even count). */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** `count` clusters, each with its own /24 Service CIDR and a replica count of 2 to 4. */
export const benchClusters = (count: number): ClusterAnswers[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `c${String(i).padStart(4, '0')}`,
    serviceCidr: `10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`,
    replicas: 2 + (i % 3),
  }));
