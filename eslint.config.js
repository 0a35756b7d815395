// One linter for the whole tree. Besides the usual rules it guards the rooms of STYLE.md: imports
// point one way (cli, web, pipelines → intake, queue, store, adapters → cases, responses, forms →
// signature → errors, config), and the pure rooms never touch I/O libraries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const rooms = (names) => ({
  regex: `(^|/)(src/)?(${names.join('|')})/`,
  message: 'this import points up or sideways across rooms (see STYLE.md)',
});
const ioLibraries = [
  'bullmq',
  'ioredis',
  'imapflow',
  'mailparser',
  'pg',
  '@electric-sql/pglite',
  'fastify',
  'nodemailer',
  'smtp-server',
  'node:net',
  'node:http',
  'node:https',
  'node:fs',
  'node:child_process',
];
const noIo = ioLibraries.map((name) => ({
  name,
  message: 'pure rooms take I/O through ports (STYLE.md habit 8)',
}));
const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { patterns, paths }],
});

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.data/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': 'allow-with-description', 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { URL: 'readonly', process: 'readonly', console: 'readonly' } },
  },
  // The cli wires the pipeline graph into processes, so it alone may import pipelines/.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: restrict([rooms(['scripts', 'test', 'bench', 'pipelines'])]),
  },
  { files: ['src/cli/**/*.ts'], rules: restrict([rooms(['scripts', 'test', 'bench'])]) },
  {
    files: ['src/errors/**/*.ts'],
    rules: restrict(
      [
        rooms([
          'config',
          'signature',
          'forms',
          'cases',
          'responses',
          'intake',
          'queue',
          'store',
          'adapters',
          'web',
          'cli',
          'scripts',
        ]),
      ],
      noIo,
    ),
  },
  {
    files: ['src/config/**/*.ts'],
    rules: restrict([
      rooms([
        'signature',
        'forms',
        'cases',
        'responses',
        'intake',
        'queue',
        'store',
        'adapters',
        'web',
        'cli',
        'scripts',
      ]),
    ]),
  },
  {
    files: ['src/signature/**/*.ts'],
    rules: restrict(
      [
        rooms([
          'forms',
          'cases',
          'responses',
          'intake',
          'queue',
          'store',
          'adapters',
          'web',
          'cli',
          'scripts',
        ]),
      ],
      noIo,
    ),
  },
  {
    files: ['src/{forms,cases,responses}/**/*.ts'],
    rules: restrict(
      [rooms(['intake', 'queue', 'store', 'adapters', 'web', 'cli', 'scripts'])],
      noIo,
    ),
  },
  {
    files: ['src/{intake,queue,store,adapters}/**/*.ts'],
    rules: restrict([rooms(['web', 'cli', 'scripts', 'pipelines'])]),
  },
  { files: ['src/web/**/*.ts'], rules: restrict([rooms(['cli', 'scripts', 'pipelines'])]) },
  { files: ['scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'], rules: { 'no-console': 'off' } },
);
