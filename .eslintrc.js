'use strict';

/** Layout rules of eslint-plugin-vue's recommended set (its "strongly recommended" formatting). */
const VUE_LAYOUT_OFF = Object.fromEntries(
  [
    'vue/max-attributes-per-line',
    'vue/singleline-html-element-content-newline',
    'vue/multiline-html-element-content-newline',
    'vue/html-self-closing',
    'vue/html-indent',
    'vue/html-closing-bracket-newline',
    'vue/html-closing-bracket-spacing',
    'vue/first-attribute-linebreak',
    'vue/mustache-interpolation-spacing',
  ].map((rule) => [rule, 'off']),
);

module.exports = {
  root: true,
  parser: '@typescript-eslint/parser',
  parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
  plugins: ['@typescript-eslint'],
  extends: ['eslint:recommended', 'plugin:@typescript-eslint/recommended'],
  env: { node: true, es2022: true, mocha: true },
  ignorePatterns: ['dist/', 'node_modules/', '.tmp/', 'client/generated/', 'examples/'],
  rules: {
    '@typescript-eslint/no-explicit-any': 'error',
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    'no-console': 'off',
  },
  overrides: [
    { files: ['*.js'], rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-var-requires': 'off' } },
    {
      // The server: a long function says why in a comment and disables this rule for itself.
      files: ['server/**/*.ts'],
      rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
    },
    {
      // The browser client: Vue 2 single-file components with <script lang="ts">.
      files: ['client/**/*.ts', 'client/**/*.vue'],
      env: { browser: true, node: false, mocha: false },
      rules: {
        // A long function says why in a comment and disables this rule for itself.
        'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      },
    },
    {
      files: ['client/**/*.vue'],
      parser: 'vue-eslint-parser',
      parserOptions: { parser: '@typescript-eslint/parser', ecmaVersion: 2022, sourceType: 'module', extraFileExtensions: ['.vue'] },
      plugins: ['vue'],
      extends: ['plugin:vue/recommended'],
      rules: {
        // Layout is the formatter's (long lines, one-line elements, as in the rest of the tree);
        // these rules of plugin:vue/recommended only restate layout and would fight it.
        ...VUE_LAYOUT_OFF,
      },
    },
  ],
};
