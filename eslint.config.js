import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ONLY_THE_ENGINE = {
  name: '@aws-sdk/client-cloudformation',
  message: 'Only src/cloudformation/ talks to CloudFormation: go through the StackEngine.',
};
const NOT_UPWARDS = {
  group: ['**/lifecycle/*', '../main.js', '../post.js', '../checkpoints.js'],
  message: 'A lower layer does not import the lifecycle or the entry points.',
};
/** The floors below the lifecycle, src/cloudformation/ apart (it may use the SDK). */
const LOWER_FLOORS = [
  'util',
  'model',
  'settings',
  'aws',
  'assembly',
  'plan',
  'assets',
  'verify',
  'rollback',
  'report',
  'gates',
  'review',
];

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
  // The layers: only the engine talks to CloudFormation, and nothing below the lifecycle
  // reaches up into it or into the entry points.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cloudformation/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ONLY_THE_ENGINE] }] },
  },
  {
    files: [`src/{${LOWER_FLOORS.join(',')}}/**/*.ts`, 'src/errors.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ONLY_THE_ENGINE], patterns: [NOT_UPWARDS] }],
    },
  },
  {
    files: ['src/cloudformation/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NOT_UPWARDS] }] },
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
