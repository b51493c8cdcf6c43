// ESLint on the project's own code: typescript-eslint's type-aware recommended rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One no-restricted-imports block per layer: the folders of every higher layer, and the entry files, are off limits. */
function layerRules(layers) {
  const entries = ['cli', 'index', 'eslint-plugin'].map((name) => `**/../${name}.js`);
  return layers.map((layer, i) => {
    const higher = layers.slice(i + 1).flat();
    return {
      files: layer.map((dir) => `src/${dir}/**/*.ts`),
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: [...higher.map((dir) => `**/${dir}/*`), ...entries],
                message: `src/${layer.join(', src/')} is below ${higher.length ? `src/${higher.join(', src/')} and ` : ''}the entry files: move the shared piece down a layer (docs/architecture.md).`,
              },
            ],
          },
        ],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'scratch/', 'src/schema/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layers of src/, lowest first (docs/architecture.md): a module imports only from its own layer or lower
  // ones, so the one-text linter never reaches for files, threads or Twilio, and the runner never for a command.
  ...layerRules([
    ['liquid'],
    ['flow'],
    ['fixers'],
    ['migration'],
    ['rules'],
    ['linter'],
    ['config', 'formatters', 'diff'],
    ['runner'],
    ['twilio'],
    ['cutover', 'simulator'],
    ['commands'],
  ]),
  {
    // vitest's asymmetric matchers (expect.stringMatching) are typed any.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly', Buffer: 'readonly', structuredClone: 'readonly' } },
  },
);
