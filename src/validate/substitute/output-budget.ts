import { SubstitutionError } from './substitution-error.js';

/** One resource may not grow past 1 MiB of text once substituted ... */
export const MAX_OUTPUT_BYTES = 1024 * 1024;
/** ... nor past 100 times its own size: a substitution bomb must fail, not eat memory. */
const MAX_GROWTH = 100;

/**
 * The byte budget of one expansion. Every string the evaluator builds (output, function
 * arguments, function results) is charged before it is kept, so nothing much larger than the
 * limit is ever allocated.
 */
export class OutputBudget {
  readonly limit: number;
  private readonly growthBound: boolean;

  constructor(inputBytes: number) {
    this.growthBound = MAX_GROWTH * inputBytes < MAX_OUTPUT_BYTES;
    this.limit = Math.min(MAX_OUTPUT_BYTES, MAX_GROWTH * inputBytes);
  }

  /** Throws when `bytes` of text would exceed the limit. */
  check(bytes: number): void {
    if (bytes <= this.limit) return;
    const limit = this.growthBound ? `${MAX_GROWTH}x its input (${this.limit} bytes)` : `${MAX_OUTPUT_BYTES / (1024 * 1024)} MiB`;
    throw new SubstitutionError(`substitution would produce more than ${limit} of text for one resource`, undefined, 'limit');
  }

  /** Joins pieces, checking the running size so a long list cannot grow past the limit. */
  join(pieces: Iterable<string>): string {
    let bytes = 0;
    const kept: string[] = [];
    for (const piece of pieces) {
      bytes += Buffer.byteLength(piece);
      this.check(bytes);
      kept.push(piece);
    }
    return kept.join('');
  }
}
