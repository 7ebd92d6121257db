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
      // Tests read parsed YAML and rendered objects loosely; src/ turns this on below.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Hand-written sources are free of `any`: rendered objects are untrusted maps, read through
    // typed shapes (src/validate/objects) and fieldAt. Generated validators are left as made.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.generated.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
);
