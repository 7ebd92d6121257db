export { type HelmRendered, checkHelmRendered } from './check-helm-rendered.js';
export { CAPABILITY_ALLOWANCES } from './capability-allowances.js';
