// Lint, including the layer table of docs/architecture.md: a wrong import between runtimes
// fails CI. Each top-level folder is one layer; the table below says what it may not import.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = { group: ['node:*'], message: 'This layer must not use Node built-ins.' };
const electronModule = {
  name: 'electron',
  message: 'Only the Electron shell (electron/) imports electron.',
};
const folder = (name, message) => ({ group: [`**/${name}`, `**/${name}/**`], message });
const renderer = folder(
  'renderer',
  'Only the renderer runs in the page; Node code never imports it.',
);
const backend = folder('backend', 'Only the shells, server mode and the tools import the backend.');
const server = folder('server', 'Server mode is an entry point; nothing imports it.');
const shell = folder('electron', 'The Electron shell is an entry point; nothing imports it.');
const cli = folder('cli', 'Command-line tools are entry points; nothing imports them.');
const native = folder('native', 'Only the backend and the tools talk to devices.');
const contract = folder('contract', 'Device drivers know nothing of the contract.');
const district = folder(
  'district',
  'The district service is the bureau’s own product; the kiosk never imports it.',
);
// Relative paths only: a package such as react-dom/server is not the kiosk's server/ folder.
const kiosk = (name) => ({
  regex: `^(\\.\\.?/)+${name}(/|$)`,
  message: 'The district service is another organisation’s server: it shares no kiosk code.',
});

// [folder glob, what it may not import]
const layers = [
  ['contract/**/*.ts', [nodeBuiltins, renderer, backend, server, shell, cli, native, district]],
  ['backend/**/*.ts', [renderer, server, shell, cli, district]],
  ['server/**/*.ts', [renderer, shell, cli, district]],
  ['native/**/*.ts', [renderer, backend, server, shell, cli, contract, district]],
  ['electron/**/*.ts', [renderer, server, cli, district]],
  ['renderer/**/*.{ts,tsx}', [nodeBuiltins, backend, server, shell, cli, native, district]],
  [
    'district/**/*.{ts,tsx}',
    ['renderer', 'backend', 'server', 'electron', 'cli', 'native', 'contract'].map(kiosk),
  ],
  // The tools reuse the scanner's decoder, which is plain computation (no DOM, no Node).
  [
    'cli/**/*.ts',
    [
      {
        regex: '(^|/)renderer/(?!scanner/decode/)',
        message: 'Tools use only the renderer’s decoder (renderer/scanner/decode/).',
      },
      server,
      shell,
      district,
    ],
  ],
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'dist-server', 'release', 'scripts/*.mjs'] },
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  ...layers.map(([files, patterns]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: files.startsWith('electron/') ? [] : [electronModule], patterns },
      ],
    },
  })),
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
