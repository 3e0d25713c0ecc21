import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', '.data/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The console is typed from the OpenAPI document (apps/console/src/api-types.ts): no `any`, and no
    // comment may switch a rule off.
    files: ['apps/console/src/**/*.ts', 'apps/portal/src/**/*.ts'],
    linterOptions: { noInlineConfig: true },
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // Tests read JSON answers loosely; the assertions are what check them.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain stays free of frameworks and I/O: it also runs inside the Temporal workflow sandbox.
    files: ['libs/domain/**/*.ts', 'workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'node:*', 'fs', 'path', 'child_process'],
              message: 'libs/domain and workflows must stay pure',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@temporalio/*', '@nestjs/*', 'typeorm', 'pg', 'node:*', 'fs', 'path'],
              message: 'libs/domain is plain TypeScript',
            },
          ],
        },
      ],
    },
  },
);
