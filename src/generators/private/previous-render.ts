import { CORE_DNS_SERVICE, previousOwnedFiles as previousOwned } from '../../services/index.js';

/**
 * The owned files as the stored answers render them: a file on disk equal to this was not
 * edited by hand, so new answers may replace it without asking.
 */
export function previousOwnedFiles(stored: unknown): Map<string, string> {
  return previousOwned(CORE_DNS_SERVICE, stored);
}
