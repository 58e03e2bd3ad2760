import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'scripts/node24/', 'coverage/', '**/cdk.out/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The layers: only the engine talks to CloudFormation, and nothing below the lifecycle
    // reaches up into it.
    files: ['src/**/*.ts'],
    ignores: ['src/cloudformation/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@aws-sdk/client-cloudformation',
              message:
                'Only src/cloudformation/ talks to CloudFormation: go through the StackEngine.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src/{errors,util,model,settings,aws,assembly,plan,assets,verify,rollback,report}/**/*.ts',
      'src/errors.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@aws-sdk/client-cloudformation',
              message:
                'Only src/cloudformation/ talks to CloudFormation: go through the StackEngine.',
            },
          ],
          patterns: [
            {
              group: ['**/lifecycle/*', '../main.js', '../post.js', '../checkpoints.js'],
              message: 'A lower layer does not import the lifecycle or the entry points.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cloudformation/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lifecycle/*', '../main.js', '../post.js', '../checkpoints.js'],
              message: 'A lower layer does not import the lifecycle or the entry points.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
);
