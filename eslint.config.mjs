// @ts-check
/**
 * ESLint (`npm run lint`): the recommended rules of ESLint and typescript-eslint over the TypeScript
 * of apps/, libs/, test/, bench/ and migrations/, and the Node scripts.
 */
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
    rules: {
      // `_name` marks what is deliberately left unused (a rest sibling dropped, a callback's argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // The launcher loads the api only after it has set the environment the api reads at load time.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^@tongban/api$'] }],
    },
  },
  {
    // Declarations of untyped packages, and tests that poke at loosely typed payloads and load fixtures.
    files: ['**/*.d.ts', '**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      'no-useless-assignment': 'off',
    },
  },
  {
    // Measurements start as NaN and are printed even when a run fails half-way.
    files: ['bench/**/*.ts'],
    rules: { 'no-useless-assignment': 'off' },
  },
  {
    // Sniffing text files means matching tabs and line ends.
    files: ['libs/catalog/src/attachments/detect-media-type.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Files others are reworking now; their findings are for those changes to fix:
    // a thrown error without its cause, an initial value never read, type imports no longer used.
    files: ['libs/catalog/src/nest/certificate-issue.processor.ts', 'libs/catalog/src/catalog/load-catalog.ts', 'libs/engine/src/engine.ts'],
    rules: { 'preserve-caught-error': 'warn', 'no-useless-assignment': 'warn', '@typescript-eslint/no-unused-vars': 'warn' },
  },
  {
    // The Node scripts and the CommonJS configs.
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
  },
);
