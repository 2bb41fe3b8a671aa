// Lint, including the layer table of ARCHITECTURE.md: a wrong import fails CI.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = { group: ['node:*'], message: 'This layer must not use Node built-ins.' };
const electronOnly = {
  name: 'electron',
  message: 'Only electron/main.ts and electron/preload.ts import electron.',
};
const noRenderer = {
  group: ['**/renderer/**'],
  message: 'The backend never imports the renderer.',
};
const noBackend = {
  group: ['**/electron/*', '!**/electron/contract', '**/electron/*/**', '!**/electron/contract/**'],
  message: 'The renderer talks to the backend only through the contract.',
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'release', 'scripts/*.mjs'] },
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnly], patterns: [nodeBuiltins, noRenderer] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/contract/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [noRenderer] }],
    },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            noRenderer,
            { group: ['**/electron/**'], message: 'Devices do not import the backend.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            nodeBuiltins,
            noBackend,
            { group: ['**/native/**'], message: 'The renderer never touches devices.' },
          ],
        },
      ],
    },
  },
);
