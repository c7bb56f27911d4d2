import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Besides the usual rules, this file keeps the layers honest (see README,
 * "Architecture"): shared/ runs anywhere, the renderer reaches the backend
 * only through its API client, and services never import the Electron runtime.
 */
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'zlib',
  'worker_threads',
];

const sharedRule = {
  patterns: [
    { group: NODE_BUILTINS, message: 'shared/ runs anywhere: no Node modules here (move the code to electron/).' },
    {
      group: ['electron', 'better-sqlite3', 'exceljs', 'react', 'react-dom', 'react/*', 'zustand'],
      message: 'shared/ imports no Electron, database, xlsx or UI library.',
    },
    {
      group: ['**/electron/**', '**/renderer/**', '../electron', '../renderer', '../../electron', '../../renderer'],
      message: 'shared/ is the lowest layer: it imports neither electron/ nor renderer/.',
    },
  ],
};

const rendererRule = {
  patterns: [
    { group: NODE_BUILTINS, message: 'renderer/ is the DOM side: no Node modules.' },
    {
      group: ['electron', 'better-sqlite3', 'exceljs'],
      message: 'renderer/ reaches the backend only through renderer/api/client.ts.',
    },
    {
      group: ['**/electron/**', '../electron', '../../electron'],
      message: 'renderer/ never imports electron/: call the API through renderer/api/client.ts.',
    },
  ],
};

const servicesRule = {
  paths: [
    {
      name: 'electron',
      message: 'Services are plain Node: the Electron runtime is only for electron/main.ts and preload.ts.',
    },
  ],
  patterns: [
    {
      group: ['**/renderer/**', '../renderer', '../../renderer', '../../../renderer'],
      message: 'The Node side never imports the renderer.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench-results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Two type-aware rules: a promise nobody awaits loses its error, and a promise handed where a
    // plain callback is expected (an onClick, a setInterval) fails silently. tsconfig.json covers
    // every TypeScript folder, so one program serves the whole tree.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', sharedRule],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'localStorage',
        'fetch',
        'process',
        'Buffer',
        'require',
        '__dirname',
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', rendererRule],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: servicesRule.patterns }] },
  },
  {
    files: [
      'electron/services/**/*.ts',
      'electron/db/**/*.ts',
      'electron/api/**/*.ts',
      'electron/cli/**/*.ts',
      'electron/cli.ts',
      'electron/browser.ts',
    ],
    rules: { 'no-restricted-imports': ['error', servicesRule] },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.{js,mjs}', 'bin/**/*.mjs', '*.{js,ts,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
