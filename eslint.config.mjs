// Flat, type-aware ESLint config. The layer rules of ARCHITECTURE.md live here (and in the
// tsconfig project references): a wrong import fails `npm run verify`.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
// Exact module names (a pattern like 'events' would also match '../model/events').
const nodeImports = {
  regex: `^(node:.*|${nodeBuiltins.map((m) => m.replace('/', '\\/')).join('|')})$`,
  message: 'Node built-ins are allowed only in engine/**/node, electron/main and tests.',
};
const engineNode = {
  group: ['**/node/*', '**/node/**', '!**/node_modules/**'],
  message: 'Only engine/**/node code may import engine/**/node.',
};
const nativeDeps = {
  group: ['@duckdb/*', 'ws', 'esbuild', 'apache-arrow'],
  message: 'Native and I/O packages belong in engine/**/node.',
};
const electronPkg = {
  regex: '^electron(/.*)?$',
  message: 'Only electron/main and electron/preload import electron.',
};
const electronMainPreload = {
  group: ['**/electron/main/**', '**/electron/preload/**', '**/main/**', '**/preload/**'],
  message: 'Not reachable from this layer.',
};
const rendererPkg = { group: ['**/renderer/**'], message: 'Nothing imports the renderer.' };

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'release/',
      '.tsbuild/',
      'test-results/',
      'playwright-report/',
      'build/electron-get-offline/',
      '**/*.d.ts',
      // AssemblyScript, checked by its own compiler (build/build-node.mjs).
      'engine/**/wasm/**',
    ],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // engine (pure): no Node, no DOM, no ambient time or randomness.
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/**/node/**'],
    rules: {
      'no-restricted-imports': restrict(nodeImports, engineNode, nativeDeps, electronPkg, rendererPkg, {
        group: ['**/electron/**'],
        message: 'The engine does not know Electron.',
      }),
      'no-restricted-globals': [
        'error',
        'process',
        'window',
        'document',
        'require',
        'setTimeout',
        'setInterval',
        'performance',
        'Buffer',
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Inject a Clock instead of reading ambient time.' },
        { object: 'Math', property: 'random', message: 'Inject a seeded RNG instead.' },
        { object: 'performance', property: 'now', message: 'Inject a Clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Inject a Clock instead of reading ambient time.',
        },
      ],
    },
  },
  // engine/**/node: Node and native packages, but no Electron or renderer.
  {
    files: ['engine/**/node/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(electronPkg, rendererPkg, {
        group: ['**/electron/**'],
        message: 'The engine does not know Electron.',
      }),
    },
  },
  // electron/common: engine types only.
  {
    files: ['electron/common/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        nodeImports,
        engineNode,
        nativeDeps,
        electronPkg,
        rendererPkg,
        electronMainPreload,
      ),
    },
  },
  // electron/preload: electron/common and electron, nothing else of ours.
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(nodeImports, nativeDeps, rendererPkg, {
        group: ['**/engine/**', '**/main/**'],
        message: 'The preload sees only electron/common.',
      }),
    },
  },
  // electron/main: engine, common, electron — never the renderer.
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(rendererPkg, {
        group: ['**/preload/**'],
        message: 'main does not import the preload.',
      }),
    },
  },
  // renderer: engine types and pure helpers, electron/common, its own ipc/.
  {
    files: ['renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        nodeImports,
        engineNode,
        nativeDeps,
        electronPkg,
        electronMainPreload,
      ),
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer'],
    },
  },
  // notebooks: the public strategy API only.
  {
    files: ['notebooks/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        nodeImports,
        nativeDeps,
        electronPkg,
        rendererPkg,
        {
          regex: '^(\\.\\./)+engine/(?!strategy(/|$))',
          message: 'Notebooks use only the public strategy API (engine/strategy).',
        },
        { group: ['**/electron/**'], message: 'Notebooks use only engine/strategy.' },
      ),
    },
  },
  // tests may use non-null assertions sparingly? No: keep them strict too, but allow floating test promises.
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
