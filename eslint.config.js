// ESLint: typescript-eslint plus the import rules of DESIGN.md ("Repository layout and import rules").
// Each area gets one no-restricted-imports rule whose message names what that area MAY import.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Bare specifiers only (`fs`, `node:fs`, `fs/promises`): a relative `../http/x` is not the `http` built-in.
const NODE_BUILTIN = `^(node:.*|(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/.*)?)$`;
const NODE_ONLY_CORE = '(^|/)(destinations|pipeline|service|cli|secrets)(/|$)|\\.node$|(^|/)core/node$|^\\.\\./node$|^\\./node$';

const ISOMORPHIC_CORE = [
  'core/api/**', 'core/errors/**', 'core/config/**', 'core/http/**', 'core/paginators/**', 'core/auth/**',
  'core/source/**', 'core/incremental/**', 'core/schema/**', 'core/normalize/**', 'core/*.ts',
];
const NODE_CORE = [
  'core/destinations/**', 'core/pipeline/**', 'core/service/**', 'core/cli/**', 'core/secrets/**', 'core/**/*.node.ts', 'core/node.ts',
];

function restrict(message, { builtins = false, bare = [], regex = [] }) {
  const patterns = [
    ...(builtins ? [{ regex: NODE_BUILTIN, message }] : []),
    ...(bare.length ? [{ group: bare, message }] : []),
    ...regex.map((r) => ({ regex: r, message })),
  ];
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      'renderer/ may import only core/index.ts (the isomorphic public surface), React, MUI, Monaco and its own files; ' +
        'not electron, node:* built-ins, Node-only packages or any other core file.',
      {
        builtins: true,
        bare: ['electron', 'electron/*', '@duckdb/*', '@google-cloud/*', '@napi-rs/*', 'google-auth-library'],
        regex: ['(^|/)core/(?!index$).+', '(^|/)electron/'],
      },
    ),
  },
  {
    files: ISOMORPHIC_CORE,
    ignores: NODE_CORE,
    rules: restrict(
      'isomorphic core (api, errors, config, http, paginators, auth, source, incremental, schema, normalize) may import ' +
        'only other isomorphic core files and browser-safe packages; Node code belongs in a *.node.ts file or in ' +
        'core/destinations, pipeline, service, cli or secrets.',
      {
        builtins: true,
        bare: ['electron', 'react', 'react-dom', '@mui/*', 'monaco-editor', '@monaco-editor/*', '@duckdb/*', '@google-cloud/*', '@napi-rs/*', 'google-auth-library'],
        regex: [NODE_ONLY_CORE, '(^|/)renderer/', '(^|/)electron/'],
      },
    ),
  },
  {
    files: NODE_CORE,
    rules: restrict(
      'Node-side core may import core/**, node:* built-ins, DuckDB, BigQuery and the keyring; not electron, React, MUI, Monaco or the renderer.',
      { bare: ['electron', 'react', 'react-dom', '@mui/*', 'monaco-editor', '@monaco-editor/*'], regex: ['(^|/)renderer/', '(^|/)electron/'] },
    ),
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict(
      'electron/preload may import only core/api/** and electron: it exposes the typed facade and nothing else.',
      { builtins: true, regex: ['^(?!electron$|\\.)', '^\\.\\./(?!\\.\\./core/api/)'] },
    ),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrict(
      'electron/main may import core/index.ts, core/node.ts, electron and node:* built-ins; never the renderer or deep core files.',
      { regex: ['(^|/)renderer/', '(^|/)core/(?!(index|node)$).+'] },
    ),
  },
);
