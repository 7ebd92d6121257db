export { crdValidator, type CrdValidator } from './crd-validators.js';
