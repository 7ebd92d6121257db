// Lint: typescript-eslint's recommended rules over src/, test/ and bench/ (run by `npx projen lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'demo/**', 'test/fixtures/**', 'test/golden/**', 'docs/examples/**', 'generators/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    rules: {
      // Kubernetes objects are open-ended maps; the checks narrow them where it matters.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Folders free of `any` keep it out; the rest (validate's open-ended Kubernetes maps, layout) follow.
    files: ['src/{kit,services,options,cli,generators,model,render,adopt,upgrade,workspace,edit,alerts,projen,private}/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
);
