export { type HelmRendered, checkHelmRendered } from './check-helm-rendered.js';
