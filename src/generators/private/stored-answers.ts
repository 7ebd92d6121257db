import { InputError, type CoreDnsAnswers } from '../../model/index.js';

/** Where every generator keeps the CoreDNS answers in .yo-rc.json (under `generator-platform`). */
export const COREDNS_STORE_KEY = 'coredns';

/** The stored CoreDNS answers, or an error telling the user to run platform:coredns first. */
export function requireStoredAnswers(stored: unknown, option: string): CoreDnsAnswers {
  if (stored === undefined || stored === null || typeof stored !== 'object') {
    throw new InputError([{ path: option, message: 'this repository has no CoreDNS answers in .yo-rc.json', fix: 'run platform:coredns (platform-gitops coredns) here first' }]);
  }
  return structuredClone(stored) as CoreDnsAnswers;
}
