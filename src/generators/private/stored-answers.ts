import { InputError, type CoreDnsAnswers } from '../../model/index.js';

/** Where every generator keeps the CoreDNS answers in .yo-rc.json (under `generator-platform`). */
export const COREDNS_STORE_KEY = 'coredns';

/** The stored CoreDNS answers, or an error telling the user to run platform:coredns first. */
export function requireStoredAnswers(stored: unknown, option: string): CoreDnsAnswers {
  if (stored === undefined || stored === null || typeof stored !== 'object') {
    throw new InputError([
      { code: 'stored-answers-missing', path: option, message: 'this repository has no CoreDNS answers in .yo-rc.json', fix: 'run platform:coredns (platform-gitops coredns) here first' },
    ]);
  }
  const layout = (stored as CoreDnsAnswers).layout;
  // These generators plan the story's paths; in another layout they would write where no entry reaches.
  if (layout && layout.kind !== 'story') {
    throw new InputError([
      {
        code: 'stored-layout-unsupported',
        path: option,
        message: `this repository uses the ${layout.kind} layout${layout.adopt ? ' with an adopted release' : ''}, and this command writes the story layout only`,
        fix: 'change clusters and alerts in the CoreDNS answers and run platform-gitops coredns (--clusters, --answers FILE)',
      },
    ]);
  }
  return structuredClone(stored) as CoreDnsAnswers;
}
