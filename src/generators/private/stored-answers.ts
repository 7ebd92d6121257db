import { type LayoutChange, unsupportedChange } from '../../layout/index.js';
import { InputError, type CoreDnsAnswers } from '../../model/index.js';
import { checkStoredAnswers } from './answers-file.js';

/** Where every generator keeps the CoreDNS answers in .yo-rc.json (under `generator-platform`). */
export const COREDNS_STORE_KEY = 'coredns';

/**
 * The stored CoreDNS answers, checked; or an error telling the user to run platform:coredns
 * first, or why `change` does not fit the stored layout (the error names `option`).
 */
export function requireStoredAnswers(stored: unknown, option: string, change: LayoutChange): CoreDnsAnswers {
  if (stored === undefined || stored === null || typeof stored !== 'object') {
    throw new InputError([
      { code: 'stored-answers-missing', path: option, message: 'this repository has no CoreDNS answers in .yo-rc.json', fix: 'run platform:coredns (platform-gitops coredns) here first' },
    ]);
  }
  const answers = checkStoredAnswers(structuredClone(stored) as CoreDnsAnswers);
  const unsupported = unsupportedChange(answers.layout, change);
  if (unsupported) throw new InputError([{ code: 'stored-layout-unsupported', path: option, ...unsupported }]);
  return answers;
}
