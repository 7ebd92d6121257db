import { type LayoutChange, unsupportedChange } from '../../services/coredns/index.js';
import { InputError } from '../../model/index.js';
import { type CoreDnsAnswers, type CoreDnsConfig } from '../../services/coredns/index.js';
import { CORE_DNS_SERVICE, checkStored } from '../../services/index.js';

/** Where every generator keeps the CoreDNS answers in .yo-rc.json (under `generator-platform`). */
export const COREDNS_STORE_KEY = 'coredns';

/** The stored CoreDNS answers (a copy to change), and the config they resolve to: what the files hold now. */
export interface StoredCoreDns {
  readonly answers: CoreDnsAnswers;
  readonly config: CoreDnsConfig;
}

/**
 * The stored CoreDNS answers, checked like any input (errors name .yo-rc.json); or an error
 * telling the user to run platform:coredns first, or why `change` does not fit the stored layout
 * (the error names `option`).
 */
export function requireStoredAnswers(stored: unknown, option: string, change: LayoutChange): StoredCoreDns {
  if (stored === undefined || stored === null || typeof stored !== 'object') {
    throw new InputError([
      { code: 'stored-answers-missing', path: option, message: 'this repository has no CoreDNS answers in .yo-rc.json', fix: 'run platform:coredns (platform-gitops coredns) here first' },
    ]);
  }
  const answers = structuredClone(stored) as CoreDnsAnswers;
  // Not undefined: the stored answers are an object (checked above).
  const config = checkStored(CORE_DNS_SERVICE, answers, { clusters: [] })!;
  const unsupported = unsupportedChange(answers.layout, change);
  if (unsupported) throw new InputError([{ code: 'stored-layout-unsupported', path: option, ...unsupported }]);
  return { answers, config };
}
