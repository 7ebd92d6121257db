import type { ErrorObject } from 'ajv';
import { crdExportName } from './crd-export-name.js';
// Precompiled by scripts/generate-crd-schemas.ts from the vendored CRDs: nothing compiles at run time.
import * as generated from './crd-validators.generated.js';

/** An ajv validator of one whole object (apiVersion, kind, metadata, spec) against its CRD. */
export interface CrdValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const byName = new Map(Object.entries(generated) as [string, CrdValidator][]);

/** The validator of a kind's served CRD version; undefined for kinds and versions not vendored. */
export function crdValidator(apiVersion: string, kind: string): CrdValidator | undefined {
  const name = crdExportName(apiVersion, kind);
  return name === undefined ? undefined : byName.get(name);
}
