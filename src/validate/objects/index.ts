export * from './field-at.js';
export * from './rendered-object.js';
// kube-objects.ts is imported by path: its types come from types-only devDependencies
// (@kubernetes-models/*), which must stay out of the package's public declarations.
