// Lint: TypeScript rules plus the import boundaries of ARCHITECTURE.md.
// core never imports electron, react, the DOM layer, renderer/ or electron/;
// renderer imports only core/contract and core/shared from the core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const coreForbidden = {
  paths: [
    { name: 'electron', message: 'core/ never imports electron: hosts adapt core, not the other way round.' },
    { name: 'react', message: 'core/ never imports react.' },
    { name: 'react-dom', message: 'core/ never imports react-dom.' },
  ],
  patterns: [
    { group: ['**/renderer/**', '**/renderer'], message: 'core/ never imports the renderer.' },
    { group: ['**/electron/**', '../electron', '../../electron'], message: 'core/ never imports electron/.' },
    { group: ['@mantine/*', 'react-dom/*', 'zustand', 'zustand/*'], message: 'core/ never imports UI libraries.' },
  ],
};

const rendererForbidden = {
  paths: [{ name: 'electron', message: 'The renderer reaches the core only through the typed client (window.smartOdoo or the Node host).' }],
  patterns: [
    {
      regex: '^(\\.\\./)+(core)/(?!contract(/|$)|shared(/|$))',
      message: 'The renderer may import only core/contract and core/shared.',
    },
    { group: ['**/electron/**'], message: 'The renderer never imports electron/.' },
    { group: ['node:*', 'better-sqlite3', 'ws'], message: 'The renderer runs in a browser sandbox: no Node modules.' },
    {
      regex: '^(\\.\\./)+core/contract(/|$)',
      allowTypeImports: true,
      message: 'The renderer imports only types from core/contract: a value import bundles zod, whose `new Function` probe the CSP reports as an error.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', coreForbidden],
      'no-console': 'error',
    },
  },
  {
    files: ['core/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', coreForbidden] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    // the Vite config runs in Node at build time, not in the renderer
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // the typescript-eslint variant knows `import type` (allowTypeImports)
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', rendererForbidden],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
